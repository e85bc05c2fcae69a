/**
 * The few bpf(2) commands a cgroup v2 device policy needs, through koffi (Node has no bpf
 * binding). Each attr is a zeroed buffer laid out as union bpf_attr in linux/bpf.h; pointer
 * fields hold the address of a Buffer that stays referenced until the call returns.
 */
import * as fs from 'node:fs';
import { constants } from 'node:os';
import { LmctfyError, fromSystemError } from '@lmctfy/core';

type Koffi = typeof import('koffi');

const SYS_BPF = 321; // x86_64
const CMD = { progLoad: 5, progAttach: 8, progDetach: 9, progGetFdById: 13, objGetInfoByFd: 15, progQuery: 16 } as const;
const BPF_PROG_TYPE_CGROUP_DEVICE = 15;
const BPF_CGROUP_DEVICE = 6;
const BPF_F_ALLOW_MULTI = 2;
const ATTR_SIZE = 128;
const LOG_SIZE = 64 * 1024;
const MAX_PROGS = 64;
/** struct bpf_prog_info up to and including name[16]. */
const PROG_INFO_SIZE = 80;

/** Program name the kernel keeps (≤ 15 chars): how lmctfy recognises its own programs. */
export const PROGRAM_NAME = 'lmctfy_dev';

interface Bpf {
  koffi: Koffi;
  syscall: (...args: unknown[]) => number | bigint;
}

let bpf: Bpf | undefined;

function load(): Bpf {
  if (bpf) return bpf;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const koffi = require('koffi') as Koffi;
  bpf = { koffi, syscall: koffi.load('libc.so.6').func('long syscall(long number, ...)') };
  return bpf;
}

function call(cmd: number, attr: Buffer, what: string): number {
  const { koffi, syscall } = load();
  const r = Number(syscall(SYS_BPF, 'int', cmd, 'void *', attr, 'uint32_t', attr.length));
  if (r >= 0) return r;
  const errno = koffi.errno();
  const code = Object.entries(constants.errno).find(([, n]) => n === errno)?.[0] ?? `errno ${errno}`;
  throw fromSystemError(Object.assign(new Error(code), { code }), `bpf(${what})`);
}

/** The address of a Buffer's memory; every caller holds the Buffer until its call returns. */
const addr = (b: Buffer): bigint => load().koffi.address(b);

/** Loads a device program; a verifier refusal carries the verifier log in the message. */
export function loadDeviceProgram(insns: Buffer): number {
  const attr = Buffer.alloc(ATTR_SIZE);
  const license = Buffer.from('Apache-2.0\0');
  const log = Buffer.alloc(LOG_SIZE);
  attr.writeUInt32LE(BPF_PROG_TYPE_CGROUP_DEVICE, 0);
  attr.writeUInt32LE(insns.length / 8, 4);
  attr.writeBigUInt64LE(addr(insns), 8);
  attr.writeBigUInt64LE(addr(license), 16);
  attr.writeUInt32LE(1, 24); // log_level
  attr.writeUInt32LE(LOG_SIZE, 28);
  attr.writeBigUInt64LE(addr(log), 32);
  attr.write(PROGRAM_NAME, 48, 'latin1');
  attr.writeUInt32LE(BPF_CGROUP_DEVICE, 68); // expected_attach_type
  try {
    return call(CMD.progLoad, attr, 'BPF_PROG_LOAD');
  } catch (e) {
    const verifier = log.toString('latin1', 0, Math.max(0, log.indexOf(0))).trim();
    if (!verifier) throw e;
    throw new LmctfyError((e as LmctfyError).code, `${(e as Error).message}; verifier: ${verifier}`, { cause: e });
  }
}

const cgroupAttr = (cgroupFd: number, progFd: number, flags: number): Buffer => {
  const attr = Buffer.alloc(ATTR_SIZE);
  attr.writeUInt32LE(cgroupFd, 0);
  attr.writeUInt32LE(progFd, 4);
  attr.writeUInt32LE(BPF_CGROUP_DEVICE, 8);
  attr.writeUInt32LE(flags, 12);
  return attr;
};

export const attachDeviceProgram = (cgroupFd: number, progFd: number): void => {
  call(CMD.progAttach, cgroupAttr(cgroupFd, progFd, BPF_F_ALLOW_MULTI), 'BPF_PROG_ATTACH');
};

export const detachDeviceProgram = (cgroupFd: number, progFd: number): void => {
  call(CMD.progDetach, cgroupAttr(cgroupFd, progFd, 0), 'BPF_PROG_DETACH');
};

/** Ids of the device programs attached to this cgroup itself (not inherited ones). */
export function attachedDevicePrograms(cgroupFd: number): number[] {
  const attr = Buffer.alloc(ATTR_SIZE);
  const ids = Buffer.alloc(MAX_PROGS * 4);
  attr.writeUInt32LE(cgroupFd, 0);
  attr.writeUInt32LE(BPF_CGROUP_DEVICE, 4);
  attr.writeBigUInt64LE(addr(ids), 16);
  attr.writeUInt32LE(MAX_PROGS, 24);
  call(CMD.progQuery, attr, 'BPF_PROG_QUERY');
  const count = attr.readUInt32LE(24);
  return Array.from({ length: count }, (_, i) => ids.readUInt32LE(i * 4));
}

export function programFdById(id: number): number {
  const attr = Buffer.alloc(ATTR_SIZE);
  attr.writeUInt32LE(id, 0);
  return call(CMD.progGetFdById, attr, 'BPF_PROG_GET_FD_BY_ID');
}

/** The program's name and its instructions as the kernel holds them (the xlated dump). */
export function programInfo(progFd: number): { name: string; insns: Buffer } {
  const info = Buffer.alloc(PROG_INFO_SIZE);
  const insns = Buffer.alloc(LOG_SIZE);
  info.writeUInt32LE(insns.length, 20); // xlated_prog_len
  info.writeBigUInt64LE(addr(insns), 32); // xlated_prog_insns
  const attr = Buffer.alloc(ATTR_SIZE);
  attr.writeUInt32LE(progFd, 0);
  attr.writeUInt32LE(PROG_INFO_SIZE, 4);
  attr.writeBigUInt64LE(addr(info), 8);
  call(CMD.objGetInfoByFd, attr, 'BPF_OBJ_GET_INFO_BY_FD');
  const name = info.toString('latin1', 64, 80).replace(/\0.*$/s, '');
  return { name, insns: insns.subarray(0, info.readUInt32LE(20)) };
}

/** Opens a cgroup directory for attach/query (O_RDONLY | O_DIRECTORY). */
export function openCgroup(dir: string): number {
  try {
    return fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
  } catch (e) {
    throw fromSystemError(e, `open ${dir}`);
  }
}
