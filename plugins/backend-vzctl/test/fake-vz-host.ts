import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { DEFAULT_CONFIG } from '@lmctfy/core';
import type { LmctfyConfig } from '@lmctfy/core';

export const FAKE_DIR = path.join(__dirname, 'fixtures', 'fake-vz');
export const TEMPLATE = 'centos-7-x86_64';

export interface FakeVz {
  /** $FAKE_VZ_ROOT: the fake's /etc/vz + /vz. */
  root: string;
  config: LmctfyConfig;
  /** Runs a fake tool synchronously (for assertions on what vzctl left behind). */
  tool(name: 'vzctl' | 'vzlist' | 'vzpid', args: string[]): { code: number | null; stdout: string; stderr: string };
  conf(ctid: number): string;
  /** Kills whatever the fake still tracks and removes the temp dir. */
  cleanup(): void;
}

/**
 * A fake OpenVZ host in a temp dir: template cache, a stand-in for /proc/vz, and lmctfy
 * config pointing the backend at the fake tools (through wrappers that set FAKE_VZ_ROOT).
 */
export function makeFakeVz(extra: Record<string, string> = {}): FakeVz {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lmctfy-fake-vz-'));
  fs.mkdirSync(path.join(root, 'template', 'cache'), { recursive: true });
  fs.writeFileSync(path.join(root, 'template', 'cache', `${TEMPLATE}.tar.gz`), '');
  fs.mkdirSync(path.join(root, 'proc-vz'));
  // jest sandboxes process.env, so children would not see FAKE_VZ_ROOT: wrap each tool in a
  // script that sets it, and point the backend's config at the wrappers.
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  for (const t of ['vzctl', 'vzlist', 'vzpid']) {
    fs.writeFileSync(path.join(bin, t), `#!/bin/sh\nFAKE_VZ_ROOT='${root}' exec '${path.join(FAKE_DIR, t)}' "$@"\n`, { mode: 0o755 });
  }
  const config: LmctfyConfig = {
    ...DEFAULT_CONFIG,
    stateDir: path.join(root, 'lmctfy-state'),
    backends: {
      vzctl: {
        vzctl: path.join(bin, 'vzctl'),
        vzlist: path.join(bin, 'vzlist'),
        vzpid: path.join(bin, 'vzpid'),
        vzDir: root,
        procVz: path.join(root, 'proc-vz'),
        ostemplate: TEMPLATE,
        ...extra,
      },
    },
  };
  const tool: FakeVz['tool'] = (name, args) => {
    const r = spawnSync(path.join(FAKE_DIR, name), args, { encoding: 'utf8', env: { ...process.env, FAKE_VZ_ROOT: root } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    root,
    config,
    tool,
    conf: (ctid) => fs.readFileSync(path.join(root, 'conf', `${ctid}.conf`), 'utf8'),
    cleanup: () => {
      const kernel = path.join(root, 'kernel');
      for (const f of fs.existsSync(kernel) ? fs.readdirSync(kernel) : []) {
        if (!f.endsWith('.pids')) continue;
        for (const pid of fs.readFileSync(path.join(kernel, f), 'utf8').split('\n').filter(Boolean).map(Number)) {
          for (const sig of ['SIGCONT', 'SIGKILL'] as const) {
            try {
              process.kill(pid, sig);
            } catch {
              /* gone */
            }
          }
        }
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
