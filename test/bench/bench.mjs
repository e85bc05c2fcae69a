#!/usr/bin/env node
// lmctfy launch-cost benchmark (run as root after `npm run build`):
//   npm run bench [-- --rounds N]
//
// Per round, interleaved (the order rotates every round, since the machine is noisy):
//   shell   the raw floor: ONE `sh -c` that mkdirs the container cgroup in the v1
//           hierarchies lmctfy's cgroup backend uses here (memory, cpu, cpuacct, pids,
//           freezer; one mkdir and one rmdir process for all five), writes memory.limit_in_bytes=64M and pids.max=64, runs
//           `sh -c 'echo $$ > <each>/cgroup.procs; exec true'`, then rmdirs them all.
//   library in-process @lmctfy/core (built dist): api.create(name, {memory:{limit:'64M'},
//           pids:{max:64}}) → api.run(name, {args:['true']}, {mode:'foreground'}) →
//           api.destroy(name, {force:true}).
//   node    `node -e 0` (the floor of any Node CLI).
//   cli     `node packages/cli/bin/lmctfy.js run --rm NAME --memory 64M --pids 64 -- true`.
// Prints median and p90 per variant, and the ratios library/shell (target <= 1.5) and
// cli/node (target <= 1.4). No assertions: it reports. Cleans up its cgroups and state
// directories at exit, also on failure or Ctrl-C.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = path.join(root, 'packages', 'cli', 'bin', 'lmctfy.js');
const MOUNT = '/sys/fs/cgroup';
const SHELL_CONTROLLERS = ['memory', 'cpu', 'cpuacct', 'pids', 'freezer'];

function parseArgs(argv) {
  const out = { rounds: 30, warmup: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const take = () => {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a}: expected a whole number, got ${v}`);
      return n;
    };
    if (a.startsWith('--rounds')) out.rounds = Math.max(1, take());
    else if (a.startsWith('--warmup')) out.warmup = take();
    else if (a === '--help' || a === '-h') {
      console.log('usage: node test/bench/bench.mjs [--rounds N (30)] [--warmup N (3)]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

const opts = parseArgs(process.argv.slice(2));
if (process.getuid?.() !== 0) {
  console.error('bench: must run as root (it creates cgroups)');
  process.exit(1);
}
for (const f of [CLI, path.join(root, 'packages', 'cli', 'dist', 'index.js'), path.join(root, 'packages', 'core', 'dist', 'index.js')]) {
  if (!existsSync(f)) {
    console.error(`bench: ${path.relative(root, f)} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}
for (const c of SHELL_CONTROLLERS) {
  if (!existsSync(path.join(MOUNT, c, 'cgroup.procs'))) {
    console.error(`bench: the shell floor needs the v1 ${c} hierarchy at ${MOUNT}/${c} (hybrid/v1 host)`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------- setup & cleanup
const tag = `lmctfy-bench-${process.pid}`;
const work = mkdtempSync(path.join(tmpdir(), `${tag}-`));
const roots = { shell: `${tag}-sh`, library: `${tag}-lib`, cli: `${tag}-cli` };
const libState = path.join(work, 'state-lib');
const cliState = path.join(work, 'state-cli');
const cliConfig = path.join(work, 'lmctfy.json');
writeFileSync(cliConfig, JSON.stringify({ cgroupRoot: roots.cli, stateDir: cliState }));

function hierarchies() {
  return readdirSync(MOUNT)
    .map((d) => path.join(MOUNT, d))
    .filter((d) => {
      try {
        return statSync(d).isDirectory() && existsSync(path.join(d, 'cgroup.procs'));
      } catch {
        return false;
      }
    });
}

/** Removes <hierarchy>/<root> (deepest first) everywhere, killing leftover tasks. Sync: runs in 'exit'. */
function removeRoot(cgroupRoot) {
  const left = [];
  for (const h of hierarchies()) {
    const top = path.join(h, cgroupRoot);
    if (!existsSync(top)) continue;
    const dirs = [];
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(path.join(d, e.name));
      dirs.push(d);
    };
    walk(top);
    for (const d of dirs) {
      try {
        writeFileSync(path.join(d, 'freezer.state'), 'THAWED');
      } catch {}
      try {
        for (const pid of readFileSync(path.join(d, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {}
        }
      } catch {}
    }
    for (const d of dirs) {
      let ok = false;
      for (let i = 0; i < 200 && !ok; i++) {
        try {
          rmdirSync(d);
          ok = true;
        } catch (e) {
          if (e.code === 'ENOENT') ok = true;
          else spawnSync('sleep', ['0.01']);
        }
      }
      if (!ok) left.push(d);
    }
  }
  return left;
}

let cleanedUp = false;
function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  const left = Object.values(roots).flatMap(removeRoot);
  rmSync(work, { recursive: true, force: true });
  if (left.length) console.error(`bench: could not remove: ${left.join(', ')}`);
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    cleanup();
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}

// ---------------------------------------------------------------- variants
for (const c of SHELL_CONTROLLERS) mkdirSync(path.join(MOUNT, c, roots.shell), { recursive: true });

const SHELL_SCRIPT = `
set -e
d=$1
mkdir ${SHELL_CONTROLLERS.map((c) => `/sys/fs/cgroup/${c}/$d`).join(' ')}
echo 67108864 > /sys/fs/cgroup/memory/$d/memory.limit_in_bytes
echo 64 > /sys/fs/cgroup/pids/$d/pids.max
sh -c 'for c in ${SHELL_CONTROLLERS.join(' ')}; do echo $$ > /sys/fs/cgroup/$c/'"$d"'/cgroup.procs; done; exec true'
rmdir ${SHELL_CONTROLLERS.map((c) => `/sys/fs/cgroup/${c}/$d`).join(' ')}
`;

function check(what, r) {
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what}: exit ${r.status ?? r.signal}\n${r.stderr ?? ''}`);
}

const requireFromRoot = createRequire(path.join(root, 'package.json'));
const { ContainerApi } = requireFromRoot('@lmctfy/core');
const api = await ContainerApi.open({ overrides: { cgroupRoot: roots.library, stateDir: libState } });

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

const variants = {
  shell: async (round) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('/bin/sh', ['-c', SHELL_SCRIPT, 'bench', `${roots.shell}/r${round}`], { encoding: 'utf8' });
    const t = ms(t0);
    check('shell floor', r);
    return t;
  },
  library: async (round) => {
    const name = `r${round}`;
    const t0 = process.hrtime.bigint();
    await api.create(name, { memory: { limit: '64M' }, pids: { max: 64 } });
    const res = await api.run(name, { args: ['true'] }, { mode: 'foreground' });
    await api.destroy(name, { force: true });
    const t = ms(t0);
    if (res.exitCode !== 0) throw new Error(`library: true exited ${res.exitCode ?? res.signal}`);
    return t;
  },
  node: async () => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['-e', '0']);
    const t = ms(t0);
    check('node -e 0', r);
    return t;
  },
  cli: async (round) => {
    const env = { ...process.env, LMCTFY_CONFIG: cliConfig };
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI, 'run', '--rm', `r${round}`, '--memory', '64M', '--pids', '64', '--', 'true'], {
      env,
      encoding: 'utf8',
      cwd: work,
    });
    const t = ms(t0);
    check('cli run --rm', r);
    return t;
  },
};

// ================================================================ namespace backend vs crun
// Appended variants (same interleaved rounds as the rest):
//   ns-library  ContainerApi with --backend namespace on a busybox rootfs: create (pid, mount,
//               uts, ipc, net, cgroup namespaces + pivot_root) → run /bin/true → destroy.
//   ns-job      the same job in one step: ContainerApi.runOnce, the payload itself the
//               container's PID 1 (the launcher's run mode), as crun runs it.
//   crun        `crun run` of an OCI bundle over the same rootfs (Debian crun 1.8), skipped
//               with a reason when crun is not installed. crun refuses this hybrid host, so
//               it runs from a helper in a private mount namespace where
//               /sys/fs/cgroup/unified is unmounted (machine-facts.md); the helper times
//               each `crun run` itself, so the workaround costs crun nothing per round.
const nsTag = `${tag}-ns`;
const nsState = path.join(tmpdir(), `${nsTag}-state`);
const nsRootfs = path.join(work, 'bundle', 'rootfs');
roots.ns = nsTag;
roots.crun = `${tag}-crun`;
const BUSYBOX = '/bin/busybox';
const nsExtras = { label: {}, ratios: [] };
/** Kills any init a failed round left (each ends its pid namespace), then drops the state. */
function nsCleanup() {
  try {
    for (const f of readdirSync(path.join(nsState, 'namespace'))) {
      try {
        process.kill(JSON.parse(readFileSync(path.join(nsState, 'namespace', f), 'utf8')).pid, 'SIGKILL');
      } catch {}
    }
  } catch {}
  rmSync(nsState, { recursive: true, force: true });
}
process.prependListener('exit', nsCleanup);
if (!existsSync(BUSYBOX)) {
  console.log(`namespace variants skipped: ${BUSYBOX} is missing (install busybox-static)`);
} else {
  mkdirSync(path.join(nsRootfs, 'bin'), { recursive: true });
  spawnSync('cp', [BUSYBOX, path.join(nsRootfs, 'bin', 'busybox')]);
  for (const applet of ['sh', 'true']) spawnSync('ln', ['-s', 'busybox', path.join(nsRootfs, 'bin', applet)]);
  const nsApi = await ContainerApi.open({ overrides: { cgroupRoot: roots.ns, stateDir: nsState } });
  const probe = (await nsApi.backends()).find((b) => b.name === 'namespace');
  if (probe?.status !== 'available') {
    console.log(`namespace variants skipped: backend namespace is ${probe?.status ?? 'not installed'}${probe?.reason ? ` (${probe.reason})` : ''}`);
  } else {
    variants['ns-library'] = async (round) => {
      const name = `n${round}`;
      const t0 = process.hrtime.bigint();
      await nsApi.create(name, { namespaces: { rootfs: nsRootfs } }, { backend: 'namespace' });
      const res = await nsApi.run(name, { args: ['/bin/true'] }, { mode: 'foreground' });
      await nsApi.destroy(name, { force: true });
      const t = ms(t0);
      if (res.exitCode !== 0) throw new Error(`ns-library: /bin/true exited ${res.exitCode ?? res.signal}`);
      return t;
    };
    nsExtras.label['ns-library'] = 'library, namespace backend (create → run /bin/true → destroy)';
    variants['ns-job'] = async (round) => {
      const t0 = process.hrtime.bigint();
      const res = await nsApi.runOnce(`j${round}`, { namespaces: { rootfs: nsRootfs }, process: { args: ['/bin/true'] } }, { backend: 'namespace' });
      const t = ms(t0);
      if (res.exitCode !== 0) throw new Error(`ns-job: /bin/true exited ${res.exitCode ?? res.signal}`);
      return t;
    };
    nsExtras.label['ns-job'] = 'namespace job (runOnce)';
    const crun = spawnSync('sh', ['-c', 'command -v crun'], { encoding: 'utf8' }).stdout.trim();
    if (!crun) {
      console.log('crun variant skipped: crun is not installed (apt-get install crun)');
    } else {
      const bundle = path.dirname(nsRootfs);
      check('crun spec', spawnSync(crun, ['spec'], { cwd: bundle, encoding: 'utf8' }));
      const config = JSON.parse(readFileSync(path.join(bundle, 'config.json'), 'utf8'));
      config.root = { path: nsRootfs, readonly: false };
      config.process.args = ['/bin/true'];
      config.process.terminal = false;
      config.linux.cgroupsPath = `/${roots.crun}`;
      writeFileSync(path.join(bundle, 'config.json'), JSON.stringify(config, null, 2));
      const runner = `
        const { spawnSync } = require('node:child_process');
        const rl = require('node:readline').createInterface({ input: process.stdin });
        rl.on('line', (id) => {
          const t0 = process.hrtime.bigint();
          const r = spawnSync(${JSON.stringify(crun)}, ['run', '--bundle', ${JSON.stringify(bundle)}, id], { encoding: 'utf8' });
          const t = Number(process.hrtime.bigint() - t0) / 1e6;
          process.stdout.write(JSON.stringify({ t, status: r.status, stderr: r.stderr }) + '\\n');
        });`;
      const { spawn } = await import('node:child_process');
      const helper = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'umount /sys/fs/cgroup/unified 2>/dev/null; exec "$0" -e "$1"', process.execPath, runner], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const replies = (await import('node:readline')).createInterface({ input: helper.stdout });
      const pending = [];
      replies.on('line', (l) => pending.shift()?.(JSON.parse(l)));
      process.on('exit', () => helper.kill('SIGKILL'));
      // The helper must not keep the bench alive once the rounds are done: ref only while waiting.
      for (const h of [helper, helper.stdin, helper.stdout]) h.unref();
      variants.crun = async (round) => {
        helper.stdout.ref();
        const reply = await new Promise((resolve) => {
          pending.push(resolve);
          helper.stdin.write(`lmctfy-bench-${process.pid}-${round}\n`);
        });
        helper.stdout.unref();
        if (reply.status !== 0) throw new Error(`crun run: exit ${reply.status}\n${reply.stderr}`);
        return reply.t;
      };
      nsExtras.label.crun = `crun run (${spawnSync(crun, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]}), same rootfs, /bin/true`;
      nsExtras.ratios.push(['ns-library', 'crun', 1.0, 'ratio namespace library / crun run (medians)']);
      nsExtras.ratios.push(['ns-job', 'crun', 1.0, 'ratio namespace job (runOnce) / crun run (medians)']);
    }
  }
}
// ================================================================ end of namespace section

// ---------------------------------------------------------------- run
const names = Object.keys(variants);
const samples = Object.fromEntries(names.map((n) => [n, []]));
const total = opts.warmup + opts.rounds;
console.log(`lmctfy bench: ${opts.rounds} rounds (+${opts.warmup} warm-up), variants interleaved, order rotating each round`);
console.log(`shell floor hierarchies: ${SHELL_CONTROLLERS.join(', ')} (the ones the cgroup backend joins on this host)`);
try {
  for (let round = 0; round < total; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const n of order) {
      const t = await variants[n](round);
      if (round >= opts.warmup) samples[n].push(t);
    }
    if (process.stdout.isTTY) process.stdout.write(`\r  round ${round + 1}/${total}`);
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
} catch (e) {
  console.error(`bench failed: ${e.message}`);
  cleanup();
  process.exit(1);
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const label = {
  shell: 'shell floor (sh: mkdir 5 cgroups, 64M, join+exec true, rmdir)',
  library: 'library (ContainerApi create → run true → destroy)',
  node: 'node -e 0',
  cli: 'CLI (lmctfy run --rm NAME --memory 64M --pids 64 -- true)',
};
Object.assign(label, nsExtras.label); // namespace section
const med = {};
console.log('');
console.log(`${'variant'.padEnd(64)} ${'median ms'.padStart(10)} ${'p90 ms'.padStart(10)}`);
for (const n of names) {
  med[n] = quantile(samples[n], 0.5);
  console.log(`${label[n].padEnd(64)} ${med[n].toFixed(2).padStart(10)} ${quantile(samples[n], 0.9).toFixed(2).padStart(10)}`);
}
const ratio = (a, b, target, what) => {
  const r = med[a] / med[b];
  console.log(`${what.padEnd(64)} ${r.toFixed(2).padStart(10)}   target <= ${target}  ${r <= target ? 'MET' : 'NOT MET'}`);
};
console.log('');
ratio('library', 'shell', 1.5, 'ratio library / shell floor (medians)');
ratio('cli', 'node', 1.4, 'ratio CLI / node -e 0 (medians)');
for (const args of nsExtras.ratios) ratio(...args); // namespace section
cleanup();
