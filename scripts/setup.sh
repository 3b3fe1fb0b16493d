#!/usr/bin/env bash
# Set-up for a fresh Debian 12 (or Ubuntu) machine, as root: the tools the scenarios drive and,
# in a source checkout, the npm dependencies.
#   setup.sh                      the netns backend's tools
#   setup.sh --backend LIST       also what these backends need (names --backend takes)
#   setup.sh --for-tests          every backend, and Chromium for the report's browser test
# What each backend needs is its descriptor's, read from scripts/backends.txt (this runs before
# npm install, so it cannot ask netrecipes): container gets Docker (and a running daemon), qemu
# QEMU and what vm/ builds kernels' initrds and disk images with, vagrant vagrant-libvirt too;
# each that builds from Debian's archive gets debootstrap and debian-archive-keyring (apt checks
# Debian's packages with it, also on a machine whose own apt is not Debian's).
# Idempotent and quick when everything is already there, so every README command starts with it.
set -euo pipefail
cd "$(dirname "$0")/.."
backends=netns for_tests=false
while [ $# -gt 0 ]; do
  case $1 in
    --for-tests) for_tests=true backends=all ;;
    --backend) backends="netns,${2:?--backend needs a list}"; shift ;;
    *) echo "setup: unknown option $1 (--for-tests, --backend LIST)" >&2; exit 2 ;;
  esac
  shift
done
wants() { [ "$backends" = all ] || [[ ",$backends," == *",$1,"* ]]; }

# Debian packages that provide each command the harness and the seed suite use.
declare -A PACKAGE=(
  [ip]=iproute2 [bridge]=iproute2 [ss]=iproute2 [iptables]=iptables [iptables-save]=iptables
  [conntrack]=conntrack [nft]=nftables [tcpdump]=tcpdump [curl]=curl [nc]=netcat-openbsd [ping]=iputils-ping
  [python3]=python3 [ethtool]=ethtool [brctl]=bridge-utils [ifconfig]=net-tools [sysctl]=procps
  [pgrep]=procps [nsenter]=util-linux [unshare]=util-linux [xmllint]=libxml2-utils [bc]=bc
)
$for_tests && PACKAGE[chromium]=chromium
# kselftest steps build the selftests' C helpers (nettest) inside the sandbox, with the host's compiler
$for_tests && PACKAGE[cc]=gcc
# and what the chosen backends need: commands (with the package that ships each), files, packages
declare -A FILE_PACKAGE=()
DPKG=()
while read -r backend fact what package; do
  [[ $backend == \#* ]] && continue
  wants "$backend" || continue
  case $fact in
    command) PACKAGE[$what]=$package ;;
    file) FILE_PACKAGE[$what]=$package ;;
    package) DPKG+=("$what") ;;
  esac
done < scripts/backends.txt
PATH="$PATH:/usr/sbin:/sbin"
missing=()
for cmd in "${!PACKAGE[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("${PACKAGE[$cmd]}"); done
for file in "${!FILE_PACKAGE[@]}"; do [ -f "$file" ] || missing+=("${FILE_PACKAGE[$file]}"); done
for pkg in "${DPKG[@]}"; do dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg"); done
if $for_tests && [ ! -f /usr/include/stdio.h ]; then missing+=(libc6-dev); fi  # the C library's headers, for cc
# a Docker client alone (no daemon answering, no dockerd to start): the daemon below needs docker.io
if wants container && ! command -v dockerd >/dev/null 2>&1 && ! docker info >/dev/null 2>&1; then missing+=(docker.io); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages: ${missing[*]}; run as root or: apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Install daemons (libvirtd, dockerd) without starting them: a libvirtd started by its package
  # would bring up its default NAT network (virbr0, iptables rules) on this host. netrecipes
  # starts its own, inside sandboxes, with flags that leave the host alone.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -qq
  # shellcheck disable=SC2046
  apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi

if wants container && ! docker info >/dev/null 2>&1; then
  # Our own daemon leaves the host's network alone: no iptables rules, no forwarding, no
  # docker0 (the sandboxes run with --network none anyway).
  log=/var/log/netrecipes-dockerd.log
  echo "setup: starting dockerd (log: $log)"
  nohup dockerd --iptables=false --ip-forward=false --bridge=none >"$log" 2>&1 &
  for _ in $(seq 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "setup: dockerd did not come up; see $log" >&2; exit 3; }
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: netrecipes needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 3
fi
# A source checkout installs its npm dependencies (and builds dist/); an installed package has them.
if [ -f package-lock.json ] && { [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
