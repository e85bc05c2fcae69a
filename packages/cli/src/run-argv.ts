/**
 * Pure helpers for `lmctfy run NAME [--] CMD...`: where lmctfy's own flags end and the
 * payload's command starts, and lmctfy's single-string rule.
 */

/** A flag as the splitter needs to know it: does it take a value? */
export interface FlagShape {
  char?: string;
  type: 'boolean' | 'option';
}

export interface SplitArgv {
  /** lmctfy's flags and NAME, to hand to the oclif parser. */
  head: string[];
  /** The payload's argv (may be empty). */
  command: string[];
}

/**
 * The command starts at the first word after NAME that is not one of lmctfy's flags (or
 * right after a `--` that comes before it): `run c -d -- ls -l`, `run c -d ls -l` and
 * `run c sh -c 'x'` all keep the payload's flags (lmctfy read `-l` as its own option).
 */
export function splitRunArgv(argv: readonly string[], flags: Record<string, FlagShape>): SplitArgv {
  const takesValue = new Set<string>();
  for (const [name, f] of Object.entries(flags)) {
    if (f.type !== 'option') continue;
    takesValue.add(`--${name}`);
    if (f.char) takesValue.add(`-${f.char}`);
  }
  let sawName = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') return { head: argv.slice(0, i), command: argv.slice(i + 1) };
    if (word.startsWith('-') && word !== '-') {
      if (takesValue.has(word)) i++; // `--cwd DIR`; `--cwd=DIR` and `-cFILE` are one word
      continue;
    }
    if (sawName) return { head: argv.slice(0, i), command: argv.slice(i) };
    sawName = true;
  }
  return { head: [...argv], command: [] };
}

/** As in lmctfy: one argument containing a space is a shell command line. */
export function commandArgs(words: readonly string[]): string[] {
  if (words.length === 1 && words[0].includes(' ')) return ['/bin/sh', '-c', words[0]];
  return [...words];
}
