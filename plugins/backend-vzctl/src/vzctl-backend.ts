import { ContainerName, LmctfyConfig, alreadyExists, failedPrecondition, inject, injectable, notFound, unimplemented } from '@lmctfy/core';
import type {
  Backend,
  ContainerEvent,
  ContainerSpec,
  ContainerStats,
  DestroyOptions,
  EventSpec,
  ListOptions,
  ProbeResult,
  ProcessSpec,
  RunOptions,
  RunResult,
  UpdatePolicy,
} from '@lmctfy/core';
import { CommandRunner } from './command-runner';
import { MAX_CTID, MIN_CTID, createArgs, setArgs, vzName } from './vzctl-args';
import { vzctlError } from './vzctl-errors';
import { VzHost } from './vz-host';
import type { VzCt } from './vz-host';
import { readVzOptions } from './vz-options';
import type { VzOptions } from './vz-options';
import { probeVz } from './vz-probe';
import { READBACK_FIELDS, specFromVzlist, statsFromVzlist } from './vz-readback';
import { VzRun } from './vz-run';

/** How often create retries with the next CTID when a concurrent create took the one it picked. */
const CTID_ATTEMPTS = 5;

/**
 * lmctfy on OpenVZ: each top-level container is an OpenVZ container (CT) created, configured
 * and driven with vzctl 4.x. The CT's vzctl `--name` is the lmctfy name, so vzlist is the
 * only record of which CTID belongs to which container (no state of our own).
 */
@injectable()
export class VzctlBackend implements Backend {
  readonly name = 'vzctl';
  private cached?: { options: VzOptions; host: VzHost; runs: VzRun };

  constructor(
    @inject(LmctfyConfig) private readonly config: LmctfyConfig,
    @inject(CommandRunner) private readonly runner: CommandRunner,
  ) {}

  /** Options are read on first use, so a bad `backends.vzctl` only breaks this backend. */
  private get vz(): { options: VzOptions; host: VzHost; runs: VzRun } {
    if (!this.cached) {
      const options = readVzOptions(this.config);
      const host = new VzHost(this.runner, options);
      this.cached = { options, host, runs: new VzRun(this.runner, host, options) };
    }
    return this.cached;
  }

  async probe(): Promise<ProbeResult> {
    try {
      return probeVz(this.vz.options);
    } catch (e) {
      return { available: false, reason: (e as Error).message };
    }
  }

  async create(name: ContainerName, spec: ContainerSpec): Promise<void> {
    if (!name.parent.isRoot && !(await this.exists(name.parent))) throw notFound(`parent container ${name.parent} does not exist`);
    const vzname = vzName(name.components);
    const settings = setArgs(spec); // refuses what vzctl cannot express before anything is made
    const { options, host } = this.vz;
    if (!options.ostemplate) {
      throw failedPrecondition('backends.vzctl.ostemplate is not set: vzctl create needs an OS template', {
        hint: 'set backends.vzctl.ostemplate in the lmctfy config, e.g. "centos-7-x86_64"',
      });
    }
    if (host.ctidByName(vzname) !== undefined) throw alreadyExists(`container ${name} already exists`);
    const ctid = await this.createCt(vzname, options);
    try {
      if (settings.length) await this.vzctl('configure', ['set', String(ctid), ...settings, '--save']);
      await this.vzctl('start', ['start', String(ctid)]);
    } catch (e) {
      await this.vzctl('undo', ['stop', String(ctid)]).catch(() => undefined);
      await this.vzctl('undo', ['destroy', String(ctid)]).catch(() => undefined);
      throw e;
    }
  }

  /** `vzctl create` at the lowest free CTID, moving on if a concurrent create took it (exit 44). */
  private async createCt(vzname: string, options: VzOptions): Promise<number> {
    const tried = new Set<number>();
    for (let attempt = 1; ; attempt++) {
      const ctid = await this.vz.host.freeCtid(MIN_CTID, MAX_CTID, tried);
      const r = await this.runner.run(options.vzctl, createArgs(ctid, vzname, options.ostemplate as string, options.config));
      if (r.exitCode === 0) return ctid;
      if (r.exitCode !== 44 || attempt >= CTID_ATTEMPTS) throw vzctlError(`create ${vzname}`, r);
      tried.add(ctid);
    }
  }

  async destroy(name: ContainerName, options: DestroyOptions = {}): Promise<void> {
    const ct = await this.inspect(name);
    if (!options.force) {
      const pids = await this.vz.host.pidsIn(ct.ctid); // only the refusal needs them
      if (pids.length > 0) throw failedPrecondition(`container ${name} has ${pids.length} process(es); use force to kill them`);
    }
    // A suspended CT's processes only die once restored: resume it so stop can kill them.
    if (ct.status === 'suspended') await this.vzctl('resume', ['resume', String(ct.ctid)]);
    await this.vzctl('destroy', ['stop', String(ct.ctid)]); // exit 0 when it is not running
    await this.vzctl('destroy', ['destroy', String(ct.ctid)]);
  }

  async run(name: ContainerName, process: ProcessSpec, options: RunOptions): Promise<RunResult> {
    const ct = await this.require(name); // vzctl exec2 itself refuses a CT that is not running (31)
    if (options.mode === 'exec') return this.vz.runs.exec(ct.ctid, process);
    return this.vz.runs.run(ct.ctid, process, { ...options, mode: options.mode });
  }

  async enter(name: ContainerName, _pids: number[]): Promise<void> {
    await this.require(name);
    throw unimplemented(
      'enter: vzctl cannot move existing processes into an OpenVZ container (vzctl enter only starts a new shell inside it)',
      { hint: 'use `lmctfy run NAME -- CMD` (vzctl exec2), or `vzctl enter CTID` for an interactive shell' },
    );
  }

  async listContainers(name: ContainerName, _options?: ListOptions): Promise<ContainerName[]> {
    await this.require(name);
    return []; // OpenVZ containers are flat: there are never children
  }

  async listPids(name: ContainerName, _options?: ListOptions): Promise<number[]> {
    const ct = await this.require(name);
    return this.vz.host.pidsIn(ct.ctid);
  }

  async stats(name: ContainerName): Promise<ContainerStats> {
    const ct = await this.inspect(name, READBACK_FIELDS);
    const { host } = this.vz;
    return statsFromVzlist(ct, await host.pidsIn(ct.ctid), (pid) => host.cpuTicks(pid));
  }

  async spec(name: ContainerName): Promise<ContainerSpec> {
    return specFromVzlist(await this.inspect(name, READBACK_FIELDS));
  }

  async pause(name: ContainerName): Promise<void> {
    const ct = await this.inspect(name);
    if (ct.status !== 'suspended') await this.vzctl('pause', ['suspend', String(ct.ctid)]);
  }

  async resume(name: ContainerName): Promise<void> {
    const ct = await this.inspect(name);
    if (ct.status === 'suspended') await this.vzctl('resume', ['resume', String(ct.ctid)]);
  }

  /** Kills everything by stopping the CT (`--fast`: no graceful halt) and starting it again. */
  async killAll(name: ContainerName): Promise<void> {
    const ct = await this.inspect(name);
    if (ct.status === 'suspended') await this.vzctl('killall', ['resume', String(ct.ctid)]);
    await this.vzctl('killall', ['stop', String(ct.ctid), '--fast']);
    await this.vzctl('killall', ['start', String(ct.ctid)]);
    const left = await this.vz.host.pidsIn(ct.ctid);
    if (left.length) throw failedPrecondition(`container ${name}: processes ${left.join(' ')} survived`);
  }

  async detect(pid: number): Promise<ContainerName> {
    const ctid = (await this.vz.host.ctidsOf([pid])).get(pid);
    if (ctid === undefined) throw notFound(`no process ${pid}`);
    if (ctid === 0) return ContainerName.root;
    const ct = await this.vz.host.get(ctid, []);
    try {
      return ct?.name ? ContainerName.parse(ct.name) : ContainerName.root;
    } catch {
      return ContainerName.root; // a CT lmctfy did not make
    }
  }

  async exists(name: ContainerName): Promise<boolean> {
    if (name.isRoot || name.components.length > 1) return false;
    return this.vz.host.ctidByName(name.basename) !== undefined;
  }

  /**
   * `vzctl set CTID … --save` with the create mapping: it applies to the running CT and
   * persists. Both policies look the same here: a 'replace' spec arrives with defaults filled in.
   */
  async update(name: ContainerName, spec: ContainerSpec, _policy: UpdatePolicy): Promise<void> {
    const ct = await this.require(name);
    const settings = setArgs(spec);
    if (settings.length) await this.vzctl('update', ['set', String(ct.ctid), ...settings, '--save']);
  }

  /** vzctl has no event notifications (probe() lists none): NOT_FOUND first, else UNIMPLEMENTED. */
  async *watch(name: ContainerName, event: EventSpec): AsyncGenerator<ContainerEvent> {
    await this.require(name);
    throw unimplemented(`${event.type}: vzctl cannot notify about this event (the vzctl backend watches no events)`);
  }

  /** The CTID of a container, or NOT_FOUND (no process started: vzctl's names/ record). */
  private async require(name: ContainerName): Promise<{ ctid: number }> {
    const ctid = name.components.length === 1 ? this.vz.host.ctidByName(name.basename) : undefined;
    if (ctid === undefined) throw notFound(`container ${name} does not exist`);
    return { ctid };
  }

  /** The container's CT as vzlist shows it (status, and the given fields), or NOT_FOUND. */
  private async inspect(name: ContainerName, fields: readonly string[] = ['status']): Promise<VzCt> {
    const ct = await this.vz.host.get((await this.require(name)).ctid, fields);
    if (!ct) throw notFound(`container ${name} does not exist`);
    return ct;
  }

  private async vzctl(what: string, args: string[]): Promise<void> {
    const r = await this.runner.run(this.vz.options.vzctl, args);
    if (r.exitCode !== 0) throw vzctlError(`${what} (vzctl ${args.join(' ')})`, r);
  }
}
