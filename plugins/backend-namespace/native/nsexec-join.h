/*
 * `join` mode: run a payload inside a running container (included once by lmctfy-nsexec.c).
 *
 * Order matters: setns(pid) only affects children, so we enter the pid namespace, fork,
 * and the child (a member of it) writes "0" ("me") into the cgroup.procs files we opened
 * on the host, *before* joining the user/mount/cgroup namespaces in which that write would
 * be refused or the files invisible. Then it joins every other namespace of the init in
 * one setns(pidfd) call, gets a fresh cgroup namespace rooted at the container's cgroup,
 * drops privileges and execs. An exec status pipe (close-on-exec) tells the parent
 * whether the exec happened, so a mistyped command is an error, not a silent exit 127.
 */

static pid_t child_pid; /* forwarding target of the foreground parent's signal handler */
static int detached_null = -1; /* a detached payload's stdio: the host's /dev/null, opened before setns */

static void forward_signal(int sig) {
  if (child_pid > 0) kill(child_pid, sig);
}

/* Makes the signals a caller sends to this process (the pid it knows) reach child_pid. */
static void forward_signals(void) {
  static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT};
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = forward_signal;
  sa.sa_flags = SA_RESTART;
  for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) sigaction(forwarded[i], &sa, NULL);
}

/* The namespaces of `pid` that differ from ours (setns into our own user ns is EINVAL). */
static int differing_namespaces(pid_t pid) {
  static const struct { const char *name; int flag; } kinds[] = {
    {"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS}, {"uts", CLONE_NEWUTS}, {"ipc", CLONE_NEWIPC},
    {"net", CLONE_NEWNET}, {"cgroup", CLONE_NEWCGROUP}, {"pid", CLONE_NEWPID},
  };
  int flags = 0;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    char theirs[64], ours[64];
    struct stat a, b;
    snprintf(theirs, sizeof theirs, "/proc/%d/ns/%s", (int)pid, kinds[i].name);
    snprintf(ours, sizeof ours, "/proc/self/ns/%s", kinds[i].name);
    if (stat(theirs, &a) < 0 || stat(ours, &b) < 0) die("stat %s", theirs);
    if (a.st_ino != b.st_ino || a.st_dev != b.st_dev) flags |= kinds[i].flag;
  }
  return flags;
}

static void exec_payload(const struct config *c, int status_fd) __attribute__((noreturn));

/* In the child: cgroups, namespaces, privileges, exec. Failures go to the status pipe. */
static void enter_and_exec(const struct config *c, int pidfd, int ns, const int *procs, int status_fd) {
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0); /* until exec: no container process may open /proc/<us>/exe */
  if (c->ready_fd >= 0) close(c->ready_fd); /* only the launcher reports; lmctfy waits for EOF */
  for (int i = 0; i < c->nprocs; i++) {
    if (write(procs[i], "0", 1) != 1) die("join cgroup %s", c->procs[i]);
    close(procs[i]);
  }
  int rest = ns & ~(CLONE_NEWPID | CLONE_NEWCGROUP);
  if (rest && setns(pidfd, rest) < 0) die("setns into the container");
  close(pidfd);
  if (ns & CLONE_NEWUSER) {
    if (setgroups(0, NULL) < 0 || setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) die("become root of the user namespace");
  }
  if ((ns & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0) die("new cgroup namespace");
  exec_payload(c, status_fd);
}

/*
 * The last steps of every payload, shared by `join` and `run`: cwd, capabilities, user,
 * no_new_privs, exec. A failed exec sends its errno down the status pipe.
 */
static void exec_payload(const struct config *c, int status_fd) {
  const char *cwd = c->cwd ? c->cwd : "/";
  if (chdir(cwd) < 0) die("chdir %s", cwd);
  /* Harden while still root (dropping from the bounding set needs CAP_SETPCAP); the kept set
     includes SETUID/SETGID, and a uid switch then clears whatever capabilities remain. */
  harden(c);
  if (c->user) switch_user(c->user);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  if (detached_null >= 0) {
    for (int fd = 0; fd < 3; fd++) dup2(detached_null, fd);
  }
  execvp(c->argv[0], c->argv);
  int err = errno;
  if (write(status_fd, &err, sizeof err) != sizeof err) {}
  dprintf(2, "lmctfy-nsexec: exec %s: %s\n", c->argv[0], strerror(err));
  _exit(err == ENOENT ? 127 : 126);
}

/* Reads the exec status pipe to EOF: 0 when the payload was exec'd, else its errno. */
static int exec_status(int fd) {
  int err = 0;
  ssize_t n;
  do n = read(fd, &err, sizeof err); while (n < 0 && errno == EINTR);
  close(fd);
  return n == (ssize_t)sizeof err ? err : 0;
}

/* Exits like the payload did: same code, or the same signal (without a core dump). */
static void exit_like(int status) {
  if (WIFEXITED(status)) _exit(WEXITSTATUS(status));
  int sig = WTERMSIG(status);
  struct rlimit none = {0, 0};
  setrlimit(RLIMIT_CORE, &none);
  signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
  raise(sig);
  _exit(128 + sig);
}

static int run_join(const struct config *c) {
  int pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
  if (pidfd < 0) die("container init %d", (int)c->pid);
  /* Checked after pidfd_open: from here the pidfd pins this very process. */
  if (c->start && start_time(c->pid) != c->start) { errno = 0; die("container init %d is gone", (int)c->pid); }
  int ns = differing_namespaces(c->pid);
  if (!(ns & CLONE_NEWPID)) { errno = 0; die("process %d is not a container init", (int)c->pid); }
  int procs[MAX_LIST];
  for (int i = 0; i < c->nprocs; i++) {
    procs[i] = open(c->procs[i], O_WRONLY | O_CLOEXEC);
    if (procs[i] < 0) die("open %s", c->procs[i]);
  }
  if (setns(pidfd, CLONE_NEWPID) < 0) die("setns into the pid namespace");
  int status_pipe[2], sync_pipe[2];
  if (pipe2(status_pipe, O_CLOEXEC) < 0 || pipe2(sync_pipe, O_CLOEXEC) < 0) die("pipe");
  if (!c->detach) forward_signals();
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    close(status_pipe[0]);
    if (!c->detach) enter_and_exec(c, pidfd, ns, procs, status_pipe[1]);
    /* Detached: this child sets up, forks the payload and exits, so the payload's parent
       becomes the container's PID 1 (the reaper of the namespace we are in). */
    close(sync_pipe[0]);
    if (setsid() < 0) die("setsid");
    detached_null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (detached_null < 0) die("open /dev/null");
    pid_t payload = fork();
    if (payload < 0) die("fork");
    if (payload == 0) { close(sync_pipe[1]); enter_and_exec(c, pidfd, ns, procs, status_pipe[1]); }
    close(status_pipe[1]);
    if (write(sync_pipe[1], "f", 1) != 1) {}
    close(sync_pipe[1]);
    /* Wait until the parent has read our children list before we let the payload go. */
    pause();
    _exit(0);
  }
  close(status_pipe[1]);
  close(sync_pipe[1]);
  for (int i = 0; i < c->nprocs; i++) close(procs[i]);
  if (c->detach) {
    char f;
    if (read(sync_pipe[0], &f, 1) != 1) { waitpid(pid, NULL, 0); return FAIL_EXIT; }
    char path[64], buf[64];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
    kill(pid, SIGKILL); /* the intermediate child's only job is done */
    waitpid(pid, NULL, 0);
    if (n <= 0) die("find the payload's pid in %s", path);
    buf[n] = 0;
    pid_t payload = (pid_t)atoi(buf);
    int err = exec_status(status_pipe[0]);
    if (err) return err == ENOENT ? 127 : 126;
    report_pid(c->ready_fd, payload);
    return 0;
  }
  child_pid = pid;
  if (exec_status(status_pipe[0]) == 0) report_pid(c->ready_fd, pid); /* it runs, in the container */
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) die("wait for the payload");
  }
  exit_like(status);
  return 0;
}
