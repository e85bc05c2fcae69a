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

  it('maps the OOM switches, latency class and blkio weight', () => {
    expect(specFromFlags({ 'oom-kill-disable': true, 'oom-group': false, 'cpu-latency': 'best-effort', 'blkio-weight': '500' })).toEqual({
      memory: { oomKillDisable: true, oomGroup: false },
      cpu: { latency: 'best-effort' },
      blkio: { weight: '500' },
    });
  });

  it('merges the per-device flags into one blkio.devices entry per device (MAJ:MIN or /dev path)', () => {
    expect(
      specFromFlags({
        'device-read-bps': ['/dev/loop0:1M', '8:0:10M'],
        'device-write-iops': ['8:0:100'],
        'blkio-weight-device': ['/dev/loop0:200'],
      }),
    ).toEqual({
      blkio: {
        devices: [
          { device: '/dev/loop0', weight: '200', readBps: '1M' },
          { device: '8:0', readBps: '10M', writeIops: '100' },
        ],
      },
    });
  });

  it('maps --hugetlb SIZE:LIMIT and device rules, denies before allows', () => {
    expect(specFromFlags({ hugetlb: ['2MB:1G'], 'device-allow': ['c 1:3 rwm', 'b 8:* r'], 'device-deny': ['a'] })).toEqual({
      hugetlb: [{ pageSize: '2MB', limit: '1G' }],
      devices: [
        { allow: false, type: 'a', access: 'rwm' },
        { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
        { allow: true, type: 'b', major: 8, minor: '*', access: 'r' },
      ],
    });
  });

  it.each([
    [{ 'device-read-bps': ['/dev/sda'] }, '--device-read-bps "/dev/sda": expected DEV:VALUE'],
    [{ hugetlb: ['2MB'] }, '--hugetlb "2MB": expected SIZE:LIMIT'],
    [{ 'device-allow': ['x 1:3 rwm'] }, "--device-allow \"x 1:3 rwm\": expected TYPE MAJ:MIN ACCESS"],
  ])('refuses malformed list flags with code 3: %j', (flags, message) => {
    expect(() => specFromFlags(flags)).toThrow(expect.objectContaining({ code: 3, message: expect.stringContaining(message) }));
  });

  it('creates no section for flags that were not given (so a spec file keeps its values)', () => {
    expect(specFromFlags({})).toEqual({});
    expect(specFromFlags({ pids: 'max' })).toEqual({ pids: { max: 'max' } });
  });

  it('lists the given resource flags', () => {
    expect(givenResourceFlags({ memory: '1G', cpuset: '0' })).toEqual(['memory', 'cpuset']);
    expect(givenResourceFlags({ 'oom-group': false, hugetlb: ['2MB:1G'], 'device-allow': [] })).toEqual(['oom-group', 'hugetlb']);
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
