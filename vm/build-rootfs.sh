#!/usr/bin/env bash
# Makes the root file system of the QEMU guests: debootstrap of a Debian release with the tools
# the scenarios drive (no kernel: kernels come separately, with their modules on their own
# disk), as an ext4 image. Our own guest files (init, agent) are not in it: the initrd brings
# them (harness/backends/guest/guest-initrd.ts). The harness caches it by a hash of this recipe
# (this script, the release, the package list) and boots it with snapshot=on, so the image
# itself never changes.
#   build-rootfs.sh RELEASE OUT_IMAGE MIRROR PACKAGE[,PACKAGE...]
set -euo pipefail
release=$1 image=$2 mirror=$3 packages=$4
dir=$(mktemp -d "${NETRECIPES_BUILD_DIR:-/tmp}/netrecipes-rootfs-XXXXXX")
trap 'rm -rf "$dir"' EXIT
if ! debootstrap --variant=minbase --include="$packages" "$release" "$dir" "$mirror" >"$dir.log" 2>&1; then
  echo "debootstrap $release failed (apt-get install -y debootstrap?):" >&2
  tail -5 "$dir.log" >&2
  rm -f "$dir.log"
  exit 4
fi
rm -f "$dir.log"
mkdir -p "$dir/usr/lib/modules" "$dir/usr/local/lib/netrecipes"
echo netrecipes-guest > "$dir/etc/hostname"
: > "$dir/etc/resolv.conf"
rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
size=$(( $(du -sm "$dir" | cut -f1) * 13 / 10 + 128 ))
mkfs.ext4 -q -F -L root -d "$dir" "$image.tmp" "${size}M" >/dev/null
mv "$image.tmp" "$image"
