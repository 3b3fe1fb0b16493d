# Turns a netns sandbox into a private libvirt host for one run (bash -c TEXT libvirt-host
# RUN_DIR POOL). Everything libvirt writes goes under RUN_DIR, bind-mounted over its usual
# places inside this sandbox's own mount namespace: the host's /etc/libvirt and /var/lib/libvirt
# are never written. QEMU runs as root with no security driver (the images are root's), no
# cgroups (the sandbox has its own /sys), no network is autostarted, and RUN_DIR becomes the storage pool the Vagrantfile's disks live in.
set -euo pipefail
run=$1 pool=$2
mkdir -p "$run/etc" "$run/lib" "$run/cache" "$run/log"
cp -a /etc/libvirt/. "$run/etc/"
rm -f "$run"/etc/qemu/networks/autostart/*.xml
cat >> "$run/etc/qemu.conf" <<'CONF'
user = "root"
group = "root"
dynamic_ownership = 0
security_driver = "none"
cgroup_controllers = [ ]
CONF
mount --bind "$run/etc" /etc/libvirt
mount --bind "$run/lib" /var/lib/libvirt 2>/dev/null || { mkdir -p /var/lib/libvirt && mount --bind "$run/lib" /var/lib/libvirt; }
mkdir -p /var/cache/libvirt /var/log/libvirt
mount --bind "$run/cache" /var/cache/libvirt
mount --bind "$run/log" /var/log/libvirt
virtlogd -d
libvirtd -d
for _ in $(seq 100); do [ -S /run/libvirt/libvirt-sock ] && break; sleep 0.1; done
[ -S /run/libvirt/libvirt-sock ] || { echo "libvirtd did not start (its log: $run/log)" >&2; exit 1; }
virsh -q pool-create-as "$pool" dir --target "$run" >/dev/null
