// When a reader stops a command: after the key the document shows them pressing (`^C`,
// `Ctrl+C`, `<Ctrl-D>`), or, for a command that never ends by itself (ping without a count,
// tcpdump without -c, `ip monitor`, `tail -f`), once it has printed what the document shows.
import { isInterruptLine, type Keystroke } from '../text/keystrokes.js';
import { withoutSudo } from './prompts.js';

/** Commands that run until someone stops them; `ping -c 3`, `ping -w 5`, `tcpdump -c 10` end by themselves. */
const UNBOUNDED = [
  /^ping6?\b(?!.*\s-[a-zA-Z]*[cw]\s*\d)/,
  /^tcpdump\b(?!.*\s-[a-zA-Z]*c\s*\d)/,
  /^(?:watch|top|htop)\b/,
  /^tail\b.*\s-[a-zA-Z]*[fF]\b/,
  /^ip(?:\s+-\S+)*\s+monitor\b/,
  /^(?:conntrack\b.*\s-E\b|bridge\s+monitor\b)/,
];

/** The command a wrapper runs: `sudo`, `ip netns exec NS` and `nsenter ... --` taken off; a `timeout` bounds it. */
function innermost(command: string): string {
  let c = withoutSudo(command.trim());
  for (;;) {
    const next = c.replace(/^ip\s+(?:-\S+\s+)*netns\s+exec\s+\S+\s+/, '').replace(/^nsenter\b.*?\s--\s+/, '');
    if (next === c) return c;
    c = next;
  }
}

/** A command that never ends unless the reader stops it. */
export const runsUntilStopped = (command: string) => !command.includes('\n') && UNBOUNDED.some((re) => re.test(innermost(command)));

/** What the document says of a command's end: the key pressed after it, and what it printed. */
export interface Stoppable {
  text: string;
  output: string[];
  keystroke?: Keystroke;
}

/** A packet a capture printed (`IP 10.0.0.1 > 10.0.0.2: ICMP echo request, ...`, with or without a time). */
const PACKET = /^\s*(?:\d[\d:.]*\s+)?(?:IP6?|ARP|\S+ > \S+:)\s/;

/**
 * When to stop the command, as the reader did: after as many seconds as its output shows ping
 * replies, less half a second (ping's default interval is 1 s); for a capture, a second per
 * request and reply it shows (what a ping beside it sends), and one more; else after 2 s.
 * `byReplay`: the document shows no key pressed, so the lines it shows are the first ones, not all.
 */
export function readerStop(c: Stoppable): { after: string; byReplay: boolean } | undefined {
  const pressed = c.keystroke !== undefined || c.output.some(isInterruptLine);
  if (!pressed && !runsUntilStopped(c.text)) return undefined;
  const replies = c.output.filter((l) => /\bicmp_seq=\d+/.test(l)).length;
  const packets = c.output.filter((l) => PACKET.test(l)).length;
  const after = replies ? `${replies * 1000 - 500}ms` : packets ? `${Math.ceil(packets / 2) + 1}s` : '2s';
  return { after, byReplay: !pressed };
}
