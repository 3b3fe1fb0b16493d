#!/usr/bin/env bash
# Makes the root file system of the QEMU guests: debootstrap of a Debian release with the tools
# the scenarios drive (no kernel: kernels come separately, with their modules on their own
# disk), the guest's init and agent, as an ext4 image. The harness caches it by a hash of this
# recipe (this script, the package list, the guest files) and boots it with -snapshot, so the
# image itself never changes.
#   build-rootfs.sh RELEASE OUT_IMAGE MIRROR PACKAGE[,PACKAGE...] EXECUTOR
# EXECUTOR is harness/exec/executor/executor.py (or its copy in dist/), the guest's agent.
set -euo pipefail
release=$1 image=$2 mirror=$3 packages=$4 executor=$5
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${NETRECIPES_BUILD_DIR:-/tmp}/netrecipes-rootfs-XXXXXX")
trap 'rm -rf "$dir"' EXIT
if ! debootstrap --variant=minbase --include="$packages" "$release" "$dir" "$mirror" >"$dir.log" 2>&1; then
  echo "debootstrap $release failed (apt-get install -y debootstrap?):" >&2
  tail -5 "$dir.log" >&2
  rm -f "$dir.log"
  exit 4
fi
rm -f "$dir.log"
install -D -m 755 "$here/guest/init.sh" "$dir/usr/local/lib/netrecipes/init.sh"
install -D -m 644 "$executor" "$dir/usr/local/lib/netrecipes/executor.py"
mkdir -p "$dir/usr/lib/modules"
echo netrecipes-guest > "$dir/etc/hostname"
: > "$dir/etc/resolv.conf"
rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
size=$(( $(du -sm "$dir" | cut -f1) * 13 / 10 + 128 ))
mkfs.ext4 -q -F -L root -d "$dir" "$image.tmp" "${size}M" >/dev/null
mv "$image.tmp" "$image"
