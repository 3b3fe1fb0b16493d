#!/usr/bin/env bash
# Makes what a QEMU guest boots a kernel with, from the kernel's files wherever they came from
# (a Debian package, an image file and its module tree, a build directory): vmlinuz, an initrd
# (static busybox and the modules that reach the disks: virtio_pci, virtio_blk, ext4 and their
# dependencies from modules.dep, decompressed) and modules.img (the whole module tree as a
# read-only ext4 disk; an empty one for a kernel without modules). The module tree is copied
# first: depmod never writes into the caller's tree.
#   kernel-boot-files.sh OUT_DIR RELEASE VMLINUZ [MODULES_DIR|-] [CONFIG|-]
# MODULES_DIR is the lib/modules/RELEASE folder; without it OUT_DIR/builtin-only says so. Writes OUT_DIR atomically (a sibling .tmp first).
set -euo pipefail
out=$1 release=$2 vmlinuz=$3 modules=${4:--} config=${5:--}
work=$(mktemp -d "$out.tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
moddir=$work/root/lib/modules/$release
mkdir -p "$moddir"
if [ "$modules" != - ]; then
  cp -a "$modules/." "$moddir/"
  depmod -b "$work/root" "$release"
fi

# The initrd: busybox plus the disk and file-system modules, dependencies first (none when they are built in).
initrd=$work/initrd
mkdir -p "$initrd"/{bin,proc,sys,dev,modules,newroot}
cp /bin/busybox "$initrd/bin/busybox"
cp "$(dirname "$0")/guest/initrd-init.sh" "$initrd/init"
chmod +x "$initrd/init"
declare -A seen=()
order=()
add() { # add MODULE_PATH(relative to moddir) after its dependencies
  local rel=$1 dep
  [ -n "${seen[$rel]:-}" ] && return
  seen[$rel]=1
  for dep in $(awk -v m="$rel:" '$1 == m { $1 = ""; print }' "$moddir/modules.dep"); do add "$dep"; done
  order+=("$rel")
}
if [ -f "$moddir/modules.dep" ]; then
  for name in virtio_pci virtio_blk ext4 crc32c_generic crc32c-intel; do
    rel=$(awk -F: -v n="$name" '{ f = $1; sub(/.*\//, "", f); sub(/\.ko.*/, "", f); gsub(/-/, "_", f); m = n; gsub(/-/, "_", m); if (f == m) { print $1; exit } }' "$moddir/modules.dep")
    [ -n "$rel" ] && add "$rel"
  done
fi
: > "$initrd/boot-modules"
for rel in "${order[@]}"; do
  base=$(basename "$rel")
  case $base in
    *.ko.xz) xz -dc "$moddir/$rel" > "$initrd/modules/${base%.xz}"; base=${base%.xz} ;;
    *.ko.zst) zstd -qdc "$moddir/$rel" > "$initrd/modules/${base%.zst}"; base=${base%.zst} ;;
    *) cp "$moddir/$rel" "$initrd/modules/$base" ;;
  esac
  echo "$base" >> "$initrd/boot-modules"
done
(cd "$initrd" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.img"

# The module tree as a small read-only disk.
size=$(( $(du -sm "$moddir" | cut -f1) * 13 / 10 + 32 ))
mkfs.ext4 -q -F -L modules -d "$work/root/lib/modules" "$work/modules.img" "${size}M" >/dev/null
cp "$vmlinuz" "$work/vmlinuz"
echo "$release" > "$work/release"
[ "$config" = - ] || cp "$config" "$work/config"
[ "$modules" != - ] || : > "$work/builtin-only" # only what is built in can be used
rm -rf "$work/root" "$work/initrd"
rm -rf "$out"
mv "$work" "$out"
trap - EXIT
echo "$release"
