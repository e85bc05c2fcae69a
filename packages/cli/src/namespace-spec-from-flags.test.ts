import { CliError, EXIT } from './cli-error';
import { givenNamespaceFlags, namespacesFromFlags } from './namespace-spec-from-flags';

describe('namespacesFromFlags', () => {
  it('is undefined without namespace flags', () => {
    expect(namespacesFromFlags({})).toBeUndefined();
    expect(givenNamespaceFlags({ mount: [] })).toEqual([]);
  });

  it('maps every flag, making host paths absolute against cwd', () => {
    const ns = namespacesFromFlags(
      {
        rootfs: './rootfs',
        hostname: 'web1',
        mount: ['data:/data:ro', '/srv/logs:/var/log'],
        'uid-map': ['0:100000:65536'],
        'gid-map': ['0:200000:10'],
        net: 'veth',
        bridge: 'br0',
        address: '10.0.3.2/24',
        gateway: '10.0.3.1',
      },
      '/home/me',
    );
    expect(ns).toEqual({
      rootfs: '/home/me/rootfs',
      hostname: 'web1',
      mounts: [
        { source: '/home/me/data', target: '/data', readOnly: true },
        { source: '/srv/logs', target: '/var/log' },
      ],
      uidMappings: [{ containerId: 0, hostId: 100000, size: 65536 }],
      gidMappings: [{ containerId: 0, hostId: 200000, size: 10 }],
      net: true,
      network: { veth: { bridge: 'br0', address: '10.0.3.2/24', gateway: '10.0.3.1' } },
    });
  });

  it.each<[string, Parameters<typeof namespacesFromFlags>[0], RegExp]>([
    ['a mount without DST', { mount: ['/data'] }, /--mount "\/data": expected SRC:DST/],
    ['a mount with a bad mode', { mount: ['/a:/b:rx'] }, /--mount "\/a:\/b:rx"/],
    ['a relative mount target', { mount: ['/a:b'] }, /DST must be an absolute path/],
    ['a malformed uid map', { 'uid-map': ['0:100000'] }, /--uid-map "0:100000": expected CONTAINER:HOST:COUNT/],
    ['veth without a bridge', { net: 'veth', address: '10.0.0.2/24' }, /--net veth: give --bridge/],
    ['--bridge without --net veth', { bridge: 'br0' }, /--bridge: only valid with --net veth/],
  ])('refuses %s with exit code 3', (_what, flags, message) => {
    let caught: unknown;
    try {
      namespacesFromFlags(flags);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CliError);
    expect((caught as CliError).code).toBe(EXIT.invalidArgument);
    expect((caught as Error).message).toMatch(message);
  });
});
