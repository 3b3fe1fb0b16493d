// The Debian package that provides each command a scenario may name, for the hints that say
// what to install (requirements, doctor, a step's exit 127), and the commands no package
// provides (a selftest's helper built from the kernel tree). One home for the list.

/**
 * Debian package per command; for a command not listed here no package is named. Each is a
 * package that ships the command (a file in a bin folder, or a name its postinst registers with
 * update-alternatives), checked against the packages themselves: test/fixtures/debian-commands.txt.
 */
export const PACKAGE_OF: Record<string, string> = {
  // iproute2 and friends
  ip: 'iproute2',
  bridge: 'iproute2',
  ss: 'iproute2',
  tc: 'iproute2',
  rtmon: 'iproute2',
  nstat: 'iproute2',
  devlink: 'iproute2',
  // firewalls and connection tracking (iptables registers ebtables and arptables too: their nft versions)
  iptables: 'iptables',
  'iptables-save': 'iptables',
  'iptables-restore': 'iptables',
  'iptables-legacy': 'iptables',
  'iptables-nft': 'iptables',
  ip6tables: 'iptables',
  'ip6tables-save': 'iptables',
  'ip6tables-restore': 'iptables',
  nft: 'nftables',
  ebtables: 'iptables',
  arptables: 'iptables',
  ipset: 'ipset',
  conntrack: 'conntrack',
  ipvsadm: 'ipvsadm',
  // probing and traffic
  ping: 'iputils-ping',
  ping6: 'iputils-ping',
  tracepath: 'iputils-tracepath',
  arping: 'iputils-arping',
  traceroute: 'traceroute',
  mtr: 'mtr-tiny',
  tcpdump: 'tcpdump',
  tshark: 'tshark',
  curl: 'curl',
  wget: 'wget',
  nc: 'netcat-openbsd',
  netcat: 'netcat-openbsd',
  ncat: 'ncat',
  socat: 'socat',
  telnet: 'inetutils-telnet',
  iperf: 'iperf',
  iperf3: 'iperf3',
  hping3: 'hping3',
  nmap: 'nmap',
  dig: 'bind9-dnsutils',
  nslookup: 'bind9-dnsutils',
  host: 'bind9-host',
  dnsmasq: 'dnsmasq-base',
  dhclient: 'isc-dhcp-client',
  python3: 'python3',
  // links, tunnels and legacy tools
  ethtool: 'ethtool',
  brctl: 'bridge-utils',
  ifconfig: 'net-tools',
  route: 'net-tools',
  arp: 'net-tools',
  netstat: 'net-tools',
  vconfig: 'vlan',
  iw: 'iw',
  wg: 'wireguard-tools',
  'wg-quick': 'wireguard-tools',
  'ovs-vsctl': 'openvswitch-switch',
  'ovs-ofctl': 'openvswitch-common',
  'ovs-appctl': 'openvswitch-common',
  lsof: 'lsof',
  // the system
  nsenter: 'util-linux',
  unshare: 'util-linux',
  dmesg: 'util-linux',
  mount: 'mount',
  sysctl: 'procps',
  ps: 'procps',
  pgrep: 'procps',
  pkill: 'procps',
  modprobe: 'kmod',
  lsmod: 'kmod',
  bash: 'bash',
  sudo: 'sudo',
  jq: 'jq',
  bc: 'bc',
  xxd: 'xxd',
  strace: 'strace',
  bpftool: 'bpftool',
  docker: 'docker.io',
  // what the kernel's net selftests call besides
  uuidgen: 'uuid-runtime',
  traceroute6: 'traceroute',
};

/** Commands no Debian package ships, and where they come from instead. */
export const NOT_PACKAGED: Record<string, string> = {
  nettest: "it is built from the kernel's tools/testing/selftests/net/nettest.c (a kselftest step builds it: helpers: [nettest])",
};

/** "apt-get install -y nftables", or that no package provides the command (that netrecipes knows of). */
export function installHint(command: string): string {
  const pkg = PACKAGE_OF[command];
  if (pkg) return `apt-get install -y ${pkg}`;
  const from = NOT_PACKAGED[command];
  return from ? `no Debian package provides ${command}: ${from}` : `no Debian package netrecipes knows provides ${command}`;
}

/** What to do about missing commands: one `apt-get install -y` line for those a package ships, then one for each of the others. */
export function installHints(commands: readonly string[]): string[] {
  const packaged = [...new Set(commands.flatMap((c) => (PACKAGE_OF[c] ? [PACKAGE_OF[c]] : [])))];
  const others = commands.filter((c) => !PACKAGE_OF[c]).map((c) => installHint(c));
  return [...(packaged.length ? [`apt-get install -y ${packaged.join(' ')}`] : []), ...others];
}

/**
 * What every image the harness builds holds (a container's, a VM guest's root): the commands of
 * the seed suite, both iptables flavours included.
 */
export const SANDBOX_IMAGE_PACKAGES = [
  'iproute2',
  'iptables',
  'conntrack',
  'tcpdump',
  'curl',
  'netcat-openbsd',
  'iputils-ping',
  'python3',
  'ethtool',
  'bridge-utils',
  'net-tools',
  'procps',
  'util-linux',
];
