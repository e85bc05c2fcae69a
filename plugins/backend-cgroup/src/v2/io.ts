import { unavailable } from '@lmctfy/core';
import type { BlkioDeviceSpec, ContainerSpec, ContainerStats } from '@lmctfy/core';
import { DeviceSpecTable, IoStatsTable, deviceKey, parseDeviceLine, resolveBlockDevice, writeDeviceLine } from '../block-devices';
import type { CgroupFs } from '../cgroup-fs';
import type { Controller } from '../controller';
import { ioWeightToV1, v1WeightToIo } from '../conversions';
import { V2 } from '../kernel-files';

/** Spec field -> io.max key. */
const LIMITS = [
  ['readBps', 'rbps'],
  ['writeBps', 'wbps'],
  ['readIops', 'riops'],
  ['writeIops', 'wiops'],
] as const;

/**
 * The weight file and the scale it takes: io.bfq.weight (1..1000, the v1 scale) when BFQ is
 * loaded, as runc and crun prefer, else io.weight (1..10000, the spec's scale).
 */
interface WeightFile {
  file: string;
  toKernel(weight: number): number;
  fromKernel(weight: number): number;
}

function weightFile(io: CgroupFs, dir: string): WeightFile | undefined {
  if (io.exists(dir, V2.ioBfqWeight)) return { file: V2.ioBfqWeight, toKernel: ioWeightToV1, fromKernel: v1WeightToIo };
  if (io.exists(dir, V2.ioWeight)) return { file: V2.ioWeight, toKernel: (w) => w, fromKernel: (w) => w };
  return undefined;
}

const needWeight = (io: CgroupFs, dir: string, field: string): WeightFile => {
  const w = weightFile(io, dir);
  if (!w) throw unavailable(`${field}: the io controller has no weight file here (neither ${V2.ioBfqWeight} nor ${V2.ioWeight})`);
  return w;
};

/** Parses "key=value" words ("rbps=1048576 wbps=max"). */
const keyValues = (words: string[]): Record<string, string> => Object.fromEntries(words.map((w) => w.split('=', 2)));

/** The blkio section on v2; the controller is called io, and blkio's files are io.*. */
export const ioController: Controller = {
  name: 'io',
  section: 'blkio',
  isSet: (spec) => spec.blkio !== undefined,

  apply(io: CgroupFs, dir: string, spec: ContainerSpec): void {
    const b = spec.blkio;
    if (!b) return;
    if (b.weight !== undefined) {
      const w = needWeight(io, dir, 'blkio.weight');
      io.write(dir, w.file, `default ${w.toKernel(b.weight)}`);
    }
    (b.devices ?? []).forEach((d: BlkioDeviceSpec, i: number) => {
      const at = `blkio.devices[${i}]`;
      const key = deviceKey(resolveBlockDevice(d.device, `${at}.device`));
      if (d.weight !== undefined) {
        const w = needWeight(io, dir, `${at}.weight`);
        writeDeviceLine(io, dir, w.file, `${key} ${w.toKernel(d.weight)}`, `${at}.weight`);
      }
      const limits = LIMITS.filter(([field]) => d[field] !== undefined).map(([field, k]) => `${k}=${d[field]}`);
      if (limits.length > 0) writeDeviceLine(io, dir, V2.ioMax, `${key} ${limits.join(' ')}`, at);
    });
  },

  stats(io: CgroupFs, dir: string, into: ContainerStats): void {
    if (!io.exists(dir, V2.ioStat)) return;
    const table = new IoStatsTable();
    for (const line of io.readLines(dir, V2.ioStat)) {
      const p = parseDeviceLine(line);
      if (!p) continue;
      const kv = keyValues(p.rest);
      Object.assign(table.get(p.device), {
        readBytes: Number(kv.rbytes ?? 0),
        writeBytes: Number(kv.wbytes ?? 0),
        readOps: Number(kv.rios ?? 0),
        writeOps: Number(kv.wios ?? 0),
      });
    }
    into.io = { devices: table.list() };
  },

  readSpec(io: CgroupFs, dir: string, into: ContainerSpec): void {
    if (!io.exists(dir, V2.ioMax)) return;
    const table = new DeviceSpecTable();
    for (const line of io.readLines(dir, V2.ioMax)) {
      const p = parseDeviceLine(line);
      if (!p) continue;
      const kv = keyValues(p.rest);
      for (const [field, k] of LIMITS) if (kv[k] !== undefined && kv[k] !== 'max') table.get(p.device)[field] = Number(kv[k]);
    }
    const w = weightFile(io, dir);
    let weight: number | undefined;
    for (const line of w ? io.readLines(dir, w.file) : []) {
      const [key, value] = line.trim().split(/\s+/);
      const p = parseDeviceLine(line);
      if (key === 'default') weight = w?.fromKernel(Number(value));
      else if (p && w) table.get(p.device).weight = w.fromKernel(Number(p.rest[0]));
    }
    const devices = table.list();
    into.blkio = { ...(weight === undefined ? {} : { weight }), ...(devices ? { devices } : {}) };
  },
};
