/*
 * `run` mode: a one-shot job in one launcher invocation (included once by lmctfy-nsexec.c).
 * The payload itself is the container's PID 1, as under `crun run`: clone() with the new
 * namespaces (but the cgroup one), the parent writes the id maps and moves the child into
 * the container's cgroups (--procs, opened on the host) before it runs a single instruction
 * of its own; the child unshares its cgroup namespace there, sets up exactly what `init`
 * does (setup_container) and execs like `join` does (exec_payload). The launcher waits in
 * the foreground, forwarding signals, and exits like the payload.
 *
 * PID 1 semantics: the payload reaps no orphans, and ignores any signal it has no handler
 * for, except SIGKILL (and SIGSTOP) from the host. When it ends, the kernel kills whatever
 * is left in its pid namespace, and the mount and network namespaces go with it.
 */

/* Moves `pid` into every container cgroup (the procs files, written on the host). */
static int join_cgroups(const struct config *c, pid_t pid) {
  char text[32];
  int len = snprintf(text, sizeof text, "%d", (int)pid);
  for (int i = 0; i < c->nprocs; i++) {
    int fd = open(c->procs[i], O_WRONLY | O_CLOEXEC);
    if (fd < 0 || write(fd, text, (size_t)len) != len) {
      dprintf(2, "lmctfy-nsexec: join cgroup %s: %s\n", c->procs[i], strerror(errno));
      if (fd >= 0) close(fd);
      return -1;
    }
    close(fd);
  }
  return 0;
}

static void child_run(const struct config *c, int go_fd, int done_fd, int status_fd) {
  if (c->ready_fd >= 0) close(c->ready_fd); /* only the launcher reports; lmctfy waits for EOF */
  setup_container(c, go_fd, c->ns_flags & CLONE_NEWCGROUP);
  if (write(done_fd, "k", 1) != 1) _exit(FAIL_EXIT);
  close(done_fd);
  exec_payload(c, status_fd);
}

static int run_once(const struct config *c) {
  check_namespaces(c);
  int go[2], done[2], status[2];
  if (pipe2(go, O_CLOEXEC) < 0 || pipe2(done, O_CLOEXEC) < 0 || pipe2(status, O_CLOEXEC) < 0) die("pipe");
  /* No cgroup namespace yet: it would be rooted at our cgroup, not the container's. */
  unsigned long flags = (unsigned long)(c->ns_flags & ~CLONE_NEWCGROUP);
  pid_t pid = (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
  if (pid < 0) die("clone");
  if (pid == 0) {
    close(go[1]);
    close(done[0]);
    close(status[0]);
    child_run(c, go[0], done[1], status[1]);
  }
  close(go[0]);
  close(done[1]);
  close(status[1]);
  if (c->ns_flags & CLONE_NEWUSER) write_maps(pid, c);
  if (join_cgroups(c, pid) < 0 || write(go[1], "g", 1) != 1) {
    return abandon_child(pid);
  }
  close(go[1]);
  char ok;
  if (read(done[0], &ok, 1) != 1) {
    /* The child printed why on our shared stderr. */
    return abandon_child(pid);
  }
  close(done[0]);
  child_pid = pid;
  forward_signals();
  int err = exec_status(status[0]);
  if (err == 0) report_pid(c->ready_fd, pid); /* it runs, as the container's PID 1 */
  int st;
  while (waitpid(pid, &st, 0) < 0) {
    if (errno != EINTR) die("wait for the payload");
  }
  exit_like(st);
  return 0;
}
