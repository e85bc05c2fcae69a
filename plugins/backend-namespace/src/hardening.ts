/**
 * The default hardening of every namespace container, as runc/containerd apply it: a
 * reduced capability set, no_new_privs, and /proc and /sys paths that are masked or
 * read-only. Policy lives here; the launcher only applies what it is given.
 */

/** Linux capability numbers (linux/capability.h) of the set a container keeps. */
export const DEFAULT_CAPABILITIES: Readonly<Record<string, number>> = {
  CAP_CHOWN: 0,
  CAP_DAC_OVERRIDE: 1,
  CAP_FOWNER: 3,
  CAP_FSETID: 4,
  CAP_KILL: 5,
  CAP_SETGID: 6,
  CAP_SETUID: 7,
  CAP_SETPCAP: 8,
  CAP_NET_BIND_SERVICE: 10,
  CAP_NET_RAW: 13,
  CAP_SYS_CHROOT: 18,
  CAP_AUDIT_WRITE: 29,
  CAP_SETFCAP: 31,
};
// containerd's default set minus CAP_MKNOD: this backend applies no devices cgroup (the
// cgroup backend does not write that section), so a device node made in the rootfs could
// reach host disks. Everything else (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, ...) is dropped.

/** The capability mask the launcher keeps, as hex (its --caps argument). */
export function capabilityMask(caps: Readonly<Record<string, number>> = DEFAULT_CAPABILITIES): string {
  let mask = 0n;
  for (const bit of Object.values(caps)) mask |= 1n << BigInt(bit);
  return mask.toString(16);
}

/** Hidden behind /dev/null (files) or an empty read-only tmpfs (directories): runc's list. */
export const MASKED_PATHS: readonly string[] = [
  '/proc/acpi',
  '/proc/asound',
  '/proc/interrupts',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/proc/scsi',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
];

/** Bound read-only onto themselves: knobs of the whole host that root could otherwise turn. */
export const READONLY_PATHS: readonly string[] = [
  '/proc/bus',
  '/proc/fs',
  '/proc/irq',
  '/proc/sys',
  '/proc/sysrq-trigger',
];
