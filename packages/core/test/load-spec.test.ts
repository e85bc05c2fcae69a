import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpecFile, mergeSpecInputs, normalizeSpec, parseInlineSpec } from '../src';
import { useTempDir } from './temp-dir';

describe('spec files and merging', () => {
  const dir = useTempDir();

  it('reads YAML and JSON files', () => {
    writeFileSync(join(dir(), 's.yaml'), 'memory:\n  limit: 512M\npids:\n  max: 64\n');
    writeFileSync(join(dir(), 's.json'), '{"cpu": {"max": "500m"}}');
    expect(loadSpecFile(join(dir(), 's.yaml'))).toEqual({ memory: { limit: '512M' }, pids: { max: 64 } });
    expect(loadSpecFile(join(dir(), 's.json'))).toEqual({ cpu: { max: '500m' } });
  });

  it('names the file and line of a syntax error', () => {
    const yaml = join(dir(), 'bad.yaml');
    writeFileSync(yaml, 'memory:\n  limit: [512M\n');
    expect(() => loadSpecFile(yaml)).toThrow(new RegExp(`^${yaml}:\\d+: invalid YAML`));
    const json = join(dir(), 'bad.json');
    writeFileSync(json, '{\n"memory": {\n"limit": 5,,\n}}');
    expect(() => loadSpecFile(json)).toThrow(new RegExp(`^${json}:3: invalid JSON`));
    expect(() => parseInlineSpec('{nope')).toThrow(/^inline spec:1: invalid JSON/);
  });

  it('reports a missing file as NOT_FOUND naming it', () => {
    expect(() => loadSpecFile('/no/such/spec.yaml')).toThrow(expect.objectContaining({ code: 5, message: expect.stringContaining('/no/such/spec.yaml') }));
  });

  it('lets later inputs (flags) override earlier ones (a file) field by field', () => {
    const merged = mergeSpecInputs(
      { memory: { limit: '1G', reservation: '256M' }, pids: { max: 10 } },
      undefined,
      { memory: { limit: '512M' }, cpu: { max: '1' } },
    );
    expect(merged).toEqual({ memory: { limit: '512M', reservation: '256M' }, pids: { max: 10 }, cpu: { max: '1' } });
    expect(normalizeSpec(merged).memory).toEqual({ limit: 536870912, reservation: 268435456 });
    expect(() => mergeSpecInputs([1])).toThrow(/spec: expected an object/);
  });
});
