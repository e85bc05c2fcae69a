#!/bin/busybox sh
# PID 1 of the test VM (see run-in-vm.mjs); busybox ash, no host libc needed.
# Stage 1 (initramfs): load the virtio/9p/overlay modules, make the host's / the root
# (read-only over 9p, with a tmpfs overlay for writes), mount the read-write shares at
# their host paths, cgroup2 with every controller delegated, then switch_root.
# Stage 2 (PID 1 in the new root, so pivot_root works for later namespace tests): run
# the command in a leaf cgroup with stdout/stderr on virtio consoles, write its exit
# status to the run directory and power off (sysrq b; qemu runs with -no-reboot).
# Errors: say why on hvc0 and power off; the host reports the missing status.

log() { echo "lmctfy-vm: $*"; }
die() { log "FAILED: $*"; echo b > /proc/sysrq-trigger; sleep 60; }
P9='trans=virtio,version=9p2000.L,msize=262144'

if [ "$1" != stage2 ]; then
  /bin/busybox --install -s /bin
  export PATH=/bin
  mount -t devtmpfs dev /dev
  mount -t proc proc /proc
  mount -t sysfs sys /sys
  # No console before virtio_console is in: hvc0 exists only after the modules load.
  while read -r m; do insmod "/lib/modules/$m" || die "insmod $m"; done < /modules.order
  exec > /dev/hvc0 2>&1
  for a in $(cat /proc/cmdline); do case $a in lmctfy.run=*) run=${a#lmctfy.run=} ;; esac; done
  [ -n "$run" ] || die 'no lmctfy.run= on the kernel command line'

  mount -t tmpfs -o mode=0755 rw /rw
  mkdir -p /rw/lower /rw/upper /rw/work
  # cache=loose: the host's / does not change under a test run, and every uncached
  # open over 9p costs ~5 ms under TCG.
  mount -t 9p -o "$P9,cache=loose,ro" hostroot /rw/lower || die 'mount hostroot'
  mount -t overlay -o lowerdir=/rw/lower,upperdir=/rw/upper,workdir=/rw/work root /new || die 'mount overlay'
  for d in dev proc sys; do mount --move /$d /new/$d || die "move /$d"; done
  mkdir -p /new/dev/pts /new/dev/shm
  mount -t devpts -o newinstance,ptmxmode=0666 devpts /new/dev/pts
  mount -t tmpfs shm /new/dev/shm
  mount -t tmpfs -o mode=0755 run /new/run  # no host state (e.g. /run/lmctfy) inside
  mkdir -p "/new$run" && mount -t 9p -o "$P9" vmrun "/new$run" || die "mount $run"
  # Further read-write shares: "<tag> <absolute path> <9p cache mode>" per line.
  while read -r tag dir cache; do
    mkdir -p "/new$dir" && mount -t 9p -o "$P9,cache=$cache" "$tag" "/new$dir" || die "mount $dir"
  done < "/new$run/mounts"

  # A pure v2 host: cgroup_no_v1=all on the command line, cgroup2 where v1 would be.
  cg=/new/sys/fs/cgroup
  mount -t cgroup2 -o nsdelegate,memory_recursiveprot cgroup2 $cg || die 'mount cgroup2'
  for c in $(cat $cg/cgroup.controllers); do echo "+$c" > $cg/cgroup.subtree_control || die "enable $c"; done
  mkdir $cg/test-runner || die 'mkdir test-runner cgroup'
  log "cgroup2 controllers: $(cat $cg/cgroup.subtree_control)"

  mkdir -p /new/run/lmctfy-vm
  cp /bin/busybox /init /new/run/lmctfy-vm/
  exec switch_root /new /run/lmctfy-vm/busybox sh /run/lmctfy-vm/init stage2 "$run"
fi

run=$2
vm=/run/lmctfy-vm
$vm/busybox mkdir $vm/bin && $vm/busybox --install -s $vm/bin
export PATH=$vm/bin
log "running the command, $(cut -d' ' -f1 /proc/uptime) s after boot"
# Pipes, not the console TTYs, for the command (tools act interactive on a TTY); raw
# ports so that the host gets the bytes unchanged (no \n -> \r\n).
stty -F /dev/hvc1 raw -echo
stty -F /dev/hvc2 raw -echo
mkfifo $vm/out $vm/err
cat $vm/out > /dev/hvc1 &
o=$!
cat $vm/err > /dev/hvc2 &
e=$!
# The command starts in the leaf cgroup test-runner (the root cgroup holds no tests' processes).
sh -c 'echo $$ > /sys/fs/cgroup/test-runner/cgroup.procs && exec env -i /bin/sh "$1"' - "$run/cmd.sh" \
  < /dev/null > $vm/out 2> $vm/err
status=$?
# A leftover process holding the pipes would keep cat from ending: give them 5 s.
(sleep 5; kill $o $e 2> /dev/null) &
wait $o $e
log "the command exited with status $status, $(cut -d' ' -f1 /proc/uptime) s after boot"
kill -9 -1 # every process but PID 1: the leftovers and the watchdog
echo "$status" > "$run/status"
sync
echo b > /proc/sysrq-trigger
sleep 60
