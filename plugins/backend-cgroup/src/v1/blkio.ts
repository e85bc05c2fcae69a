import { unavailable } from '@lmctfy/core';
import type { BlkioDeviceSpec, ContainerSpec, ContainerStats } from '@lmctfy/core';
import { DeviceSpecTable, IoStatsTable, deviceKey, parseDeviceLine, resolveBlockDevice, writeDeviceLine } from '../block-devices';
import type { CgroupFs } from '../cgroup-fs';
import type { Controller } from '../controller';
import { ioWeightToV1, v1WeightToIo } from '../conversions';
import { V1 } from '../kernel-files';

/** Spec field -> v1 throttle file; v1 removes a throttle when 0 is written. */
const THROTTLES = [
  ['readBps', V1.throttleReadBps],
  ['writeBps', V1.throttleWriteBps],
  ['readIops', V1.throttleReadIops],
  ['writeIops', V1.throttleWriteIops],
] as const;

/** CFQ's files, or BFQ's on kernels without CFQ (5.0+); both take 10..1000 (BFQ 1..1000). */
function weightFiles(io: CgroupFs, dir: string): { weight: string; device: string } | undefined {
  if (io.exists(dir, V1.blkioWeight)) return { weight: V1.blkioWeight, device: V1.blkioWeightDevice };
  if (io.exists(dir, V1.blkioBfqWeight)) return { weight: V1.blkioBfqWeight, device: V1.blkioBfqWeightDevice };
  return undefined;
}

const needWeights = (io: CgroupFs, dir: string, field: string): { weight: string; device: string } => {
  const files = weightFiles(io, dir);
  if (!files) throw unavailable(`${field}: the blkio controller has no weight file here (neither CFQ's ${V1.blkioWeight} nor BFQ's ${V1.blkioBfqWeight})`);
  return files;
};

export const blkio: Controller = {
  name: 'blkio',
  section: 'blkio',
  isSet: (spec) => spec.blkio !== undefined,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    const b = spec.blkio;
    if (!b) return;
    if (b.weight !== undefined) io.write(dir, needWeights(io, dir, 'blkio.weight').weight, ioWeightToV1(b.weight));
    (b.devices ?? []).forEach((d: BlkioDeviceSpec, i: number) => {
      const at = `blkio.devices[${i}]`;
      const key = deviceKey(resolveBlockDevice(d.device, `${at}.device`));
      if (d.weight !== undefined) {
        writeDeviceLine(io, dir, needWeights(io, dir, `${at}.weight`).device, `${key} ${ioWeightToV1(d.weight)}`, `${at}.weight`);
      }
      for (const [field, file] of THROTTLES) {
        const v = d[field];
        if (v !== undefined) writeDeviceLine(io, dir, file, `${key} ${v === 'max' ? 0 : v}`, `${at}.${field}`);
      }
    });
  },

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    // The throttle layer counts every bio whatever the scheduler (CFQ/BFQ counters need theirs).
    const table = new IoStatsTable();
    const fill = (file: string, read: 'readBytes' | 'readOps', write: 'writeBytes' | 'writeOps'): void => {
      for (const line of io.readLines(dir, file)) {
        const p = parseDeviceLine(line);
        if (p?.rest[0] === 'Read') table.get(p.device)[read] = Number(p.rest[1]);
        if (p?.rest[0] === 'Write') table.get(p.device)[write] = Number(p.rest[1]);
      }
    };
    fill(V1.throttleServiceBytes, 'readBytes', 'writeBytes');
    fill(V1.throttleServiced, 'readOps', 'writeOps');
    into.io = { devices: table.list() };
  },

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    const table = new DeviceSpecTable();
    const files = weightFiles(io, dir);
    for (const [field, file] of THROTTLES) {
      for (const line of io.readLines(dir, file)) {
        const p = parseDeviceLine(line);
        if (p) table.get(p.device)[field] = Number(p.rest[0]);
      }
    }
    if (files) {
      for (const line of io.readLines(dir, files.device)) {
        const p = parseDeviceLine(line);
        if (p) table.get(p.device).weight = v1WeightToIo(Number(p.rest[0]));
      }
    }
    const devices = table.list();
    into.blkio = {
      ...(files ? { weight: v1WeightToIo(Number(io.read(dir, files.weight).replace(/^default\s+/, ''))) } : {}),
      ...(devices ? { devices } : {}),
    };
  },
};
