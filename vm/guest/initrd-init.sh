#!/bin/busybox sh
# /init of the initrd: load the modules that reach the disks (listed in /boot-modules, in
# dependency order), mount the root file system (vda) and the kernel's modules (vdb, read-only),
# then hand over to the guest's init.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /boot-modules); do insmod "/modules/$m" 2>/dev/null; done
for _ in $(seq 100); do [ -b /dev/vda ] && [ -b /dev/vdb ] && break; sleep 0.05; done
mkdir -p /newroot
if ! mount -t ext4 -o rw /dev/vda /newroot; then
  echo "netrecipes initrd: cannot mount /dev/vda" > /dev/console
  echo o > /proc/sysrq-trigger
fi
mount -t ext4 -o ro /dev/vdb /newroot/usr/lib/modules
umount /proc /sys
mount --move /dev /newroot/dev 2>/dev/null || umount /dev
exec switch_root /newroot /usr/local/lib/netrecipes/init.sh
