#!/usr/bin/env bash
# Which kernel, distro and tool versions a sandbox has, one line each, for the report's
# properties (sandbox-info.ts reads the lines in this order).
uname -r
. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-unknown}"
iptables --version 2>/dev/null | head -1 || echo none
ip -V 2>/dev/null | head -1 || echo none
conntrack --version 2>/dev/null | head -1 || echo none
