import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { failedPrecondition } from '@lmctfy/core';
import type { NetworkSpec } from '@lmctfy/core';

type Veth = NonNullable<NetworkSpec['veth']>;

/** A host interface name (at most 15 characters) derived from the container name. */
export function defaultHostInterface(name: string): string {
  return `lmv${createHash('sha1').update(name).digest('hex').slice(0, 10)}`;
}

function run(file: string, args: string[], input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        failedPrecondition(`veth: ${file} ${args.join(' ')}: ${missing ? 'not installed' : String(stderr).trim() || error.message}`, {
          hint: missing ? 'install iproute2 (ip) and util-linux (nsenter)' : undefined,
        }),
      );
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * Connects the container's network namespace to a host bridge with iproute2: a veth pair
 * whose inside end is eth0 with the spec's address (and default route). Spawned, not
 * resident; the pair disappears with the namespace when the container's init dies.
 */
export async function attachVeth(initPid: number, hostInterface: string, veth: Veth): Promise<void> {
  await run('ip', ['link', 'add', hostInterface, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', String(initPid)]);
  try {
    await run('ip', ['link', 'set', hostInterface, 'master', veth.bridge, 'up']);
    const inside = [`addr add ${veth.address} dev eth0`, 'link set eth0 up'];
    if (veth.gateway) inside.push(`route add default via ${veth.gateway}`);
    await run('nsenter', [`--net=/proc/${initPid}/ns/net`, 'ip', '-batch', '-'], inside.join('\n') + '\n');
  } catch (e) {
    await run('ip', ['link', 'del', hostInterface]).catch(() => undefined);
    throw e;
  }
}
