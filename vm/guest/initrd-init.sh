#!/bin/busybox sh
# /init of the initrd: load the modules that reach the disks (listed in /boot-modules, in
# dependency order), mount the root file system (vda) and the kernel's modules (vdb, read-only),
# put our guest files (/netrecipes: the guest's init and agent, appended to the kernel's initrd
# by harness/backends/guest/guest-initrd.ts) into the root, mount what the guest's init needs
# (/proc, /sys, /dev, /run, /tmp) and hand over to the guest's init. Mounting here, with the
# static busybox, is cheaper than in the root: under TCG every exec of a dynamically linked
# `mount` costs tens of ms. The root is opened with snapshot=on: what is copied there lasts as
# long as this guest. "netrecipes-boot: STAGE UPTIME" lines mark the boot's phases
# (harness/backends/guest/boot-phases.ts).
/bin/busybox mount -t proc proc /proc
echo "netrecipes-boot: initramfs $(/bin/busybox cut -d' ' -f1 /proc/uptime)" > /dev/console
/bin/busybox --install -s /bin
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /boot-modules); do insmod "/modules/$m" 2>/dev/null; done
for _ in $(seq 200); do [ -b /dev/vda ] && [ -b /dev/vdb ] && break; sleep 0.02; done
mkdir -p /newroot
if ! mount -t ext4 -o rw /dev/vda /newroot; then
  echo "netrecipes initrd: cannot mount /dev/vda" > /dev/console
  echo o > /proc/sysrq-trigger
fi
new=/newroot
mount -t ext4 -o ro /dev/vdb $new/usr/lib/modules
# The agent's port now, so that the guest's init starts the agent at once (a no-op where
# virtio_console is built in; busybox reads the kernel's modules.dep).
modprobe -d $new/usr/lib/modules virtio_console 2>/dev/null
mkdir -p $new/usr/local/lib/netrecipes
cp /netrecipes/* $new/usr/local/lib/netrecipes/
for d in proc sys dev; do mount --move /$d $new/$d; done
mkdir -p $new/dev/pts $new/dev/shm
mount -t devpts devpts $new/dev/pts
mount -t tmpfs tmpfs $new/dev/shm
mount -t tmpfs -o mode=755 tmpfs $new/run
mount -t tmpfs tmpfs $new/tmp
mkdir -p $new/run/netns $new/run/netrecipes
echo "netrecipes-boot: root $(cut -d' ' -f1 $new/proc/uptime)" > $new/dev/console
exec switch_root $new /usr/local/lib/netrecipes/init.sh
