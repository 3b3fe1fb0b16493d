// What a command's printed output says can be checked, for `docs extract` (an article's
// outputs) and `record` (what the sandbox printed): ping statistics become `ping:`, curl output
// `curl:`, `ip route` / `ip addr` / `ip link` listings `routes:` / `addresses:` / `links:`,
// an iptables listing `iptables:`; and how commands left running (`ping` without `-c`) are bounded.
import { parseIptablesSave } from '../expect/iptables.js';
import { parsePing } from '../expect/ping.js';

export interface ProposedStep {
  run?: string;
  expect?: Record<string, unknown>;
  /** Why the step differs from the article's line. */
  note?: string;
}

const PRIVATE = /^(10\.|127\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|0\.)/;

/** Public IPv4 addresses a command talks to: they stand for the internet, which the world serves. */
export function publicAddresses(command: string): string[] {
  return [...command.matchAll(/\b(\d{1,3}(?:\.\d{1,3}){3})\b(?!\/)/g)]
    .map((m) => m[1]!)
    .filter((a) => !PRIVATE.test(a) && a.split('.').every((o) => Number(o) < 256) && !a.endsWith('.0') && !a.endsWith('.255'));
}

type Check = Record<string, unknown>;

/**
 * What ping printed, classified as a `ping:` expectation classifies it. A reply: at least one,
 * as an article's counts vary; `exact`: as many as were received, when every probe came back.
 */
function pingCheck(output: string[], exact = false): Check | undefined {
  const { kind, transmitted, received } = parsePing({ stdout: output.join('\n'), stderr: '' });
  if (kind === 'unknown') return undefined;
  if (kind !== 'ok') return { ping: kind };
  return { ping: { received: exact && received === transmitted ? received : '>0' } };
}

function curlCheck(output: string[]): Check | undefined {
  const text = output.join('\n');
  if (/Connection refused|Couldn't connect/i.test(text)) return { curl: { failure: 'refused' } };
  if (/timed out/i.test(text)) return { curl: { failure: 'timeout' } };
  const status = /^HTTP\/[\d.]+ (\d{3})/m.exec(text);
  const body = output.map((l) => l.trim()).find((l) => l && !/^(HTTP\/|[\w-]+: |[<>*] )/.test(l));
  if (!status && !body) return undefined;
  return { curl: { ...(status ? { status: Number(status[1]) } : {}), ...(body ? { body: { contains: body.slice(0, 80) } } : {}) } };
}

/** `default via 10.0.0.1 dev eth0` -> { dst: default, gateway: 10.0.0.1, dev: eth0 } (ip -j route's names). */
function routesCheck(output: string[]): Check | undefined {
  const has = output
    .map((l) => /^\s*(default|\d+\.\d+\.\d+\.\d+(?:\/\d+)?)(?:\s+via\s+(\S+))?(?:\s+dev\s+(\S+))?/.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ dst: m[1]!, ...(m[2] ? { gateway: m[2] } : {}), ...(m[3] ? { dev: m[3] } : {}) }));
  return has.length ? { routes: { has } } : undefined;
}

const ROUTE_SHOW = /^ip(?:\s+-4)?\s+r(?:o|ou|out|oute)?(?:\s+(?:show|list|ls))?\s*$/;

/** `ip [-4|-6|-d|-s|-br...] OBJECT [show|list|ls] [args]` for `ip addr` and `ip link`. */
const ipShow = (objects: string) => new RegExp(`^ip(?:\\s+-(?:[46ds]|br|brief|c|color))*\\s+(?:${objects})(?:\\s+(?:show|list|ls)\\b.*)?\\s*$`);
/** A line of `ip -br addr|link`: `veth1@if5  UP  192.168.0.10/24 fe80::1/64` (addresses or a MAC and flags after the state). */
const BRIEF = /^(\S+?)(?:@\S+)?\s+([A-Z]+)\s*(.*)$/;
const isBrief = (command: string) => /\s-br(?:ief)?\b/.test(command);
const ADDR_SHOW = ipShow('a|ad|add|addr|addre|addres|address');
const LINK_SHOW = ipShow('l|li|lin|link');

/** The link a line of `ip addr` / `ip link` heads: `2: veth1@if5: <BROADCAST,UP> mtu ... state UP ... master br0`. */
const LINK_HEAD = /^\d+:\s+([^:@\s]+)(?:@\S+)?:\s+<[^>]*>(.*)$/;

/** `inet 10.0.0.2/24 ... ` under a link -> { ifname, address: 10.0.0.2/24 } (ip -j addr's items); link-local IPv6 varies by MAC: left out. */
function addressesCheck(output: string[], brief = false): Check | undefined {
  let ifname = '';
  const has: Check[] = [];
  for (const line of output) {
    const short = brief ? BRIEF.exec(line) : null;
    if (short)
      has.push(
        ...short[3]!
          .split(/\s+/)
          .filter((a) => /\/\d+$/.test(a) && !a.startsWith('fe80:'))
          .map((address) => ({ ifname: short[1]!, address })),
      );
    if (brief) continue;
    const head = LINK_HEAD.exec(line);
    if (head) ifname = head[1]!;
    const inet = /^\s+inet6?\s+(\S+\/\d+)/.exec(line);
    if (inet && ifname && !inet[1]!.startsWith('fe80:')) has.push({ ifname, address: inet[1]! });
  }
  return has.length ? { addresses: { has } } : undefined;
}

/** Each link's state and bridge: { ifname, operstate, master } (ip -j link's names). */
function linksCheck(output: string[], brief = false): Check | undefined {
  if (brief) {
    const has = output
      .map((l) => BRIEF.exec(l))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => ({ ifname: m[1]!, operstate: m[2]! }));
    return has.length ? { links: { has } } : undefined;
  }
  const has = output
    .map((l) => LINK_HEAD.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => {
      const state = /\bstate\s+(\S+)/.exec(m[2]!)?.[1];
      const master = /\bmaster\s+(\S+)/.exec(m[2]!)?.[1];
      return { ifname: m[1]!, ...(state ? { operstate: state } : {}), ...(master ? { master } : {}) };
    });
  return has.length ? { links: { has } } : undefined;
}

/** `iptables [-t T] -S`, `--list-rules` and `iptables-save`: listings whose lines are rules as iptables-save writes them. */
const IPTABLES_RULES = /^iptables(?:-legacy|-nft)?(?:(?:\s.*)?\s(?:-S|--list-rules)(?:\s.*)?|-save(?:\s.*)?)$/;
/** `iptables -L`: a table of rules in another spelling; only its chains' policies can be read back. */
export const IPTABLES_LIST = /^iptables(?:-legacy|-nft)?\s(?:.*\s)?(?:-[a-zA-Z]*L[a-zA-Z]*|--list)(?:\s|$)/;
/** At most this many rules and policies go into one check (a long listing is a start, not a test). */
const MAX_RULES = 20;

/** The table an iptables command names (`-t nat`), filter when none. */
export function iptablesTable(command: string): string {
  return /(?:^|\s)(?:-t|--table)\s+(\S+)/.exec(command)?.[1] ?? 'filter';
}

/**
 * The rules and the policies other than ACCEPT (the kernel's default) that an iptables listing
 * shows, as `iptables:` items; from `-S` lines (`-P`, `-A`), iptables-save, or `-L`'s `Chain X (policy Y)`.
 */
export function iptablesCheck(command: string, output: string[]): Check | undefined {
  const listed = IPTABLES_LIST.test(command) && !IPTABLES_RULES.test(command);
  const lines = listed
    ? output.flatMap(
        (l) =>
          /^Chain (\S+) \(policy (\w+)/
            .exec(l)
            ?.slice(1, 3)
            .map((x, i) => (i ? x : `-P ${x}`))
            .join(' ') ?? [],
      )
    : output;
  const saved = lines.some((l) => l.startsWith('*')) ? lines : [`*${iptablesTable(command)}`, ...lines];
  const state = parseIptablesSave(saved.map((l) => l.replace(/^-P (\S+) (\S+)/, ':$1 $2')).join('\n'));
  const table = (t: string) => (t === 'filter' ? {} : { table: t });
  const items: Check[] = [
    ...[...state.policies]
      .filter(([, p]) => p !== 'ACCEPT' && p !== '-')
      .map(([k, policy]) => ({ ...table(k.split('/')[0]!), chain: k.split('/')[1]!, policy })),
    ...state.rules.map((r) => ({ ...table(r.table), chain: r.chain, rule: r.spec })),
  ].slice(0, MAX_RULES);
  if (!items.length) return undefined;
  return { iptables: items.length === 1 ? items[0] : items };
}

/** What a listing command's output shows, as state checks; undefined when `run` lists nothing known. */
export function listingCheck(run: string, output: string[]): Check | undefined {
  if (ROUTE_SHOW.test(run) || /^ip(?:\s+-4)?\s+r(?:o|ou|out|oute)?\s+(?:show|list|ls)\b/.test(run)) return routesCheck(output);
  if (ADDR_SHOW.test(run)) return addressesCheck(output, isBrief(run));
  if (LINK_SHOW.test(run)) return linksCheck(output, isBrief(run));
  if (IPTABLES_RULES.test(run) || IPTABLES_LIST.test(run)) return iptablesCheck(run, output);
  return undefined;
}

/** What ping's or curl's output says, as a `ping:` or `curl:` check; `exact`: the counts seen, not "at least one". */
export function toolCheck(run: string, output: string[], exact = false): Check | undefined {
  const word = run.split(/\s+/)[0];
  if (word === 'ping') return pingCheck(output, exact);
  if (word === 'curl') return curlCheck(output);
  return undefined;
}

/** `ping HOST` runs until Ctrl-C: bounded to 3 probes, with the note that says so. */
export function boundedCommand(run: string): { run: string; note?: string } {
  if (run.split(/\s+/)[0] !== 'ping' || /\s-c\s*\d+/.test(run)) return { run };
  return { run: run.replace(/^ping\b/, 'ping -c 3 -i 0.2 -W 1'), note: `"${run}" runs until Ctrl-C: bounded to 3 pings` };
}

/** The step for one article command and the lines it printed. */
export function proposeStep(run: string, output: string[]): ProposedStep {
  const word = run.split(/\s+/)[0];
  if (word === 'ping' || word === 'curl') {
    const bounded = boundedCommand(run);
    const check = toolCheck(run, output);
    return { run: bounded.run, ...(check ? { expect: check } : {}), ...(bounded.note ? { note: `the article's ${bounded.note}` } : {}) };
  }
  if (ROUTE_SHOW.test(run)) {
    const check = routesCheck(output);
    if (check) return { expect: check, note: `the article's "${run}" and what it printed, as a check` };
  }
  return { run };
}
