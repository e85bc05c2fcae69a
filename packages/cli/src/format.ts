/** Pure text formatting for human output (JSON output never goes through here). */
import type { ContainerStats, Limit, MemoryStats } from '@lmctfy/core';

export type FormatBytes = (value: Limit) => string;

const UNITS: Array<[string, number]> = [['T', 2 ** 40], ['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10]];

/** Exact units when they fit (core's formatBytes: 512M), else one decimal (12.3M). */
export function readableBytes(value: Limit, formatBytes: FormatBytes): string {
  const exact = formatBytes(value);
  if (value === 'max' || exact !== String(value)) return exact;
  const unit = UNITS.find(([, mul]) => value >= mul);
  return unit ? `${(value / unit[1]).toFixed(1)}${unit[0]}` : `${value}B`;
}

const seconds = (ns: number): string => `${(ns / 1e9).toFixed(3)}s`;

/** memory.stat breakdown rows (--full): sizes, then the fault counts. */
function breakdownRows(m: NonNullable<MemoryStats['breakdown']>, b: (v: Limit) => string): string[][] {
  const { pgfault, pgmajfault, ...sizes } = m;
  const kebab = (k: string): string => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return [
    ['', ...Object.entries(sizes).map(([k, v]) => `${kebab(k)} ${b(v)}`)],
    ['', `pgfault ${pgfault}`, `pgmajfault ${pgmajfault}`],
  ];
}

/** A compact block, one line per isolated resource (plus detail lines for --full stats). */
export function formatStats(stats: ContainerStats, formatBytes: FormatBytes): string[] {
  const b = (v: Limit): string => readableBytes(v, formatBytes);
  const rows: string[][] = [];
  if (stats.memory) {
    const m = stats.memory;
    rows.push([
      'memory',
      `usage ${b(m.usage)}`,
      ...(m.maxUsage !== undefined ? [`peak ${b(m.maxUsage)}`] : []),
      `limit ${b(m.limit)}`,
      ...(m.workingSet !== undefined ? [`working-set ${b(m.workingSet)}`] : []),
      `failcnt ${m.failCount}`,
      `oom-kills ${m.oomKills}`,
    ]);
    if (m.breakdown) rows.push(...breakdownRows(m.breakdown, b));
  }
  if (stats.cpu) {
    const { usage, throttling: t } = stats.cpu;
    rows.push([
      'cpu',
      `total ${seconds(usage.total)}`,
      `user ${seconds(usage.user)}`,
      `system ${seconds(usage.system)}`,
      `throttled ${t.throttledPeriods}/${t.periods} periods (${seconds(t.throttledTime)})`,
    ]);
  }
  if (stats.pids) rows.push(['pids', `current ${stats.pids.current}`, `limit ${stats.pids.limit}`]);
  for (const h of stats.hugetlb ?? []) {
    rows.push([`hugetlb`, h.pageSize, `usage ${b(h.usage)}`, `limit ${b(h.limit)}`, `failcnt ${h.failCount}`]);
  }
  if (stats.io?.devices.length === 0) rows.push(['io', 'no IO yet']);
  for (const d of stats.io?.devices ?? []) {
    rows.push(['io', `${d.major}:${d.minor}`, `read ${b(d.readBytes)} in ${d.readOps} ops`, `write ${b(d.writeBytes)} in ${d.writeOps} ops`]);
  }
  if (rows.length === 0) return ['(no resources isolated)'];
  return rows.map(([head, ...rest]) => `${head.padEnd(8)}${rest.join('  ')}`);
}

/** Left-aligned columns separated by two spaces; the first row is the header. */
export function formatTable(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}
