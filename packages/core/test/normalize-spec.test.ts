import { ErrorCode, normalizeSpec } from '../src';

function errorOf(input: unknown): { code: number; message: string } {
  try {
    normalizeSpec(input);
  } catch (e) {
    return e as { code: number; message: string };
  }
  throw new Error('expected normalizeSpec to throw');
}

describe('normalizeSpec', () => {
  it('converts units into the canonical spec', () => {
    expect(
      normalizeSpec({
        memory: { limit: '512M', swap: '1G', reservation: 'max' },
        cpu: { max: '500m', weight: '200', cpus: '0-1' },
        pids: { max: '64' },
      }),
    ).toEqual({
      memory: { limit: 536870912, swap: 1073741824, reservation: 'max' },
      cpu: { max: 0.5, weight: 200, cpus: '0-1' },
      pids: { max: 64 },
    });
  });

  it('keeps the OOM switches and the latency class, and canonicalises device rules', () => {
    expect(
      normalizeSpec({
        memory: { oomKillDisable: true, oomGroup: false },
        cpu: { latency: 'best-effort' },
        devices: [
          { allow: false, type: 'a', access: 'mwr' },
          { allow: true, type: 'c', major: 1, minor: 3, access: 'wr' },
          { allow: true, type: 'b', major: 7, access: 'r' },
        ],
      }),
    ).toEqual({
      memory: { oomKillDisable: true, oomGroup: false },
      cpu: { latency: 'best-effort' },
      devices: [
        { allow: false, type: 'a', major: '*', minor: '*', access: 'rwm' },
        { allow: true, type: 'c', major: 1, minor: 3, access: 'rw' },
        { allow: true, type: 'b', major: 7, minor: '*', access: 'r' },
      ],
    });
  });

  it('keeps present-but-empty sections: presence means isolation', () => {
    expect(normalizeSpec({ cpu: {}, memory: {} })).toEqual({ cpu: {}, memory: {} });
    expect(normalizeSpec({})).toEqual({});
  });

  it.each([
    [{ memory: { lmit: '5M' } }, 'memory: unknown field "lmit"'],
    [{ bogus: 1 }, 'spec: unknown field "bogus"'],
    [{ memory: { limit: '12Q' } }, 'memory.limit: invalid size "12Q"'],
    [{ memory: { limit: true } }, 'memory.limit: must be integer,string (got true)'],
    [{ cpu: { weight: 1, shares: 2 } }, 'either cpu.weight or cpu.shares'],
    [{ cpu: { weight: 0 } }, 'cpu.weight: invalid value 0 (expected a whole number from 1 to 10000)'],
    [{ cpu: { cpus: '0-a' } }, 'cpu.cpus: must match pattern'],
    [{ devices: [{ allow: true, type: 'x', access: 'r' }] }, 'devices[0].type: must be equal to one of the allowed values'],
    [{ devices: [{ allow: true, type: 'c', access: 'rr' }] }, 'devices[0].access'],
    [{ devices: [{ allow: false, type: 'a', major: 1, access: 'rwm' }] }, 'devices[0]: a type "a" rule covers every device'],
    [{ devices: [{ allow: false, type: 'a', access: 'r' }] }, 'write it as "a *:* rwm"'],
    [{ cpu: { latency: 'premier' } }, 'cpu.latency: must be equal to one of the allowed values'],
    [{ memory: { oomGroup: 'yes' } }, 'memory.oomGroup: must be boolean'],
    [{ process: { args: [] } }, 'process.args: give the command to run'],
    [{ namespaces: { hostname: '-bad' } }, 'namespaces.hostname'],
    ['not an object', 'spec: must be object'],
  ])('rejects %j with INVALID_ARGUMENT: %s', (input, message) => {
    const e = errorOf(input);
    expect(e.code).toBe(ErrorCode.InvalidArgument);
    expect(e.message).toContain(message);
  });
});
