#!/usr/bin/env bash
# Fetches a Debian kernel package without installing it: a private apt state for one suite of
# the mirror this machine already uses, apt-get download, dpkg-deb -x. Then makes what a QEMU
# guest boots with: vmlinuz, an initrd (static busybox and the modules that reach the disks) and
# modules.img (the kernel's whole module tree, mounted read-only by the guest).
#   fetch-kernel.sh SUITE PACKAGE OUT_DIR MIRROR
# PACKAGE is a linux-image package name, or "linux-image-amd64" for the suite's newest.
# Prints the kernel release on its last line.
set -euo pipefail
suite=$1 package=$2 out=$3 mirror=$4
work=$(mktemp -d "$out.tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" > "$work/sources.list"
apt=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o Debug::NoLocking=true
  -o APT::Architecture=amd64 -o Acquire::Languages=none -o APT::Get::List-Cleanup=false)
if ! apt-get "${apt[@]}" -qq update 2>"$work/update.err"; then
  echo "apt-get update for suite '$suite' failed: $(tail -3 "$work/update.err")" >&2
  exit 4
fi
if [ "$package" = linux-image-amd64 ]; then
  package=$(apt-cache "${apt[@]}" depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
  [ -n "$package" ] || { echo "suite '$suite' has no linux-image-amd64 in main" >&2; exit 4; }
fi
if ! apt-cache "${apt[@]}" show "$package" >/dev/null 2>&1; then
  echo "kernel package '$package' is not in suite '$suite' of the mirror" >&2
  exit 4
fi
# Newer kernels split the image package into linux-binary-*, linux-modules-*...: take the parts
# of the same ABI that it depends on.
abi=${package#linux-image-}
parts=("$package" $(apt-cache "${apt[@]}" depends "$package" 2>/dev/null |
  awk -v abi="$abi" '$1 == "Depends:" && $2 ~ /^linux-/ && substr($2, length($2) - length(abi) + 1) == abi { print $2 }' | sort -u))
if ! (cd "$work" && apt-get "${apt[@]}" -qq download "${parts[@]}" 2>"$work/download.err"); then
  echo "downloading ${parts[*]} from suite '$suite' failed: $(tail -2 "$work/download.err")" >&2
  exit 4
fi
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
# Newer kernel packages ship /usr/lib/modules: look at both, as a merged-/usr system would.
if [ ! -d "$work/root/lib/modules" ] && [ -d "$work/root/usr/lib/modules" ]; then
  mkdir -p "$work/root/lib" && ln -s ../usr/lib/modules "$work/root/lib/modules"
fi
release=$(ls "$work/root/lib/modules/" 2>/dev/null | head -1)
[ -n "$release" ] || { echo "package '$package' holds no kernel modules" >&2; exit 4; }
moddir=$work/root/lib/modules/$release
depmod -b "$work/root" "$release"

# The initrd: busybox plus the disk and file-system modules, dependencies first.
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
for name in virtio_pci virtio_blk ext4 crc32c_generic crc32c-intel; do
  rel=$(awk -F: -v n="$name" '{ f = $1; sub(/.*\//, "", f); sub(/\.ko.*/, "", f); gsub(/-/, "_", f); m = n; gsub(/-/, "_", m); if (f == m) { print $1; exit } }' "$moddir/modules.dep")
  [ -n "$rel" ] && add "$rel"
done
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
mkfs.ext4 -q -F -L modules -d "$(readlink -f "$moddir/..")" "$work/modules.img" "${size}M" >/dev/null
vmlinuz=$work/root/boot/vmlinuz-$release
[ -f "$vmlinuz" ] || vmlinuz=$moddir/vmlinuz # newer packages keep it beside the modules
cp "$vmlinuz" "$work/vmlinuz"
echo "$release" > "$work/release"
echo "$package" > "$work/package"
mkdir -p "$out"
mv "$work/vmlinuz" "$work/initrd.img" "$work/modules.img" "$work/release" "$work/package" "$out/"
echo "$release"
