import { givenResourceFlags, parseEnv, processSpecInput, specFromFlags } from './spec-from-flags';

describe('specFromFlags', () => {
  it('maps every resource flag to its spec field, keeping the text for core to parse', () => {
    expect(
      specFromFlags({
        memory: '512M',
        'memory-reservation': '256M',
        swap: '1G',
        'memory-high': '400M',
        cpu: '500m',
        'cpu-weight': '200',
        cpuset: '0-3',
        'cpuset-mems': '0',
        pids: '100',
      }),
    ).toEqual({
      memory: { limit: '512M', reservation: '256M', swap: '1G', high: '400M' },
      cpu: { max: '500m', weight: '200', cpus: '0-3', mems: '0' },
      pids: { max: '100' },
    });
    expect(specFromFlags({ 'cpu-shares': '512' })).toEqual({ cpu: { shares: '512' } });
  });

  it('creates no section for flags that were not given (so a spec file keeps its values)', () => {
    expect(specFromFlags({})).toEqual({});
    expect(specFromFlags({ pids: 'max' })).toEqual({ pids: { max: 'max' } });
  });

  it('lists the given resource flags', () => {
    expect(givenResourceFlags({ memory: '1G', cpuset: '0' })).toEqual(['memory', 'cpuset']);
    expect(givenResourceFlags({})).toEqual([]);
  });
});

describe('parseEnv', () => {
  it('parses KEY=VALUE, keeping later "=" in the value; last one wins', () => {
    expect(parseEnv(['A=1', 'B=x=y', 'A=2', 'EMPTY='])).toEqual({ A: '2', B: 'x=y', EMPTY: '' });
    expect(parseEnv([])).toBeUndefined();
    expect(parseEnv(undefined)).toBeUndefined();
  });

  it.each(['NOEQUALS', '=value'])('refuses %p with code 3', (pair) => {
    expect(() => parseEnv([pair])).toThrow(expect.objectContaining({ code: 3 }));
  });
});

describe('processSpecInput', () => {
  const file = { args: ['/bin/job'], env: { A: '1', B: '1' }, cwd: '/srv' };

  it('keeps the file process when no flag is given', () => {
    expect(processSpecInput(file, { args: [] })).toEqual(file);
  });

  it('overrides args and cwd, and adds env over the file env', () => {
    expect(processSpecInput(file, { args: ['echo', 'hi'], cwd: '/tmp', env: { B: '2', C: '3' } })).toEqual({
      args: ['echo', 'hi'],
      cwd: '/tmp',
      env: { A: '1', B: '2', C: '3' },
    });
  });

  it('works without a file process', () => {
    expect(processSpecInput(undefined, { args: ['true'] })).toEqual({ args: ['true'] });
  });
});
