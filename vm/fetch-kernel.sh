#!/usr/bin/env bash
# Downloads a Debian kernel package without installing it: a private apt state for one suite of
# the mirror this machine already uses, apt-get download into OUT_DIR, where the .deb files stay
# (the harness unpacks them as it unpacks any linux-image .deb: backends/guest/kernel-source.ts).
#   fetch-kernel.sh SUITE PACKAGE OUT_DIR MIRROR
# PACKAGE is a linux-image package name, or "linux-image-amd64" for the suite's newest.
# Newer kernels come split into linux-binary-*/linux-modules-*: the parts of the same ABI are
# fetched together. Prints the exact package on its last line.
set -euo pipefail
suite=$1 package=$2 out=$3 mirror=$4
work=$(mktemp -d "$out.tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
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
abi=${package#linux-image-}
parts=("$package" $(apt-cache "${apt[@]}" depends "$package" 2>/dev/null |
  awk -v abi="$abi" '$1 == "Depends:" && $2 ~ /^linux-/ && substr($2, length($2) - length(abi) + 1) == abi { print $2 }' | sort -u))
if ! (cd "$work/debs" && apt-get "${apt[@]}" -qq download "${parts[@]}" 2>"$work/download.err"); then
  echo "downloading ${parts[*]} from suite '$suite' failed: $(tail -2 "$work/download.err")" >&2
  exit 4
fi
echo "$package" > "$work/debs/package"
rm -rf "$out"
mv "$work/debs" "$out"
echo "$package"
