import type { Hook } from '@oclif/core';
import { CliError, EXIT } from '../cli-error';

/**
 * lmctfy's rule: an unknown command exits 5 (NOT_FOUND). oclif joins every leading word
 * into the id (`frob batch1` → `frob:batch1`), so name only known topics plus one word.
 * Bundled as its own entry: it loads nothing else.
 */
const commandNotFound: Hook<'command_not_found'> = async function ({ id, config }) {
  const words = id.split(':');
  let n = 1;
  while (n < words.length && config.findTopic(words.slice(0, n).join(':'))) n++;
  throw new CliError(EXIT.notFound, `unknown command ${words.slice(0, n).join(' ')}; see ${config.bin} --help`);
};

export default commandNotFound;
