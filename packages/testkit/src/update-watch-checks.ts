/**
 * Contract checks for Backend.update() and Backend.watch(). Updates go through core's
 * expandUpdate(), exactly as ContainerApi.update() does, so a backend is checked on the
 * spec it really receives. Which events are checked follows probe().capabilities.events;
 * an event missing there must be refused with UNIMPLEMENTED.
 */
import {
  ErrorCode,
  RESOURCE_SECTIONS,
  expandUpdate,
  type ContainerName,
  type ContainerSpec,
  type EventSpec,
  type EventType,
  type ResourceSection,
  type UpdatePolicy,
} from '@lmctfy/core';
import type { ContractCheck } from './checks';
import type { ContractContext } from './context';
import { expectLmctfyCode, isDead, sleep, withTimeout } from './helpers';

const MiB = 1024 * 1024;
/** A new value per exercised section, different from CONTRACT_LIMITS. */
const CHANGES: Record<string, ContainerSpec> = {
  memory: { memory: { limit: 128 * MiB } },
  pids: { pids: { max: 64 } },
  cpu: { cpu: { max: 1 } },
};
/** The field of each section that REPLACE must reset to 'max' when the section is given empty. */
const LIMIT_FIELD: Record<string, string> = { memory: 'limit', pids: 'max', cpu: 'max' };
const ALL_EVENTS: readonly EventType[] = ['oom', 'memory-threshold', 'empty'];

const eventSpec = (type: EventType): EventSpec =>
  type === 'memory-threshold' ? { type, bytes: 1024 * MiB } : { type };

async function update(ctx: ContractContext, name: ContainerName, spec: ContainerSpec, policy: UpdatePolicy): Promise<ContainerSpec> {
  await ctx.backend.update(name, expandUpdate(await ctx.backend.spec(name), spec, policy), policy);
  return ctx.backend.spec(name);
}

/** The limited spec of the exercised sections (as checks.ts's limitedSpec, which imports this file). */
function limits(ctx: ContractContext): { spec: ContainerSpec; sections: ResourceSection[] } {
  const spec: ContainerSpec = {};
  if (ctx.resources.includes('memory')) spec.memory = { limit: 64 * MiB };
  if (ctx.resources.includes('pids')) spec.pids = { max: 32 };
  if (ctx.resources.includes('cpu')) spec.cpu = { max: 0.5 };
  const sections = ctx.resources.filter((s) => spec[s] !== undefined);
  if (sections.length === 0) throw new Error('the update checks need one of memory, pids or cpu in probe().capabilities.resources');
  return { spec, sections };
}

/** The first event of a watch, as an iterator the check can keep using. */
function watchOf(ctx: ContractContext, name: ContainerName, type: EventType, signal?: AbortSignal): AsyncIterator<unknown> {
  return ctx.backend.watch(name, eventSpec(type), { signal })[Symbol.asyncIterator]();
}

export const updateWatchChecks: readonly ContractCheck[] = [
  {
    id: 'update-diff',
    title: 'update diff changes only the given field; spec() reads back the new value and every other one unchanged',
    async run(ctx) {
      const { spec, sections } = limits(ctx);
      const name = ctx.name();
      await ctx.backend.create(name, spec);
      const before = await ctx.backend.spec(name);
      const change = CHANGES[sections[0]];
      const after = await update(ctx, name, change, 'diff');
      const section = sections[0];
      expect(after).toEqual({ ...before, [section]: { ...before[section], ...change[section] } });
    },
  },
  {
    id: 'update-replace',
    title: 'update replace resets the unset limits of every isolated section to max',
    async run(ctx) {
      const { spec, sections } = limits(ctx);
      const name = ctx.name();
      await ctx.backend.create(name, spec);
      const before = await ctx.backend.spec(name);
      const replace: ContainerSpec = Object.fromEntries(RESOURCE_SECTIONS.filter((s) => before[s]).map((s) => [s, {}]));
      const after = await update(ctx, name, replace, 'replace');
      for (const s of sections) expect({ [s]: (after[s] as Record<string, unknown>)[LIMIT_FIELD[s]] }).toEqual({ [s]: 'max' });
    },
  },
  {
    id: 'watch-unsupported',
    title: 'watch of an event missing from capabilities.events fails with UNIMPLEMENTED (12); of a missing container, NOT_FOUND (5)',
    async run(ctx) {
      const name = ctx.name();
      for (const type of ctx.capabilities.events) {
        await expectLmctfyCode(watchOf(ctx, name, type).next(), ErrorCode.NotFound, `watch ${type} of missing ${name}`);
      }
      await ctx.backend.create(name, {});
      for (const type of ALL_EVENTS.filter((e) => !ctx.capabilities.events.includes(e))) {
        await expectLmctfyCode(watchOf(ctx, name, type).next(), ErrorCode.Unimplemented, `watch ${type}`);
      }
    },
  },
  {
    id: 'watch-empty',
    title: 'watch empty fires at once on an empty container, and when the last process of a busy one exits',
    async run(ctx) {
      const name = ctx.name();
      await ctx.backend.create(name, {});
      if (!ctx.capabilities.events.includes('empty')) {
        await expectLmctfyCode(watchOf(ctx, name, 'empty').next(), ErrorCode.Unimplemented, 'watch empty');
        return;
      }
      const idle = watchOf(ctx, name, 'empty');
      await expect(withTimeout(idle.next(), 5000, 'empty of an idle container')).resolves.toMatchObject({ done: false });
      await idle.return?.();
      const { pid } = await ctx.backend.run(name, { args: ['sleep', '0.5'] }, { mode: 'detached' });
      ctx.trackPid(pid);
      const busy = watchOf(ctx, name, 'empty');
      const event = await withTimeout(busy.next(), 10_000, 'empty after the last process exits');
      expect(event).toMatchObject({ done: false, value: { type: 'empty', container: String(name) } });
      expect(isDead(pid)).toBe(true);
      await busy.return?.();
    },
  },
  {
    id: 'watch-end',
    title: 'a watch ends quietly when its signal aborts, and with NOT_FOUND (5) when the container is destroyed',
    async run(ctx) {
      const type = ctx.capabilities.events[0];
      const name = ctx.name();
      await ctx.backend.create(name, type === 'empty' ? {} : limits(ctx).spec);
      if (type === undefined) {
        await expectLmctfyCode(watchOf(ctx, name, 'oom').next(), ErrorCode.Unimplemented, 'watch oom without events');
        return;
      }
      const abort = new AbortController();
      const aborted = watchOf(ctx, name, type, abort.signal);
      if (type === 'empty') await aborted.next();
      const pendingAbort = aborted.next();
      abort.abort();
      await expect(withTimeout(pendingAbort, 5000, 'the aborted watch')).resolves.toEqual({ done: true, value: undefined });
      const doomed = watchOf(ctx, name, type);
      if (type === 'empty') await doomed.next();
      const pending = doomed.next();
      await sleep(200);
      await ctx.backend.destroy(name, { force: true });
      await expectLmctfyCode(withTimeout(pending, 5000, 'the watch of a destroyed container'), ErrorCode.NotFound, 'watch after destroy');
    },
  },
];
