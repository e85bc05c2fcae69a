/*
 * lmctfy-nsexec: the native half of @lmctfy/backend-namespace.
 *
 * Node is multithreaded, so it can neither create a user namespace nor be PID 1 cheaply
 * (machine-facts.md). This single-threaded helper does the namespace work in ~2 ms and
 * leaves nothing of Node behind. It gets its whole job from argv; Node computes policy
 * (which caps, which paths to mask), this file only applies it.
 *
 *   lmctfy-nsexec init [--ns pid,mount,uts,ipc,net,cgroup,user] [--uid-map "C H N"]...
 *       [--gid-map "C H N"]... [--hostname H] [--rootfs DIR] [--bind SRC DST ro|rw]...
 *       [--mask PATH]... [--ro PATH]... [--caps HEX] [--nnp] [--ready-fd N]
 *     clone()s the container's PID 1 in new namespaces, sets up its mounts, hostname,
 *     loopback and hardening, prints the init's host pid on the ready fd and exits. The init
 *     stays (reaping zombies) until it is SIGKILLed or sent SIGTERM from the host.
 *
 *   lmctfy-nsexec run [init's namespace options] [--procs FILE]... [--cwd DIR]
 *       [--user UID:GID[:G1,G2]] [--ready-fd N] -- ARGV...
 *     a one-shot job: ARGV itself becomes PID 1 of new namespaces set up as for `init`,
 *     after the launcher moved it into the cgroups (--procs); the launcher prints its host
 *     pid once it was exec'd, waits, and exits like it (see nsexec-run.h).
 *
 *   lmctfy-nsexec join --pid P --start T [--procs FILE]... [--caps HEX] [--nnp] [--cwd DIR]
 *       [--user UID:GID[:G1,G2]] [--detach] [--ready-fd N] -- ARGV...
 *     runs ARGV inside the container whose init is P (T = its start time, against pid
 *     reuse): joins the cgroups first, then every namespace of P, then execs. Foreground:
 *     waits and exits like the payload (same code, or dies of the same signal). Detached:
 *     the payload becomes a child of the container's PID 1; its host pid goes to the ready fd.
 *
 * Exit status 125: the launcher itself failed (message on stderr); 126/127: exec failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <grp.h>
#include <linux/capability.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 0x00000001
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

#define FAIL_EXIT 125
#define MAX_LIST 64

struct mount_attr_compat { uint64_t attr_set, attr_clr, propagation, userns_fd; };
struct bind { const char *src, *dst; int ro; };

struct config {
  int init_mode, run_mode, ns_flags, nnp, detach, ready_fd, has_caps;
  uint64_t caps;
  char uid_map[4096], gid_map[4096];
  const char *hostname, *rootfs, *cwd, *user;
  struct bind binds[MAX_LIST]; int nbinds;
  const char *masks[MAX_LIST]; int nmasks;
  const char *ro[MAX_LIST]; int nro;
  const char *procs[MAX_LIST]; int nprocs;
  pid_t pid; unsigned long long start;
  char **argv;
};

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...) {
  va_list ap;
  int saved = errno;
  char msg[1024];
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (saved) dprintf(2, "lmctfy-nsexec: %s: %s\n", msg, strerror(saved));
  else dprintf(2, "lmctfy-nsexec: %s\n", msg);
  _exit(FAIL_EXIT);
}

/* A child whose setup failed must not outlive the failure: kill and reap it. */
static int abandon_child(pid_t pid) {
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  return FAIL_EXIT;
}

/* ---------------------------------------------------------------- argument parsing */

static int ns_flags_of(const char *list) {
  static const struct { const char *name; int flag; } kinds[] = {
    {"pid", CLONE_NEWPID}, {"mount", CLONE_NEWNS}, {"uts", CLONE_NEWUTS}, {"ipc", CLONE_NEWIPC},
    {"net", CLONE_NEWNET}, {"cgroup", CLONE_NEWCGROUP}, {"user", CLONE_NEWUSER},
  };
  int flags = 0;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", list);
  for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    size_t i;
    for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
      if (strcmp(tok, kinds[i].name) == 0) break;
    }
    if (i == sizeof kinds / sizeof kinds[0]) { errno = 0; die("unknown namespace %s", tok); }
    flags |= kinds[i].flag;
  }
  return flags;
}

static void append_map(char *map, size_t size, const char *line) {
  size_t len = strlen(map);
  if (len + strlen(line) + 2 > size) { errno = 0; die("id map too long"); }
  snprintf(map + len, size - len, "%s\n", line);
}

static void parse(int argc, char **argv, struct config *c) {
  memset(c, 0, sizeof *c);
  c->ready_fd = -1;
  if (argc < 2) { errno = 0; die("usage: lmctfy-nsexec init|join|run [options] [-- argv...]"); }
  if (strcmp(argv[1], "init") == 0) c->init_mode = 1;
  else if (strcmp(argv[1], "run") == 0) c->run_mode = 1;
  else if (strcmp(argv[1], "join") != 0) { errno = 0; die("unknown mode %s", argv[1]); }
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
#define NEXT() (i + 1 < argc ? argv[++i] : (errno = 0, die("%s needs a value", a), (char *)0))
#define PUSH(arr, n, v) do { if ((n) >= MAX_LIST) { errno = 0; die("too many %s", a); } (arr)[(n)++] = (v); } while (0)
    if (strcmp(a, "--") == 0) { c->argv = &argv[i + 1]; break; }
    else if (strcmp(a, "--ns") == 0) c->ns_flags = ns_flags_of(NEXT());
    else if (strcmp(a, "--uid-map") == 0) append_map(c->uid_map, sizeof c->uid_map, NEXT());
    else if (strcmp(a, "--gid-map") == 0) append_map(c->gid_map, sizeof c->gid_map, NEXT());
    else if (strcmp(a, "--hostname") == 0) c->hostname = NEXT();
    else if (strcmp(a, "--rootfs") == 0) c->rootfs = NEXT();
    else if (strcmp(a, "--bind") == 0) {
      if (c->nbinds >= MAX_LIST) { errno = 0; die("too many binds"); }
      struct bind *b = &c->binds[c->nbinds++];
      b->src = NEXT(); b->dst = NEXT(); b->ro = strcmp(NEXT(), "ro") == 0;
    }
    else if (strcmp(a, "--mask") == 0) PUSH(c->masks, c->nmasks, NEXT());
    else if (strcmp(a, "--ro") == 0) PUSH(c->ro, c->nro, NEXT());
    else if (strcmp(a, "--procs") == 0) PUSH(c->procs, c->nprocs, NEXT());
    else if (strcmp(a, "--caps") == 0) { c->caps = strtoull(NEXT(), NULL, 16); c->has_caps = 1; }
    else if (strcmp(a, "--nnp") == 0) c->nnp = 1;
    else if (strcmp(a, "--detach") == 0) c->detach = 1;
    else if (strcmp(a, "--ready-fd") == 0) c->ready_fd = atoi(NEXT());
    else if (strcmp(a, "--pid") == 0) c->pid = (pid_t)atoi(NEXT());
    else if (strcmp(a, "--start") == 0) c->start = strtoull(NEXT(), NULL, 10);
    else if (strcmp(a, "--cwd") == 0) c->cwd = NEXT();
    else if (strcmp(a, "--user") == 0) c->user = NEXT();
    else { errno = 0; die("unknown option %s", a); }
  }
  if (c->run_mode && (!c->argv || !c->argv[0])) { errno = 0; die("run needs -- ARGV"); }
  if (!c->init_mode && !c->run_mode && (c->pid <= 0 || !c->argv || !c->argv[0])) { errno = 0; die("join needs --pid and -- ARGV"); }
}

/* ---------------------------------------------------------------- small helpers */

static void write_file(const char *path, const char *data) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) die("open %s", path);
  ssize_t n = write(fd, data, strlen(data)); /* one write: the kernel's rule for id maps */
  if (n != (ssize_t)strlen(data)) die("write %s", path);
  close(fd);
}

static void report_pid(int fd, pid_t pid) {
  if (fd < 0) return;
  dprintf(fd, "%d\n", (int)pid);
  close(fd);
}

/* Field 22 of /proc/<pid>/stat: with the pid, a cookie that survives pid reuse. */
static unsigned long long start_time(pid_t pid) {
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  char *p = strrchr(buf, ')');
  if (!p) return 0;
  p += 2; /* state */
  for (int field = 3; field < 22 && p; field++) p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
  return p ? strtoull(p, NULL, 10) : 0;
}

/* Keeps only `keep` in the bounding, effective, permitted and inheritable sets. */
static void drop_caps(uint64_t keep) {
  for (int cap = 0; cap < 64; cap++) {
    if (keep & (1ULL << cap)) continue;
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) die("drop capability %d", cap);
  }
  prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  for (int i = 0; i < 2; i++) {
    uint32_t word = (uint32_t)(keep >> (32 * i));
    data[i].effective = data[i].permitted = data[i].inheritable = word;
  }
  if (syscall(SYS_capset, &hdr, data) < 0) die("capset");
}

static void harden(const struct config *c) {
  if (c->has_caps) drop_caps(c->caps);
  if (c->nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die("no_new_privs");
}

/* Drops to --user UID:GID[:G1,G2,...] (groups, then gid, then uid: uid last or it can't). */
static void switch_user(const char *spec) {
  unsigned uid, gid;
  int used = 0;
  if (sscanf(spec, "%u:%u%n", &uid, &gid, &used) < 2) { errno = 0; die("bad --user %s", spec); }
  gid_t groups[MAX_LIST];
  int n = 0;
  const char *p = spec + used;
  while (*p == ':' || *p == ',') {
    if (n >= MAX_LIST) { errno = 0; die("too many groups"); }
    groups[n++] = (gid_t)strtoul(p + 1, (char **)&p, 10);
  }
  if (setgroups(n, groups) < 0) die("setgroups");
  if (setresgid(gid, gid, gid) < 0) die("setgid %u", gid);
  if (setresuid(uid, uid, uid) < 0) die("setuid %u", uid);
}

/* Our argv area: the init overwrites it so ps in the container shows no host paths. */
static char *arg_start, *arg_end;

#include "nsexec-mounts.h"
#include "nsexec-init.h"
#include "nsexec-join.h"
#include "nsexec-run.h"

int main(int argc, char **argv) {
  struct config c;
  arg_start = argv[0];
  arg_end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
  parse(argc, argv, &c);
  return c.init_mode ? run_init(&c) : c.run_mode ? run_once(&c) : run_join(&c);
}
