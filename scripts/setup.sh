#!/usr/bin/env bash
# Set-up for a fresh Debian 12 machine, as root: the tools the scenarios drive and the npm
# dependencies. Idempotent and quick when everything is already there, so every README command
# starts with it.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages that provide each command the harness and the seed suite use.
declare -A PACKAGE=(
  [ip]=iproute2 [bridge]=iproute2 [ss]=iproute2 [iptables]=iptables [iptables-save]=iptables
  [conntrack]=conntrack [tcpdump]=tcpdump [curl]=curl [nc]=netcat-openbsd [ping]=iputils-ping
  [python3]=python3 [ethtool]=ethtool [brctl]=bridge-utils [ifconfig]=net-tools [sysctl]=procps
  [pgrep]=procps [nsenter]=util-linux [unshare]=util-linux [xmllint]=libxml2-utils [bc]=bc
)
PATH="$PATH:/usr/sbin:/sbin"
missing=()
for cmd in "${!PACKAGE[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("${PACKAGE[$cmd]}"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages: ${missing[*]}; run as root or: apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2046
  apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "setup: netrecipes needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 3
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
