/**
 * The BPF_PROG_TYPE_CGROUP_DEVICE program for a device policy, laid out like runc's
 * devicefilter so the kernel's xlated dump reads back as the same rules:
 *
 *   prelude   r2 = ctx->access_type & 0xffff   device type (BPF_DEVCG_DEV_BLOCK 1, CHAR 2)
 *             r3 = ctx->access_type >> 16      access (MKNOD 1, READ 2, WRITE 4)
 *             r4 = ctx->major; r5 = ctx->minor
 *   per rule  if r2 != TYPE goto next                          (rule type b or c)
 *             w1 = w3; w1 &= ACCESS; if r1 != r3 goto next     (unless the rule has rwm)
 *             if r4 != MAJOR goto next; if r5 != MINOR goto next  (unless '*')
 *             r0 = ALLOW; exit
 *   default   r0 = DEFAULT; exit
 *
 * Rules are emitted last first, so the last matching rule decides (see device-rules.ts).
 * Instructions are struct bpf_insn: u8 code, u8 dst:4|src:4, s16 off, s32 imm (little-endian).
 */
import { internal } from '@lmctfy/core';
import type { DeviceRule } from '@lmctfy/core';
import type { DevicePolicy } from './device-rules';

export const INSN_SIZE = 8;

/** Opcodes used (linux/bpf.h class | op | source). */
const OP = {
  ldxw: 0x61, // BPF_LDX | BPF_MEM | BPF_W
  and32: 0x54, // BPF_ALU | BPF_AND | BPF_K
  rsh32: 0x74, // BPF_ALU | BPF_RSH | BPF_K
  mov32Reg: 0xbc, // BPF_ALU | BPF_MOV | BPF_X
  mov64Imm: 0xb7, // BPF_ALU64 | BPF_MOV | BPF_K
  jneImm: 0x55, // BPF_JMP | BPF_JNE | BPF_K
  jneReg: 0x5d, // BPF_JMP | BPF_JNE | BPF_X
  exit: 0x95, // BPF_JMP | BPF_EXIT
} as const;

const TYPE_CODES: Record<'b' | 'c', number> = { b: 1, c: 2 };
const ACCESS_BITS: Record<string, number> = { m: 1, r: 2, w: 4 };
const ALL_ACCESS = 7;

interface Insn {
  code: number;
  dst: number;
  src: number;
  off: number;
  imm: number;
}

const insn = (code: number, dst: number, src: number, off: number, imm: number): Insn => ({ code, dst, src, off, imm });

const PRELUDE: Insn[] = [
  insn(OP.ldxw, 2, 1, 0, 0),
  insn(OP.and32, 2, 0, 0, 0xffff),
  insn(OP.ldxw, 3, 1, 0, 0),
  insn(OP.rsh32, 3, 0, 0, 16),
  insn(OP.ldxw, 4, 1, 4, 0),
  insn(OP.ldxw, 5, 1, 8, 0),
];

const accessBits = (access: string): number => [...access].reduce((bits, a) => bits | ACCESS_BITS[a], 0);

/** One rule's block; `off` of each jump is patched to the end of the block. */
function ruleBlock(r: DeviceRule): Insn[] {
  const checks: Insn[][] = [];
  if (r.type !== 'a') checks.push([insn(OP.jneImm, 2, 0, 0, TYPE_CODES[r.type])]);
  const bits = accessBits(r.access);
  if (bits !== ALL_ACCESS) checks.push([insn(OP.mov32Reg, 1, 3, 0, 0), insn(OP.and32, 1, 0, 0, bits), insn(OP.jneReg, 1, 3, 0, 0)]);
  if (r.major !== undefined && r.major !== '*') checks.push([insn(OP.jneImm, 4, 0, 0, r.major)]);
  if (r.minor !== undefined && r.minor !== '*') checks.push([insn(OP.jneImm, 5, 0, 0, r.minor)]);
  const block = [...checks.flat(), insn(OP.mov64Imm, 0, 0, 0, r.allow ? 1 : 0), insn(OP.exit, 0, 0, 0, 0)];
  block.forEach((i, at) => {
    if (i.code === OP.jneImm || i.code === OP.jneReg) i.off = block.length - at - 1;
  });
  return block;
}

export function assembleDeviceFilter(policy: DevicePolicy): Buffer {
  const insns = [...PRELUDE, ...[...policy.rules].reverse().flatMap(ruleBlock), insn(OP.mov64Imm, 0, 0, 0, policy.defaultAllow ? 1 : 0), insn(OP.exit, 0, 0, 0, 0)];
  const buf = Buffer.alloc(insns.length * INSN_SIZE);
  insns.forEach((i, n) => {
    buf.writeUInt8(i.code, n * INSN_SIZE);
    buf.writeUInt8((i.src << 4) | i.dst, n * INSN_SIZE + 1);
    buf.writeInt16LE(i.off, n * INSN_SIZE + 2);
    buf.writeInt32LE(i.imm, n * INSN_SIZE + 4);
  });
  return buf;
}

/** Reads a program made by assembleDeviceFilter back into its policy (from the xlated dump). */
export function disassembleDeviceFilter(buf: Buffer): DevicePolicy {
  const insns: Insn[] = [];
  for (let n = 0; n + INSN_SIZE <= buf.length; n += INSN_SIZE) {
    const regs = buf.readUInt8(n + 1);
    insns.push(insn(buf.readUInt8(n), regs & 0xf, regs >> 4, buf.readInt16LE(n + 2), buf.readInt32LE(n + 4)));
  }
  const fail = (why: string): never => {
    throw internal(`the device program attached to this cgroup is not one lmctfy made (${why})`);
  };
  const same = (a: Insn, b: Insn): boolean => a.code === b.code && a.dst === b.dst && a.src === b.src && a.off === b.off && a.imm === b.imm;
  if (!PRELUDE.every((p, i) => insns[i] && same(p, insns[i]))) fail('unexpected prelude');
  const rules: DeviceRule[] = [];
  let rule: DeviceRule = { allow: true, type: 'a', major: '*', minor: '*', access: 'rwm' };
  for (const i of insns.slice(PRELUDE.length)) {
    if (i.code === OP.jneImm && i.dst === 2) rule.type = i.imm === TYPE_CODES.b ? 'b' : 'c';
    else if (i.code === OP.and32 && i.dst === 1) rule.access = ['r', 'w', 'm'].filter((a) => i.imm & ACCESS_BITS[a]).join('');
    else if (i.code === OP.jneImm && i.dst === 4) rule.major = i.imm;
    else if (i.code === OP.jneImm && i.dst === 5) rule.minor = i.imm;
    else if (i.code === OP.mov64Imm && i.dst === 0) rule.allow = i.imm === 1;
    else if (i.code === OP.exit) {
      rules.push(rule);
      rule = { allow: true, type: 'a', major: '*', minor: '*', access: 'rwm' };
    } else if (!(i.code === OP.mov32Reg || i.code === OP.jneReg)) fail(`opcode 0x${i.code.toString(16)}`);
  }
  const last = rules.pop();
  if (last?.type !== 'a' || rules.some((r) => r.type === 'a')) fail('no default action');
  return { defaultAllow: (last as DeviceRule).allow, rules: rules.reverse() };
}
