/**
 * The README's quick start and the everyday commands, driven through the built CLI.
 */
import { requireRoot, spawnOwned } from '@lmctfy/testkit';
import { E2eEnv, cgroupPaths, isDead, show } from '../helpers/run-cli';

let env: E2eEnv;

beforeAll(() => {
  requireRoot();
  env = E2eEnv.create('quick');
});

afterAll(async () => {
  await env?.cleanup();
});

async function waitDead(pid: number, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (isDead(pid)) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return isDead(pid);
}

describe('quick start', () => {
  it('create batch1 → run shows its cgroups → stats --json → destroy', () => {
    const created = env.cli(['create', 'batch1', '--memory', '512M', '--cpu', '0.5', '--pids', '64']);
    expect(created.status).toBe(0);
    expect(env.records()).toEqual(['/batch1']);

    const run = env.cli(['run', 'batch1', '--', 'sh', '-c', 'cat /proc/self/cgroup']);
    expect(run.status).toBe(0);
    const paths = cgroupPaths(run.stdout);
    for (const ctrl of ['memory', 'cpu', 'pids']) {
      expect(`${ctrl}:${paths.get(ctrl)}`).toBe(`${ctrl}:/${env.cgroupRoot}/batch1`);
    }

    const stats = env.cli(['stats', 'batch1', '--json']);
    expect(stats.status).toBe(0);
    const parsed = JSON.parse(stats.stdout);
    expect(parsed.memory.limit).toBe(536870912);
    expect(typeof parsed.memory.usage).toBe('number');
    expect(typeof parsed.memory.failCount).toBe('number');
    expect(typeof parsed.memory.oomKills).toBe('number');
    expect(typeof parsed.cpu.usage.total).toBe('number');
    expect(parsed.cpu.throttling).toBeDefined();
    expect(parsed.pids).toEqual({ current: 0, limit: 64 });

    const spec = env.cli(['spec', 'batch1', '--json']);
    expect(spec.status).toBe(0);
    const s = JSON.parse(spec.stdout);
    expect(s.memory.limit).toBe(536870912);
    expect(s.cpu.max).toBeCloseTo(0.5, 3);
    expect(s.pids.max).toBe(64);

    const listed = env.cli(['list', 'containers']);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/\/batch1\b/);

    const destroyed = env.cli(['destroy', 'batch1']);
    expect(destroyed.status).toBe(0);
    expect(env.records()).toEqual([]);
    expect(env.cgroups()).toEqual([]);
  });

  it('--help exits 0 and lists the commands', () => {
    const r = env.cli(['--help']);
    expect(r.status).toBe(0);
    for (const cmd of ['create', 'destroy', 'run', 'enter', 'list', 'stats', 'spec', 'detect', 'pause', 'resume', 'killall', 'backends']) {
      expect(r.stdout).toMatch(new RegExp(`\\b${cmd}\\b`));
    }
  });
});

describe('run', () => {
  beforeAll(() => {
    expect(env.cli(['create', 'runner', '--memory', '64M']).status).toBe(0);
  });
  afterAll(() => {
    env.cli(['destroy', '--force', 'runner']);
  });

  it('passes the exit code through (exit 42)', () => {
    const r = env.cli(['run', 'runner', '--', 'sh', '-c', 'exit 42']);
    expect(r.status).toBe(42);
    expect(r.signal).toBeNull();
  });

  it('passes the killing signal through (kill -KILL $$ → SIGKILL)', () => {
    const r = env.cli(['run', 'runner', '--', 'sh', '-c', 'kill -KILL $$']);
    expect(r.signal).toBe('SIGKILL');
    expect(r.status).toBeNull();
  });

  it('passes --env and --cwd to the payload, and stdout through', () => {
    const r = env.cli(['run', 'runner', '--env', 'GREETING=hello', '--cwd', '/tmp', '--', 'sh', '-c', 'echo "$GREETING $(pwd)"']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('hello /tmp');
  });

  it('run --rm creates, runs and destroys, leaving nothing', () => {
    const r = env.cli(['run', '--rm', 'once', '--memory', '64M', '--pids', '64', '--', 'sh', '-c', 'cat /proc/self/cgroup; exit 3']);
    expect(r.status).toBe(3);
    expect(cgroupPaths(r.stdout).get('memory')).toBe(`/${env.cgroupRoot}/once`);
    expect(env.records()).toEqual(['/runner']);
    expect(env.cgroups()).toEqual(['runner']);
  });

  it('run -d prints a pid that list pids and detect find; destroy --force kills it', async () => {
    const r = env.cli(['run', '-d', 'runner', '--', 'sleep', '30']);
    expect(r.status).toBe(0);
    const pid = Number(r.stdout.trim().split(/\s+/).pop());
    expect(Number.isInteger(pid) && pid > 0).toBe(true);
    try {
      const pids = env.cli(['list', 'pids', 'runner']);
      expect(pids.status).toBe(0);
      expect(pids.stdout.split(/\s+/).filter(Boolean).map(Number)).toContain(pid);

      const detect = env.cli(['detect', String(pid)]);
      expect(detect.status).toBe(0);
      expect(detect.stdout).toMatch(/(^|\s)\/runner(\s|$)/);

      const busy = env.cli(['destroy', 'runner']);
      expect(busy.status).toBe(9);
      expect(busy.stderr).toMatch(/^lmctfy: /m);
      expect(env.records()).toContain('/runner');
    } finally {
      expect(env.cli(['destroy', '--force', 'runner']).status).toBe(0);
      // Reparented to PID 1 (which reaps lazily here): gone or a zombie both mean dead.
      expect(await waitDead(pid)).toBe(true);
      expect(env.cli(['create', 'runner', '--memory', '64M']).status).toBe(0);
    }
  });
});

describe('other commands', () => {
  it('enter, list pids -r, list containers -r, pause/resume, killall', async () => {
    expect(env.cli(['create', 'tree']).status).toBe(0);
    expect(env.cli(['create', 'tree/leaf', '--pids', '16']).status).toBe(0);

    const containers = env.cli(['list', 'containers', 'tree', '-r']);
    expect(containers.status).toBe(0);
    expect(containers.stdout.split('\n').filter(Boolean)).toEqual(['/tree/leaf']);

    const d = env.cli(['run', '-d', 'tree/leaf', '--', 'sleep', '30']);
    expect(d.status).toBe(0);
    const pid = Number(d.stdout.trim().split(/\s+/).pop());

    expect(env.cli(['list', 'pids', 'tree']).stdout.trim()).toBe('');
    expect(env.cli(['list', 'pids', 'tree', '-r']).stdout.split(/\s+/).filter(Boolean).map(Number)).toContain(pid);

    const owned = await spawnOwned(['sleep', '30']);
    try {
      const entered = env.cli(['enter', 'tree', String(owned.pid)]);
      expect(entered.status).toBe(0);
      expect(env.cli(['list', 'pids', 'tree']).stdout.split(/\s+/).filter(Boolean).map(Number)).toEqual([owned.pid]);
      expect(env.cli(['detect', String(owned.pid)]).stdout).toMatch(/(^|\s)\/tree(\s|$)/);
    } finally {
      owned.child.kill('SIGKILL');
      await owned.exited; // ours: reaped here
    }

    expect(env.cli(['pause', 'tree']).status).toBe(0);
    expect(env.cli(['resume', 'tree']).status).toBe(0);

    expect(env.cli(['killall', 'tree']).status).toBe(0);
    expect(env.cli(['list', 'pids', 'tree', '-r']).stdout.trim()).toBe('');
    expect(await waitDead(pid)).toBe(true);

    const destroyed = env.cli(['destroy', 'tree']);
    expect(destroyed.status).toBe(9); // has a child
    const forced = env.cli(['destroy', '-f', 'tree']);
    expect(forced.status).toBe(0);
    expect(env.records().filter((n) => n.startsWith('/tree'))).toEqual([]);
    expect(env.cgroups().filter((n) => n.startsWith('tree'))).toEqual([]);
  });

  it('backends --json lists the cgroup backend as available', () => {
    const r = env.cli(['backends', '--json']);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; status: string }>;
    expect(rows.find((row) => row.name === 'cgroup')?.status).toBe('available');
  });

  it('detect of a process outside lmctfy prints the root', () => {
    const r = env.cli(['detect', String(process.pid)]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\/$|^\/\s/);
  });
});

// Each failure above must leave nothing except the long-lived "runner".
afterAll(() => {
  if (!env) return;
  const extra = env.records().filter((n) => n !== '/runner');
  if (extra.length) throw new Error(`records left: ${extra.join(', ')}\n${show(env.cli(['list', 'containers', '-r']))}`);
});
