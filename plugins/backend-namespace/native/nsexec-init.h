/*
 * `init` mode: clone() the container's PID 1 in its new namespaces (included once by
 * lmctfy-nsexec.c). The classic sync-pipe dance: the child waits until the parent has
 * written its uid/gid maps, sets everything up, says "ok", and becomes the init; the
 * parent prints the init's host pid and exits, so nothing but the init stays.
 */

/* Loopback up, the one interface a new network namespace has. */
static void loopback_up(void) {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) die("socket");
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
  if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0) die("get flags of lo");
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0) die("bring lo up");
  close(s);
}

/*
 * PID 1: reaps every orphan, and ends the container on SIGTERM/SIGINT/SIGHUP sent from the
 * host (si_pid 0: the sender is outside this pid namespace), forwarding it to everyone
 * first. The same signals from inside the container are ignored, as for any PID 1.
 */
static int init_loop(void) {
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_BLOCK, &all, NULL);
  int stopping = 0;
  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&all, &info);
    if (sig < 0) continue;
    if (sig == SIGCHLD || stopping) {
      int reaped;
      while ((reaped = waitpid(-1, NULL, WNOHANG)) > 0) {}
      if (stopping && reaped < 0 && errno == ECHILD) return 0;
      continue;
    }
    if ((sig == SIGTERM || sig == SIGINT || sig == SIGHUP) && info.si_pid == 0) {
      stopping = 1;
      kill(-1, sig);
      if (waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD) return 0;
    }
  }
}

/*
 * In the cloned child, shared by `init` and `run`: waits for the parent's go (id maps
 * written, cgroups joined), then builds the container around itself. `cgroupns`: unshare
 * a cgroup namespace now, rooted at the cgroup the parent just moved us into.
 */
static void setup_container(const struct config *c, int go_fd, int cgroupns) {
  char go;
  if (read(go_fd, &go, 1) != 1) _exit(FAIL_EXIT); /* the parent died or failed */
  close(go_fd);
  /* Nothing in the container may ptrace us or open /proc/1/exe (the host's binary). */
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  if (c->ns_flags & CLONE_NEWUSER) {
    if (setgroups(0, NULL) < 0) die("setgroups in the user namespace");
    if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) die("become root of the user namespace");
  }
  if (cgroupns && unshare(CLONE_NEWCGROUP) < 0) die("new cgroup namespace");
  setup_mounts(c);
  if (c->hostname && sethostname(c->hostname, strlen(c->hostname)) < 0) die("sethostname %s", c->hostname);
  if (c->ns_flags & CLONE_NEWNET) loopback_up();
}

static void child_init(const struct config *c, int go_fd, int done_fd) {
  setup_container(c, go_fd, 0);
  harden(c);
  if (setsid() < 0) die("setsid");
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null < 0) die("open /dev/null");
  if (write(done_fd, "k", 1) != 1) _exit(FAIL_EXIT);
  for (int fd = 0; fd < 3; fd++) dup2(null, fd); /* from here on, nothing reaches lmctfy */
  syscall(SYS_close_range, 3, ~0U, 0);           /* no host fd may stay open in the container */
  memset(arg_start, 0, (size_t)(arg_end - arg_start));
  snprintf(arg_start, (size_t)(arg_end - arg_start), "lmctfy-init");
  _exit(init_loop());
}

static void write_maps(pid_t pid, const struct config *c) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
  write_file(path, c->uid_map);
  snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
  write_file(path, c->gid_map[0] ? c->gid_map : c->uid_map);
}

static void check_namespaces(const struct config *c) {
  if (!(c->ns_flags & CLONE_NEWPID) || !(c->ns_flags & CLONE_NEWNS)) {
    errno = 0;
    die("%s needs at least the pid and mount namespaces", c->run_mode ? "run" : "init");
  }
  if ((c->ns_flags & CLONE_NEWUSER) && !c->uid_map[0]) { errno = 0; die("a user namespace needs --uid-map"); }
}

static int run_init(const struct config *c) {
  check_namespaces(c);
  int go[2], done[2];
  if (pipe2(go, O_CLOEXEC) < 0 || pipe2(done, O_CLOEXEC) < 0) die("pipe");
  /* The raw syscall with no stack behaves like fork(): the child gets a copy of ours. */
  pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)c->ns_flags | SIGCHLD, NULL, NULL, NULL, NULL);
  if (pid < 0) die("clone");
  if (pid == 0) {
    close(go[1]);
    close(done[0]);
    child_init(c, go[0], done[1]);
  }
  close(go[0]);
  close(done[1]);
  if (c->ns_flags & CLONE_NEWUSER) write_maps(pid, c);
  if (write(go[1], "g", 1) != 1) die("start the init");
  close(go[1]);
  char ok;
  if (read(done[0], &ok, 1) != 1) {
    /* The child printed why on our shared stderr; it must not outlive the failure. */
    return abandon_child(pid);
  }
  report_pid(c->ready_fd, pid);
  return 0;
}
