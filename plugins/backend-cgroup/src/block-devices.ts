import * as fs from 'node:fs';
import { fromSystemError, invalidArgument, unavailable } from '@lmctfy/core';
import type { BlkioDeviceSpec, IoDeviceStats } from '@lmctfy/core';
import type { CgroupFs } from './cgroup-fs';
import { errnoOf } from './wait';

export interface DeviceNumber {
  major: number;
  minor: number;
}

/** "MAJ:MIN" as the kernel writes and reads it in blkio / io files. */
export const deviceKey = (d: DeviceNumber): string => `${d.major}:${d.minor}`;

/**
 * major/minor from st_rdev, as glibc's gnu_dev_major/minor decode the 64-bit dev_t (12+32
 * bits of major, 20 bits of minor interleaved). Node's rdev is a double, exact below 2^53.
 */
export function splitRdev(rdev: number): DeviceNumber {
  const dev = BigInt(rdev);
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return { major: Number(major), minor: Number(minor) };
}

/** A spec's `MAJ:MIN` or `/dev/...` block device, resolved with stat(2). */
export function resolveBlockDevice(spec: string, field: string): DeviceNumber {
  const m = /^(\d+):(\d+)$/.exec(spec);
  if (m) return { major: Number(m[1]), minor: Number(m[2]) };
  let st: fs.Stats;
  try {
    st = fs.statSync(spec);
  } catch (e) {
    throw fromSystemError(e, `${field}: device ${spec}`);
  }
  // blkio and io only throttle block devices; a char device number would name another device.
  if (!st.isBlockDevice()) throw invalidArgument(`${field}: ${spec} is not a block device`);
  return splitRdev(st.rdev);
}

/** Splits a "MAJ:MIN rest" line of a blkio/io file; undefined for other lines ("Total 0"). */
export function parseDeviceLine(line: string): { device: DeviceNumber; rest: string[] } | undefined {
  const [key, ...rest] = line.trim().split(/\s+/);
  const m = /^(\d+):(\d+)$/.exec(key ?? '');
  return m ? { device: { major: Number(m[1]), minor: Number(m[2]) }, rest } : undefined;
}

/** Writes one "MAJ:MIN value" line, turning the kernel's device errnos into what went wrong. */
export function writeDeviceLine(io: CgroupFs, dir: string, file: string, line: string, field: string): void {
  try {
    io.write(dir, file, line);
  } catch (e) {
    const errno = errnoOf(e);
    const key = line.split(' ')[0];
    if (errno === 'ENODEV') throw invalidArgument(`${field}: no whole block device ${key} (${file} takes disks, not partitions)`, { cause: e });
    if (errno === 'EOPNOTSUPP' || errno === 'ENOENT') {
      throw unavailable(`${field}: ${file} cannot be set for device ${key} (per-device weights need the BFQ scheduler on the device)`, { cause: e });
    }
    throw e;
  }
}

/** Per-device specs read back from several files, keyed and sorted by device number. */
export class DeviceSpecTable {
  private readonly rows = new Map<string, BlkioDeviceSpec & DeviceNumber>();

  get(device: DeviceNumber): BlkioDeviceSpec {
    const key = deviceKey(device);
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = { device: key, ...device }));
    return row;
  }

  /** undefined when no device has anything set, so readSpec leaves `devices` out. */
  list(): BlkioDeviceSpec[] | undefined {
    if (this.rows.size === 0) return undefined;
    return [...this.rows.values()]
      .sort((a, b) => a.major - b.major || a.minor - b.minor)
      .map(({ major: _major, minor: _minor, ...spec }) => spec);
  }
}

/** IO stats per device, filled from several files, sorted by device number. */
export class IoStatsTable {
  private readonly rows = new Map<string, IoDeviceStats>();

  get(device: DeviceNumber): IoDeviceStats {
    const key = deviceKey(device);
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = { ...device, readBytes: 0, writeBytes: 0, readOps: 0, writeOps: 0 }));
    return row;
  }

  list(): IoDeviceStats[] {
    return [...this.rows.values()].sort((a, b) => a.major - b.major || a.minor - b.minor);
  }
}
