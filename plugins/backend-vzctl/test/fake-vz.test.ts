import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEMPLATE, makeFakeVz } from './fake-vz-host';
import type { FakeVz } from './fake-vz-host';

/** The fake must refuse what vzctl 4.x refuses (peers.md §C), or the shim's tests prove nothing. */
describe('fake vzctl/vzlist/vzpid', () => {
  let fake: FakeVz;
  beforeAll(() => {
    fake = makeFakeVz();
    expect(fake.tool('vzctl', ['create', '101', '--ostemplate', TEMPLATE, '--name', 'web']).code).toBe(0);
  });
  afterAll(() => fake.cleanup());

  it('serialises --ram/--swap as PHYSPAGES="0:<pages>" (ubcstr) and saves', () => {
    const r = fake.tool('vzctl', ['set', '101', '--ram', '512M', '--swap', '1G', '--numproc', '64:64', '--cpulimit', '150', '--save']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`CT configuration saved to ${fake.root}/conf/101.conf`);
    const conf = fake.conf(101);
    expect(conf).toContain('PHYSPAGES="0:131072"\n');
    expect(conf).toContain('SWAPPAGES="0:262144"\n');
    expect(conf).toContain('NUMPROC="64"\n');
    expect(fake.tool('vzctl', ['set', '101', '--ram', '512M', '--save']).stdout).toContain('No changes in CT configuration, not saving');
  });

  it('--iolimit without a suffix is MB/s (4.x)', () => {
    expect(fake.tool('vzctl', ['set', '101', '--iolimit', '10', '--save']).code).toBe(0);
    expect(fake.conf(101)).toContain(`IOLIMIT="${10 * 1024 * 1024}"`);
  });

  it.each([
    [['frobnicate', '101'], 20, 'Bad command: frobnicate'],
    [['start'], 21, 'CT ID missing'],
    [['status', 'nosuchname'], 21, 'Bad CT ID nosuchname'],
    [['create', '100', '--ostemplate', TEMPLATE], 21, 'CT ID <= 100 are reserved'],
    [['start', '2147483645'], 21, 'Bad CT ID 2147483645'],
    [['set', '101', '--cpuunit', '1000'], 20, "unrecognized option '--cpuunit'"],
    [['set', '101', '--cpuunits', '7', '--save'], 21, 'Bad parameter for --cpuunits: 7'],
    [['set', '101', '--cpuunits', '500001', '--save'], 21, 'Bad parameter for --cpuunits'],
    [['set', '101', '--ram', '512X', '--save'], 21, 'Bad parameter for --ram'],
    [['set', '101', '--numproc', '10K', '--save'], 21, 'Bad parameter for --numproc'],
    [['set', '101', '--ioprio', '8', '--save'], 21, 'Bad parameter for --ioprio'],
    [['set', '101', '--cpulimit', '150%', '--save'], 21, 'Bad parameter for --cpulimit'],
    [['set', '101', '--name', 'a/b', '--save'], 131, 'invalid name'],
    [['set', '101', '--name', 'other'], 21, 'without --save'],
    [['create', '102', '--ostemplate', TEMPLATE, '--name', 'web'], 131, 'Conflict: name web already used by container 101'],
    [['create', '102', '--ostemplate', 'no-such-template'], 91, 'not found'],
    [['exec2', '101', 'true'], 31, 'Container is not running'],
    [['exec2', '101'], 20, 'No command line given for exec'],
    [['enter', '101', '--bogus'], 20, "Invalid option '--bogus'"],
    [['destroy', '101', 'extra'], 20, 'Invalid options: extra'],
    [['resume', '101'], 17, 'Dump.101'],
  ])('vzctl %j exits %i (%s)', (args, code, message) => {
    const r = fake.tool('vzctl', args);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code, stderr: expect.stringContaining(message) });
  });

  it('a lock held by a live process fails with exit 9; a stale one is removed', () => {
    const lock = path.join(fake.root, 'lock', '101.lck');
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    fs.writeFileSync(lock, `${process.pid}\nvzctl set 101\n`);
    try {
      const r = fake.tool('vzctl', ['start', '101']);
      expect(r.code).toBe(9);
      expect(r.stderr).toContain(`Locked by: pid ${process.pid}`);
      expect(fake.tool('vzctl', ['status', '101']).code).toBe(0); // status takes no lock
      fs.writeFileSync(lock, '2147483646\nvzctl set 101\n'); // no such pid: stale
      expect(fake.tool('vzctl', ['status', '101']).code).toBe(0);
    } finally {
      fs.rmSync(lock, { force: true });
    }
  });

  it('start/stop/status/destroy follow §C.1 (stop of a stopped CT is exit 0; running CT cannot be destroyed)', () => {
    expect(fake.tool('vzctl', ['status', '101']).stdout).toBe('CTID 101 exist unmounted down\n');
    expect(fake.tool('vzctl', ['start', 'web']).code).toBe(0);
    expect(fake.tool('vzctl', ['start', '101']).code).toBe(32);
    expect(fake.tool('vzctl', ['destroy', '101']).code).toBe(32);
    expect(fake.tool('vzctl', ['exec2', '101', 'exit', '7']).code).toBe(7);
    expect(fake.tool('vzctl', ['exec', '101', 'exit', '7']).code).toBe(8);
    expect(fake.tool('vzctl', ['suspend', '101']).code).toBe(0);
    expect(fake.tool('vzctl', ['status', '101']).stdout).toBe('CTID 101 exist mounted down suspended\n');
    expect(fake.tool('vzctl', ['resume', '101']).code).toBe(0);
    expect(fake.tool('vzctl', ['stop', '101']).code).toBe(0);
    const again = fake.tool('vzctl', ['stop', '101']);
    expect({ code: again.code, out: again.stdout }).toEqual({ code: 0, out: 'Unable to stop: container is not running\n' });
  });

  it('vzlist -j prints the §C.5 JSON layout; text output is aligned; bad fields exit 1', () => {
    const j = fake.tool('vzlist', ['-a', '-j', '-o', 'ctid,name,numproc']);
    expect(j.stdout).toBe(
      '[\n  {\n    "ctid": 101,\n    "name": "web",\n    "numproc": {"held": 0, "maxheld": 0, "barrier": 64, "limit": 64, "failcnt": 0}\n  }\n]\n',
    );
    expect(fake.tool('vzlist', ['-a', '-o', 'ctid,status']).stdout).toBe('      CTID STATUS\n       101 stopped\n');
    expect(fake.tool('vzlist', ['-1']).stdout).toBe(''); // running only by default
    expect(fake.tool('vzlist', ['-a', '-1']).stdout).toBe('       101\n');
    expect(fake.tool('vzlist', ['-a', '-o', 'ctid,nosuch']).code).toBe(1);
    expect(fake.tool('vzlist', ['-a', '-s', 'nosuch']).stderr).toContain('Invalid sort field name: nosuch');
    expect(fake.tool('vzlist', ['-j', '-o', 'physpages.l']).code).toBe(1);
    const missing = fake.tool('vzlist', ['-a', '-j', '999']);
    expect({ code: missing.code, err: missing.stderr }).toEqual({ code: 1, err: 'Container(s) not found\n' });
  });

  it('vzpid prints a header and one row per existing pid, 0 for the host', () => {
    const r = fake.tool('vzpid', [String(process.pid), '999999999']);
    expect(r.stdout).toBe(`Pid\tVEID\tName\n${process.pid}\t0\tnode\n`);
  });

  it('destroy renames the config to CTID.conf.destroyed and drops the name', () => {
    expect(fake.tool('vzctl', ['destroy', '101']).code).toBe(0);
    expect(fs.existsSync(path.join(fake.root, 'conf', '101.conf.destroyed'))).toBe(true);
    expect(fs.existsSync(path.join(fake.root, 'names', 'web'))).toBe(false);
    expect(fake.tool('vzctl', ['status', '101']).stdout).toBe('CTID 101 deleted unmounted down\n');
  });
});
