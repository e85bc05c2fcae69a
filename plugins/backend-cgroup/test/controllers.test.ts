import * as fs from 'node:fs';
import * as path from 'node:path';
import { V1_CONTROLLERS } from '../src/v1/controllers';
import { V2_CONTROLLERS } from '../src/v2/controllers';

const controllerFiles = (dir: string): string[] =>
  fs
    .readdirSync(path.join(__dirname, '..', 'src', dir))
    .filter((f) => f.endsWith('.ts') && f !== 'controllers.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();

describe('controller lists', () => {
  it.each([
    ['v1', V1_CONTROLLERS],
    ['v2', V2_CONTROLLERS],
  ] as const)('%s/controllers.ts lists exactly the controller files of its directory', (dir, list) => {
    expect(list.map((c) => c.name).sort()).toEqual(controllerFiles(dir));
  });

  it.each([
    ['v1', V1_CONTROLLERS],
    ['v2', V2_CONTROLLERS],
  ] as const)('%s applies cpuset first (tasks cannot join an uninitialised v1 cpuset)', (_dir, list) => {
    expect(list[0].name).toBe('cpuset');
  });

  it('keeps v1 and v2 controller files as siblings with the same names (cpuacct is v1 only; v1 blkio is v2 io)', () => {
    const asV2 = controllerFiles('v1')
      .filter((f) => f !== 'cpuacct')
      .map((f) => (f === 'blkio' ? 'io' : f))
      .sort();
    expect(asV2).toEqual(controllerFiles('v2'));
  });
});
