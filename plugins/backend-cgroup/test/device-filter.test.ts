import type { DeviceRule } from '@lmctfy/core';
import { assembleDeviceFilter, disassembleDeviceFilter } from '../src/devices/device-filter';
import { devicePolicy, policyRules } from '../src/devices/device-rules';

const rule = (allow: boolean, type: DeviceRule['type'], major: number | '*', minor: number | '*', access: string): DeviceRule => ({ allow, type, major, minor, access });
const hex = (b: Buffer): string[] => Array.from({ length: b.length / 8 }, (_, i) => b.subarray(i * 8, i * 8 + 8).toString('hex'));

describe('device rule policy', () => {
  it('starts from allow-all, lets an "a" rule reset it, and keeps the rules after the last reset', () => {
    expect(devicePolicy([])).toEqual({ defaultAllow: true, rules: [] });
    const policy = devicePolicy([rule(true, 'c', 1, 5, 'r'), rule(false, 'a', '*', '*', 'rwm'), rule(true, 'c', 1, 3, 'rwm')]);
    expect(policy).toEqual({ defaultAllow: false, rules: [rule(true, 'c', 1, 3, 'rwm')] });
    expect(policyRules(policy)).toEqual([rule(false, 'a', '*', '*', 'rwm'), rule(true, 'c', 1, 3, 'rwm')]);
  });
});

describe('BPF_PROG_TYPE_CGROUP_DEVICE assembler', () => {
  it('emits the runc-style prelude, one block per rule (last rule first) and the default', () => {
    const insns = assembleDeviceFilter(devicePolicy([rule(false, 'a', '*', '*', 'rwm'), rule(true, 'c', 1, 3, 'rwm'), rule(true, 'b', 7, '*', 'r')]));
    expect(hex(insns)).toEqual([
      // prelude: r2 = type, r3 = access, r4 = major, r5 = minor
      '6112000000000000', // ldxw r2, [r1+0]
      '54020000ffff0000', // and32 r2, 0xffff
      '6113000000000000', // ldxw r3, [r1+0]
      '7403000010000000', // rsh32 r3, 16
      '6114040000000000', // ldxw r4, [r1+4]
      '6115080000000000', // ldxw r5, [r1+8]
      // b 7:* r -> allow
      '5502060001000000', // if r2 != 1 (block) goto +6 (the next block)
      'bc31000000000000', // w1 = w3
      '5401000002000000', // w1 &= 2 (read)
      '5d31030000000000', // if r1 != r3 goto +3 (dst r1, src r3)
      '5504020007000000', // if r4 != 7 goto +2
      'b700000001000000', // r0 = 1
      '9500000000000000', // exit
      // c 1:3 rwm -> allow
      '5502040002000000', // if r2 != 2 (char) goto +4
      '5504030001000000', // if r4 != 1 goto +3
      '5505020003000000', // if r5 != 3 goto +2
      'b700000001000000', // r0 = 1
      '9500000000000000', // exit
      // default deny
      'b700000000000000',
      '9500000000000000',
    ]);
  });

  it('reads its own programs back to the same policy', () => {
    const policies = [
      devicePolicy([]),
      devicePolicy([rule(false, 'a', '*', '*', 'rwm'), rule(true, 'c', 1, 3, 'rwm'), rule(true, 'c', 1, 5, 'r'), rule(false, 'c', 1, 5, 'w')]),
      devicePolicy([rule(false, 'b', '*', '*', 'm'), rule(true, 'c', 136, '*', 'rw')]),
    ];
    for (const p of policies) expect(disassembleDeviceFilter(assembleDeviceFilter(p))).toEqual(p);
  });

  it('refuses a program it did not make', () => {
    expect(() => disassembleDeviceFilter(Buffer.from('9500000000000000', 'hex'))).toThrow(/not one lmctfy made/);
  });
});
