// Finds the shell commands in a piece of an article (fenced blocks, or plain lines in exports
// without fences) and brings commands to a canonical form, so that an article's
// `$ sudo ping 8.8.8.8` and a scenario's `ping -c 1 -W 1 203.0.113.10` compare equal.
import { normalizeRule } from '../text/iptables-rule.js';
import { fenceRoles } from './markdown-blocks.js';
import { firstWord, withoutPrompt } from './prompts.js';

/** First words that make a line a command rather than output or prose. */
const COMMANDS = new Set([
  'ip',
  'iptables',
  'iptables-save',
  'ping',
  'tcpdump',
  'bridge',
  'brctl',
  'ifconfig',
  'ipconfig',
  'sysctl',
  'nc',
  'curl',
  'telnet',
  'ethtool',
  'modprobe',
  'python3',
  'nsenter',
  'conntrack',
  'ss',
  'netstat',
  'route',
  'echo',
  'bash',
]);
const BRIDGE_OBJECTS = /^bridge (?:-\S+ )*(link|fdb|mdb|vlan|monitor)\b/;
const LISTING = /^iptables (?:-t (\S+) )?(?:-S|--list-rules)\b/;

export interface DocCommand {
  /** 1-based line in the article. */
  line: number;
  text: string;
  canonical: string;
}

/** The command on a line, without prompt, or undefined when the line is output or prose. */
export function commandOnLine(line: string, inCode: boolean): string | undefined {
  const { text, prompted } = withoutPrompt(line);
  if (!text || text.startsWith('#')) return undefined;
  const word = firstWord(text);
  if (!COMMANDS.has(word)) return undefined;
  if (word === 'bridge' && !BRIDGE_OBJECTS.test(text.replace(/^sudo\s+/, ''))) return undefined;
  if (!inCode && !prompted && !/^sudo\s/.test(text) && !/^(ip|iptables|ping|tcpdump|bridge|brctl|sysctl|nc)\s/.test(text)) return undefined;
  return text;
}

/**
 * Commands in `lines`: inside fences when there are fences, else every line that reads as one.
 * Rules printed by `iptables [-t T] -S` count as the commands that would create them.
 */
export function extractCommands(lines: { n: number; text: string }[], substitutes: Record<string, string> = {}): DocCommand[] {
  const roles = fenceRoles(lines.map((l) => l.text));
  const fenced = roles.includes('fence');
  const out: DocCommand[] = [];
  let listingTable: string | undefined;
  const add = (n: number, text: string) => {
    const canon = canonical(substitute(text, substitutes));
    if (canon) out.push({ line: n, text, canonical: canon });
  };
  for (const [i, { n, text }] of lines.entries()) {
    if (roles[i] === 'fence') {
      listingTable = undefined;
      continue;
    }
    if (fenced && roles[i] === 'text') continue;
    const cmd = commandOnLine(text, fenced);
    if (cmd) {
      add(n, cmd);
      const listing = LISTING.exec(cmd.replace(/^sudo\s+/, ''));
      listingTable = listing ? (listing[1] ?? 'filter') : undefined;
      continue;
    }
    const rule = /^\s*(-[AN] .+|-P \S+ (?!ACCEPT)\S+)\s*$/.exec(text);
    if (listingTable && rule) add(n, `iptables -t ${listingTable} ${rule[1]}`);
  }
  return out;
}

function substitute(text: string, map: Record<string, string>): string {
  let out = text;
  for (const [from, to] of Object.entries(map)) out = out.split(from).join(to);
  return out;
}

function dropOptions(tokens: string[], withValue: string[], flags: string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (withValue.includes(tokens[i]!)) i++;
    else if (!flags.includes(tokens[i]!)) out.push(tokens[i]!);
  }
  return out;
}

const PRIVATE = /^(10\.|127\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;
/** Public addresses (an article's 8.8.8.8, a scenario's 203.0.113.10) all stand for "the internet". */
function internet(addr: string): string {
  return /^\d+\.\d+\.\d+\.\d+$/.test(addr) && !PRIVATE.test(addr) ? '<internet>' : addr;
}

function unwrap(command: string): string {
  let c = command;
  for (;;) {
    const before = c;
    c = c
      .replace(/^sudo (-\S+ )*/, '')
      .replace(/^ip netns exec \S+ /, '')
      .replace(/^nsenter (--?\S+ )*(?=[a-z])/, '');
    const wrapped = /^(?:ba)?sh -c (['"])(.*)\1$/.exec(c);
    if (wrapped) c = wrapped[2]!;
    if (c === before) return c;
  }
}

/**
 * The canonical form: no sudo, no `ip netns exec NS` / `nsenter --net=...` prefix, no
 * `bash -c '...'` wrapper; `echo 1 > /proc/sys/x/y` as `sysctl -w x.y=1`; ip's display options
 * dropped and objects spelled out; show and listing commands without their filters; and for
 * ping, curl and tcpdump only what names the target (timing, verbosity and output options are
 * the replayer's business).
 */
export function canonical(command: string): string {
  let c = unwrap(
    command
      .trim()
      .replace(/\s+#\s.*$/, '')
      .replace(/\s+/g, ' '),
  );
  if (/^nsenter\b/.test(c) || c.startsWith('-')) return ''; // entering a namespace interactively
  const proc = /^echo (\S+) > \/proc\/sys\/(\S+)$/.exec(c);
  if (proc) c = `sysctl -w ${proc[2]!.replace(/\//g, '.')}=${proc[1]}`;
  c = c.replace(/^sysctl (?:-q |-w |-qw |-wq )+/, 'sysctl -w ');
  c = c.replace(/^(ip|bridge) (?:-(?:j|d|br|s|o|c|4|6|json|details|brief) )+/, '$1 ');
  c = c
    .replace(/^ip r(?:o|ou|out|oute)?(?= |$)/, 'ip route')
    .replace(/^ip a(?:d|dd|ddr)?(?= |$)/, 'ip addr')
    .replace(/^ip l(?:i|in|ink)?(?= |$)/, 'ip link');
  c = c.replace(/^ip n(?:e|ei|eig|eigh|eighbour)?(?= |$)/, 'ip neigh');
  c = c.replace(/^ip (route|addr|link|neigh)(?: (?:show|list|ls|lst|sh)\b.*)?$/, 'ip $1 show');
  c = c.replace(/^bridge (link|fdb)(?: show\b.*)?$/, 'bridge $1 show');
  if (/^iptables-save\b/.test(c) || /^iptables (?:-t \S+ )?(?:-S|--list-rules|-L)\b/.test(c) || /^iptables -L \S+ -t \S+/.test(c))
    return `iptables list ${/-t (\S+)/.exec(c)?.[1] ?? 'filter'}`;
  // A rule change, in one form: explicit table, the rule as iptables-save would print it.
  const rule = /^iptables (?:-t (\S+) )?(-[AINDP]) (\S+) ?(.*)$/.exec(c);
  if (rule) return `iptables -t ${rule[1] ?? 'filter'} ${rule[2]} ${rule[3]}${rule[4] ? ` ${normalizeRule(rule[4])}` : ''}`;
  const tokens = c.split(' ');
  switch (tokens[0]) {
    case 'ping': {
      const dest = dropOptions(tokens.slice(1), ['-c', '-i', '-W', '-w', '-n', '-s', '-I'], ['-q', '-v']).find((t) => !/^\d+$/.test(t));
      return `ping ${internet(dest ?? '')}`;
    }
    case 'curl': {
      const url = tokens.slice(1).find((t) => !t.startsWith('-') && /[.:]/.test(t)) ?? '';
      return `curl ${url.replace(/^https?:\/\//, '').replace(/\/$/, '')}`;
    }
    case 'tcpdump': {
      const i = tokens.indexOf('-i');
      return i >= 0 ? `tcpdump -i ${tokens[i + 1]}` : 'tcpdump';
    }
    default:
      return c;
  }
}
