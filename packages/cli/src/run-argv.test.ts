import { commandArgs, splitRunArgv, type FlagShape } from './run-argv';

const flags: Record<string, FlagShape> = {
  detach: { char: 'd', type: 'boolean' },
  rm: { type: 'boolean' },
  json: { type: 'boolean' },
  env: { type: 'option' },
  cwd: { type: 'option' },
  spec: { char: 'c', type: 'option' },
  memory: { type: 'option' },
};

describe('splitRunArgv', () => {
  it.each([
    [['c', '--', 'ls', '-l'], ['c'], ['ls', '-l']],
    [['-d', 'c', '--', 'sleep', '5'], ['-d', 'c'], ['sleep', '5']],
    [['c', '-d', '--', 'sleep', '5'], ['c', '-d'], ['sleep', '5']],
    [['c', 'ls', '-l'], ['c'], ['ls', '-l']],
    [['c', '-d', 'ls', '-l'], ['c', '-d'], ['ls', '-l']],
    [['c', 'sh', '-c', 'echo hi'], ['c'], ['sh', '-c', 'echo hi']],
    [['c', 'ls', '--', '-l'], ['c'], ['ls', '--', '-l']],
    [['--env', 'A=1', 'c', '--cwd', '/tmp', 'pwd'], ['--env', 'A=1', 'c', '--cwd', '/tmp'], ['pwd']],
    [['--rm', '-c', 'spec.json', 'job'], ['--rm', '-c', 'spec.json', 'job'], []],
    [['--memory=64M', 'c', '--json', '--', 'env'], ['--memory=64M', 'c', '--json'], ['env']],
    [['c'], ['c'], []],
    [['c', '--'], ['c'], []],
    [['--', 'c', 'ls'], [], ['c', 'ls']],
  ])('%j → head %j, command %j', (argv, head, command) => {
    expect(splitRunArgv(argv, flags)).toEqual({ head, command });
  });

  it('leaves a flag it does not know in the head, for the parser to refuse', () => {
    expect(splitRunArgv(['--bogus', 'c', 'ls'], flags)).toEqual({ head: ['--bogus', 'c'], command: ['ls'] });
  });
});

describe('commandArgs (lmctfy: one argument with a space runs via /bin/sh -c)', () => {
  it('wraps a single argument containing a space', () => {
    expect(commandArgs(['echo hi && exit 3'])).toEqual(['/bin/sh', '-c', 'echo hi && exit 3']);
  });

  it('leaves everything else alone', () => {
    expect(commandArgs(['ls'])).toEqual(['ls']);
    expect(commandArgs(['echo', 'a b'])).toEqual(['echo', 'a b']);
    expect(commandArgs(['a\tb'])).toEqual(['a\tb']);
    expect(commandArgs([])).toEqual([]);
  });
});
