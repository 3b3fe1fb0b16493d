#!/bin/sh
# Shadows modprobe inside netns sandboxes (first on PATH): a sandbox cannot load kernel modules.
# A module that is already there is fine, as modprobe would say: loaded (/sys/module), found
# present by the harness (.modules), or built into the kernel: listed in modules.builtin, or,
# where the kernel has no modules folder at all, its CONFIG_ option is =y in the kernel's config
# (br_netfilter with CONFIG_BRIDGE_NETFILTER=y). Anything else fails with what to do instead.

# The kernel's config, where it can be read: /proc/config.gz, else /boot/config-RELEASE.
kernel_config() {
  if [ -r /proc/config.gz ]; then gzip -dc /proc/config.gz 2>/dev/null
  elif [ -r "/boot/config-$(uname -r)" ]; then cat "/boot/config-$(uname -r)"
  fi
}

# The CONFIG_ options that build module $1 (the usual ones; a name not listed is its own name in
# capitals, as veth is CONFIG_VETH).
config_options() {
  case "$1" in
    br_netfilter) echo BRIDGE_NETFILTER ;;
    fou) echo NET_FOU ;;
    vrf) echo NET_VRF ;;
    ip_gre) echo NET_IPGRE ;;
    ipip) echo NET_IPIP ;;
    sit) echo IPV6_SIT ;;
    ip6_gre) echo IPV6_GRE ;;
    ip6_tunnel) echo IPV6_TUNNEL ;;
    8021q) echo VLAN_8021Q ;;
    team) echo NET_TEAM ;;
    mpls_router) echo MPLS_ROUTING ;;
    mpls_iptunnel) echo MPLS_IPTUNNEL ;;
    nf_conntrack_netlink) echo NF_CT_NETLINK ;;
    nft_chain_nat) echo NFT_NAT ;;
    xt_nat) echo NETFILTER_XT_NAT ;;
    sch_*) echo "NET_SCH_${1#sch_}" ;;
    cls_*) echo "NET_CLS_${1#cls_}" ;;
    act_*) echo "NET_ACT_${1#act_}" ;;
    xt_*) echo "NETFILTER_XT_MATCH_${1#xt_} NETFILTER_XT_TARGET_${1#xt_} NETFILTER_XT_${1#xt_}" ;;
    iptable_*) echo "IP_NF_${1#iptable_}" ;;
    ip6table_*) echo "IP6_NF_${1#ip6table_}" ;;
    *) echo "$1" ;;
  esac
}

built_in() {
  builtin_list=/lib/modules/$(uname -r)/modules.builtin
  if [ -r "$builtin_list" ]; then
    grep -Eq "(^|/)$1\.ko" "$builtin_list"
    return
  fi
  config=$(kernel_config)
  [ -n "$config" ] || return 1
  for option in $(config_options "$1" | tr '[:lower:]' '[:upper:]'); do
    printf '%s\n' "$config" | grep -qx "CONFIG_$option=y" && return 0
  done
  return 1
}

status=0
for arg in "$@"; do
  case "$arg" in
    -r|--remove|-rf) echo "modprobe: a netrecipes sandbox cannot unload kernel modules" >&2; exit 1 ;;
    -*) continue ;;
    *=*) continue ;;
  esac
  m=$(printf '%s' "$arg" | tr - _)
  [ -d "/sys/module/$m" ] && continue
  grep -qx "$m" /run/sandbox/bin/.modules 2>/dev/null && continue  # present, as the harness found
  built_in "$m" && continue
  echo "modprobe: a netrecipes sandbox cannot load kernel modules, and '$arg' is not loaded here." >&2
  echo "  Declare it in the scenario (requires: { kernel: [$arg] }): the harness then loads it before the run, or skips the scenario where the kernel lacks it." >&2
  status=1
  break
done
exit $status
