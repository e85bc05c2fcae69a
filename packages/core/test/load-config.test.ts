import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, ErrorCode, loadConfig } from '../src';
import { useTempDir } from './temp-dir';

describe('loadConfig', () => {
  const dir = useTempDir();
  // A package.json marks the project root, so discovery never wanders above the temp dir.
  const project = (): string => {
    writeFileSync(join(dir(), 'package.json'), '{"name":"p"}');
    return dir();
  };

  it('falls back to the defaults when no file is found', () => {
    expect(loadConfig({ cwd: project(), env: {} })).toMatchObject({ ...DEFAULT_CONFIG });
  });

  it('finds .lmctfyrc as YAML and resolves relative plugin paths against it', () => {
    const root = project();
    writeFileSync(join(root, '.lmctfyrc'), 'cgroupRoot: jobs\nplugins: [./my-plugin]\n');
    const config = loadConfig({ cwd: root, env: {} });
    expect(config).toMatchObject({ cgroupRoot: 'jobs', stateDir: '/run/lmctfy', plugins: [join(root, 'my-plugin')] });
    expect(config.filepath).toBe(join(root, '.lmctfyrc'));
  });

  it('reads package.json#lmctfy from a parent directory of the project', () => {
    const root = dir();
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'p', lmctfy: { defaultBackend: 'namespace' } }));
    mkdirSync(join(root, 'sub'));
    expect(loadConfig({ cwd: join(root, 'sub'), env: {} }).defaultBackend).toBe('namespace');
  });

  it('lets --config win over LMCTFY_CONFIG, and LMCTFY_CONFIG over discovery', () => {
    const root = project();
    writeFileSync(join(root, 'lmctfy.config.json'), '{"cgroupRoot": "found"}');
    writeFileSync(join(root, 'env.json'), '{"cgroupRoot": "from-env"}');
    writeFileSync(join(root, 'flag.yaml'), 'cgroupRoot: from-flag\n');
    const env = { LMCTFY_CONFIG: join(root, 'env.json') };
    expect(loadConfig({ cwd: root, env: {} }).cgroupRoot).toBe('found');
    expect(loadConfig({ cwd: root, env }).cgroupRoot).toBe('from-env');
    expect(loadConfig({ cwd: root, env, file: join(root, 'flag.yaml') }).cgroupRoot).toBe('from-flag');
  });

  it('names the file and line of a syntax error', () => {
    const file = join(project(), 'lmctfy.config.json');
    writeFileSync(file, '{\n  "cgroupRoot": "x",\n  oops\n}\n');
    expect(() => loadConfig({ cwd: dir(), env: {} })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidArgument, message: expect.stringContaining(`config file ${file}`) }),
    );
  });

  it('names the line of a YAML error', () => {
    const file = join(project(), 'bad.yaml');
    writeFileSync(file, 'cgroupRoot: x\nplugins: [a, b\nstateDir: /x\n');
    expect(() => loadConfig({ file, env: {} })).toThrow(/bad\.yaml:\d+:/);
  });

  it('names an unknown key and a bad value', () => {
    const file = join(project(), 'c.json');
    writeFileSync(file, '{"cgroupRot": "x"}');
    expect(() => loadConfig({ file, env: {} })).toThrow(/unknown field "cgroupRot"/);
    writeFileSync(file, '{"stateDir": "relative/dir"}');
    expect(() => loadConfig({ file, env: {} })).toThrow(/stateDir: must match pattern "\^\/" \(got "relative\/dir"\)/);
  });

  it('reports a missing explicit file as an invalid argument naming it', () => {
    expect(() => loadConfig({ file: '/no/such/lmctfy.json', env: {} })).toThrow(/config file \/no\/such\/lmctfy\.json: no such file/);
  });
});
