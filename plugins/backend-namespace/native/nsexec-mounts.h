/*
 * The container's filesystem view, built inside its new mount namespace (included once by
 * lmctfy-nsexec.c). Order: private propagation, rootfs bind, /proc /sys /dev /tmp, the
 * spec's binds, pivot_root (never chroot: chroot can be escaped), then masked and read-only
 * paths, which must be applied to the final /proc and /sys.
 */

static void join_path(char *out, size_t size, const char *root, const char *rel) {
  if ((size_t)snprintf(out, size, "%s%s", root, rel) >= size) { errno = 0; die("path too long: %s%s", root, rel); }
}

static void mkdir_p(const char *path, mode_t mode) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = 0;
    if (mkdir(buf, 0755) < 0 && errno != EEXIST) die("mkdir %s", buf);
    *p = '/';
  }
  if (mkdir(buf, mode) < 0 && errno != EEXIST) die("mkdir %s", buf);
}

/* A bind target must exist and be of the source's kind (file over file, dir over dir). */
static void make_target(const char *src, const char *target) {
  struct stat st;
  if (stat(target, &st) == 0) return; /* lmctfy made it on the host side (see prepareRootfs) */
  if (stat(src, &st) < 0) die("bind source %s", src);
  if (S_ISDIR(st.st_mode)) { mkdir_p(target, 0755); return; }
  char parent[4096];
  snprintf(parent, sizeof parent, "%s", target);
  char *slash = strrchr(parent, '/');
  if (slash && slash != parent) { *slash = 0; mkdir_p(parent, 0755); }
  int fd = open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) die("create bind target %s", target);
  close(fd);
}

/*
 * Read-only for the whole subtree with mount_setattr (5.12+); else a remount that keeps the
 * flags the kernel locks in a user namespace (nosuid, nodev, noexec, atime).
 */
static void make_readonly(const char *path) {
  struct mount_attr_compat attr = {MOUNT_ATTR_RDONLY, 0, 0, 0};
  if (syscall(SYS_mount_setattr, AT_FDCWD, path, AT_RECURSIVE, &attr, sizeof attr) == 0) return;
  struct statvfs sv;
  if (statvfs(path, &sv) < 0) die("statvfs %s", path);
  unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
  if (sv.f_flag & ST_NOSUID) flags |= MS_NOSUID;
  if (sv.f_flag & ST_NODEV) flags |= MS_NODEV;
  if (sv.f_flag & ST_NOEXEC) flags |= MS_NOEXEC;
  if (sv.f_flag & ST_NOATIME) flags |= MS_NOATIME;
  if (sv.f_flag & ST_NODIRATIME) flags |= MS_NODIRATIME;
  if (sv.f_flag & ST_RELATIME) flags |= MS_RELATIME;
  if (mount(path, path, NULL, flags, NULL) < 0) die("remount %s read-only", path);
}

static void mount_or_die(const char *src, const char *target, const char *type, unsigned long flags, const char *data) {
  if (mount(src, target, type, flags, data) < 0) die("mount %s on %s", type ? type : src, target);
}

/* A minimal /dev: host device nodes bound in (mknod is impossible in a user namespace). */
static void setup_dev(const char *root) {
  static const char *nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
  char dev[4096], path[4096];
  join_path(dev, sizeof dev, root, "/dev");
  mkdir_p(dev, 0755);
  mount_or_die("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC | MS_STRICTATIME, "mode=755,size=65536k");
  for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
    char host[64];
    snprintf(host, sizeof host, "/dev/%s", nodes[i]);
    join_path(path, sizeof path, root, host);
    make_target(host, path);
    mount_or_die(host, path, NULL, MS_BIND, NULL);
  }
  join_path(path, sizeof path, root, "/dev/pts");
  mkdir_p(path, 0755);
  mount_or_die("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620");
  join_path(path, sizeof path, root, "/dev/shm");
  mkdir_p(path, 01777);
  mount_or_die("shm", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k");
  static const char *links[][2] = {
    {"pts/ptmx", "ptmx"}, {"/proc/self/fd", "fd"}, {"/proc/self/fd/0", "stdin"},
    {"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"},
  };
  for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
    char rel[64];
    snprintf(rel, sizeof rel, "/dev/%s", links[i][1]);
    join_path(path, sizeof path, root, rel);
    if (symlink(links[i][0], path) < 0) die("symlink %s", path);
  }
}

/* sysfs shows the mounter's network namespace; read-only so no knob of the host is writable. */
static void setup_sys(const char *root) {
  char sys[4096];
  join_path(sys, sizeof sys, root, "/sys");
  mkdir_p(sys, 0755);
  unsigned long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
  if (mount("sysfs", sys, "sysfs", ro, NULL) == 0) return;
  /* Sharing the host's network namespace from a user namespace: bind the host's, read-only. */
  mount_or_die("/sys", sys, NULL, MS_BIND | MS_REC, NULL);
  make_readonly(sys);
}

/*
 * Masked files are covered by an empty, read-only regular file (not /dev/null: writes to a
 * device node succeed even on a read-only mount). It is made in our /tmp tmpfs, reached
 * through fds opened right after mounting it (a bind over /tmp cannot redirect them),
 * and unlinked once every mask is in place.
 */
static int tmp_dir_fd = -1, mask_file_fd = -1;

static void prepare_mask_file(const char *tmp) {
  tmp_dir_fd = open(tmp, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (tmp_dir_fd < 0) die("open %s", tmp);
  int fd = openat(tmp_dir_fd, ".lmctfy-mask", O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0444);
  if (fd < 0) die("create the mask file in %s", tmp);
  close(fd);
  mask_file_fd = openat(tmp_dir_fd, ".lmctfy-mask", O_PATH | O_CLOEXEC);
  if (mask_file_fd < 0) die("open the mask file");
}

static void mask_paths(const struct config *c) {
  char mask_src[64];
  snprintf(mask_src, sizeof mask_src, "/proc/self/fd/%d", mask_file_fd);
  for (int i = 0; i < c->nmasks; i++) {
    struct stat st;
    if (stat(c->masks[i], &st) < 0) continue; /* nothing to hide */
    if (S_ISDIR(st.st_mode)) {
      mount_or_die("tmpfs", c->masks[i], "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0");
    } else {
      mount_or_die(mask_src, c->masks[i], NULL, MS_BIND, NULL);
      make_readonly(c->masks[i]);
    }
  }
  for (int i = 0; i < c->nro; i++) {
    struct stat st;
    if (stat(c->ro[i], &st) < 0) continue;
    mount_or_die(c->ro[i], c->ro[i], NULL, MS_BIND | MS_REC, NULL);
    make_readonly(c->ro[i]);
  }
  close(mask_file_fd);
  if (unlinkat(tmp_dir_fd, ".lmctfy-mask", 0) < 0) die("remove the mask file");
  close(tmp_dir_fd);
}

/* pivot_root(".", ".") stacks the old root on the new one; detaching "." then drops it. */
static void pivot(const char *root) {
  if (chdir(root) < 0) die("chdir %s", root);
  if (syscall(SYS_pivot_root, ".", ".") < 0) die("pivot_root %s", root);
  if (umount2(".", MNT_DETACH) < 0) die("detach the old root");
  if (chdir("/") < 0) die("chdir /");
}

static void setup_mounts(const struct config *c) {
  /* Nothing mounted here may propagate back to the host (or from it). */
  mount_or_die(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
  const char *root = "";
  if (c->rootfs) {
    mount_or_die(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL); /* pivot_root needs a mount point */
    root = c->rootfs;
  }
  /* Bind sources are host paths: pin them now, before /tmp or /proc could hide them. */
  int sources[MAX_LIST];
  for (int i = 0; i < c->nbinds; i++) {
    sources[i] = open(c->binds[i].src, O_PATH | O_CLOEXEC);
    if (sources[i] < 0) die("bind source %s", c->binds[i].src);
  }
  char path[4096];
  join_path(path, sizeof path, root, "/proc");
  mkdir_p(path, 0555);
  mount_or_die("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  setup_sys(root);
  if (c->rootfs) setup_dev(root); /* without a rootfs the host's /dev stays (lmctfy's virtual host) */
  join_path(path, sizeof path, root, "/tmp");
  mkdir_p(path, 01777);
  mount_or_die("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
  prepare_mask_file(path);
  for (int i = 0; i < c->nbinds; i++) {
    const struct bind *b = &c->binds[i];
    char src[64];
    snprintf(src, sizeof src, "/proc/self/fd/%d", sources[i]);
    join_path(path, sizeof path, root, b->dst);
    make_target(src, path);
    mount_or_die(src, path, NULL, MS_BIND | MS_REC, NULL);
    close(sources[i]);
    if (b->ro) make_readonly(path);
  }
  if (c->rootfs) pivot(c->rootfs);
  mask_paths(c);
}
