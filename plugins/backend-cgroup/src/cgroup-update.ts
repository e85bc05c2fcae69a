import type { ContainerName, ContainerSpec } from '@lmctfy/core';
import type { CgroupResources } from './cgroup-resources';

/**
 * Backend.update() for cgroups: completes the pairs of fields the kernel only takes
 * together from the current values, then applies the spec through the controllers (which
 * order their own writes: v1 memory raises memsw before the limit and lowers it after).
 *
 * - v1 memsw = limit + swap: a new limit keeps the container's swap allowance, and a new
 *   swap needs the limit it adds to. With an unlimited limit, memsw is unlimited too.
 * - cpu.max without a period keeps the current period instead of the default one.
 *
 * `spec` arrives expanded by core (REPLACE defaults filled in), so both policies apply alike.
 */
export function updateCgroups(resources: CgroupResources, name: ContainerName, spec: ContainerSpec): void {
  resources.require(name);
  const current = resources.readSpec(name);
  const out = structuredClone(spec);
  const m = out.memory;
  if (m && resources.driver.mode !== 'v2' && current.memory) {
    if (m.swap !== undefined && m.limit === undefined) m.limit = current.memory.limit;
    if (m.limit !== undefined && m.swap === undefined && current.memory.swap !== undefined) {
      m.swap = m.limit === 'max' ? 'max' : current.memory.swap;
    }
  }
  const c = out.cpu;
  if (c && c.max !== undefined && c.period === undefined && current.cpu?.period !== undefined) c.period = current.cpu.period;
  resources.apply(name, out);
}
