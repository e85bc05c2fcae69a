import { flush, run, settings } from '@oclif/core';
import path from 'node:path';
import { ReportedError, reportError, wantsJson } from './cli-error';

/** The package root (dist/.. at runtime, src/.. under jest): oclif reads package.json there. */
const root = path.resolve(__dirname, '..');

/**
 * Runs the CLI and resolves with the exit code; bin/lmctfy.js exits with it. Errors inside
 * a command were already reported by LmctfyCommand.catch; anything else (unknown command,
 * a config/plugin load failure before the command ran) is reported here.
 */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  // Never look for ts-node/tsx, even when NODE_ENV=test|development (e.g. under jest).
  settings.enableAutoTranspile = false;
  try {
    await run(argv, root);
    await flush();
    return typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof ReportedError) return err.exitCode;
    return reportError(err, wantsJson(argv));
  }
}
