// The kernel config options behind each `requires.kernel` name (a module name, as the feature
// probes and modprobe know it): what `doctor --kernel-config` and a --kernel path's check before
// boot look for. Each list ends with the feature's own option and starts with the menus it sits
// in, since `scripts/config --enable X` does nothing when X's menu is off.

const NF = ['CONFIG_NETFILTER'];
const CONNTRACK = [...NF, 'CONFIG_NF_CONNTRACK'];
const XT = [...NF, 'CONFIG_NETFILTER_XTABLES'];
const SCHED = ['CONFIG_NET_SCHED'];
const IPV6 = ['CONFIG_IPV6'];

/** requires.kernel name (module name, `-` as `_`) -> the options it needs. */
const FEATURE_OPTIONS: Record<string, string[]> = {
  veth: ['CONFIG_VETH'],
  bridge: ['CONFIG_BRIDGE'],
  br_netfilter: ['CONFIG_BRIDGE', ...NF, 'CONFIG_BRIDGE_NETFILTER'],
  nf_conntrack: CONNTRACK,
  nf_nat: [...CONNTRACK, 'CONFIG_NF_NAT'],
  nf_tables: [...NF, 'CONFIG_NF_TABLES'],
  nft_chain_nat: [...CONNTRACK, 'CONFIG_NF_TABLES', 'CONFIG_NFT_NAT'],
  nft_compat: [...XT, 'CONFIG_NF_TABLES', 'CONFIG_NFT_COMPAT'],
  nft_fib: [...NF, 'CONFIG_NF_TABLES', 'CONFIG_NFT_FIB_INET'],
  iptable_filter: [...XT, 'CONFIG_IP_NF_IPTABLES', 'CONFIG_IP_NF_FILTER'],
  iptable_nat: [...XT, 'CONFIG_NF_CONNTRACK', 'CONFIG_NF_NAT', 'CONFIG_IP_NF_IPTABLES', 'CONFIG_IP_NF_NAT'],
  iptable_mangle: [...XT, 'CONFIG_IP_NF_IPTABLES', 'CONFIG_IP_NF_MANGLE'],
  xt_MASQUERADE: [...XT, 'CONFIG_NF_NAT', 'CONFIG_NETFILTER_XT_TARGET_MASQUERADE'],
  xt_conntrack: [...XT, 'CONFIG_NF_CONNTRACK', 'CONFIG_NETFILTER_XT_MATCH_CONNTRACK'],
  xt_nat: [...XT, 'CONFIG_NF_NAT', 'CONFIG_NETFILTER_XT_NAT'],
  xt_LOG: [...XT, 'CONFIG_NETFILTER_XT_TARGET_LOG'],
  xt_mark: [...XT, 'CONFIG_NETFILTER_XT_MARK'],
  xt_addrtype: [...XT, 'CONFIG_NETFILTER_XT_MATCH_ADDRTYPE'],
  ebtables: ['CONFIG_BRIDGE', ...NF, 'CONFIG_BRIDGE_NF_EBTABLES'],
  vxlan: ['CONFIG_VXLAN'],
  geneve: ['CONFIG_GENEVE'],
  wireguard: ['CONFIG_WIREGUARD'],
  dummy: ['CONFIG_DUMMY'],
  macvlan: ['CONFIG_MACVLAN'],
  macvtap: ['CONFIG_MACVLAN', 'CONFIG_MACVTAP'],
  ipvlan: ['CONFIG_IPVLAN'],
  ipvtap: ['CONFIG_IPVLAN', 'CONFIG_IPVTAP'],
  macsec: ['CONFIG_MACSEC'],
  vrf: ['CONFIG_NET_VRF'],
  bonding: ['CONFIG_BONDING'],
  team: ['CONFIG_NET_TEAM'],
  ifb: ['CONFIG_IFB'],
  tun: ['CONFIG_TUN'],
  '8021q': ['CONFIG_VLAN_8021Q'],
  ipip: ['CONFIG_NET_IPIP'],
  gre: ['CONFIG_NET_IPGRE_DEMUX'],
  ip_gre: ['CONFIG_NET_IPGRE_DEMUX', 'CONFIG_NET_IPGRE'],
  ip_vti: ['CONFIG_NET_IPVTI'],
  sit: [...IPV6, 'CONFIG_IPV6_SIT'],
  ip6_gre: [...IPV6, 'CONFIG_IPV6_GRE'],
  ip6_tunnel: [...IPV6, 'CONFIG_IPV6_TUNNEL'],
  ip6_vti: [...IPV6, 'CONFIG_IPV6_VTI'],
  bareudp: ['CONFIG_BAREUDP'],
  xfrm_interface: ['CONFIG_XFRM', 'CONFIG_XFRM_INTERFACE'],
  vcan: ['CONFIG_CAN', 'CONFIG_CAN_VCAN'],
  nlmon: ['CONFIG_NLMON'],
  batman_adv: ['CONFIG_BATMAN_ADV'],
  openvswitch: ['CONFIG_OPENVSWITCH'],
  act_mirred: [...SCHED, 'CONFIG_NET_CLS_ACT', 'CONFIG_NET_ACT_MIRRED'],
};

/** What every sandbox needs of a kernel, whatever the scenario: its namespaces. */
export const SANDBOX_OPTIONS = ['CONFIG_NAMESPACES', 'CONFIG_NET_NS', 'CONFIG_PID_NS'];

/**
 * The options `feature` needs; a qdisc or classifier, NET_SCH_<KIND> or NET_CLS_<KIND> (Kconfig's own naming);
 * undefined when the feature is not known (it is then only probed at run time).
 */
export function optionsFor(feature: string): string[] | undefined {
  const key = feature.replace(/-/g, '_');
  const known = FEATURE_OPTIONS[key];
  if (known) return known;
  const tc = /^(sch|cls)_(\w+)$/.exec(key);
  if (tc) return [...SCHED, `CONFIG_NET_${tc[1]!.toUpperCase()}_${tc[2]!.toUpperCase()}`];
  return undefined;
}
