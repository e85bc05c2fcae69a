import type { BackendCapabilities } from '../backend';
import { unimplemented } from '../errors';
import { NAMESPACE_KINDS, RESOURCE_SECTIONS, type ContainerSpec } from './container-spec';

/**
 * Refuses (UNIMPLEMENTED, naming the field) any spec section the backend cannot apply on
 * this host. The original lmctfy skipped such sections silently; users hated that.
 */
export function checkSpecSupported(spec: ContainerSpec, caps: BackendCapabilities, backend: string): void {
  for (const section of RESOURCE_SECTIONS) {
    if (spec[section] !== undefined && !caps.resources.includes(section)) {
      throw unimplemented(`${section}: the ${backend} backend cannot apply this section on this host`);
    }
  }
  const ns = spec.namespaces;
  if (!ns) return;
  for (const kind of NAMESPACE_KINDS) {
    if (ns[kind] && !caps.namespaces.includes(kind)) {
      throw unimplemented(`namespaces.${kind}: the ${backend} backend cannot create ${kind} namespaces`);
    }
  }
  const needs: Array<[keyof typeof ns, (typeof NAMESPACE_KINDS)[number]]> = [
    ['hostname', 'uts'],
    ['rootfs', 'mount'],
    ['mounts', 'mount'],
    ['uidMappings', 'user'],
    ['gidMappings', 'user'],
  ];
  for (const [field, kind] of needs) {
    if (ns[field] !== undefined && !caps.namespaces.includes(kind)) {
      throw unimplemented(`namespaces.${field}: the ${backend} backend has no ${kind} namespace`);
    }
  }
}
