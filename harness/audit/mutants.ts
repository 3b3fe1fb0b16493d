// The replays an audit runs: for each command that changes state, the scenario without it.
import { stepAction, type Scenario, type Step } from '../scenario/scenario.js';

/** Commands that only look (show, list, probe): taking one away changes no state. */
const QUERY = new RegExp(
  [
    String.raw`^(?:ping6?|curl|wget|arping|traceroute|tracepath|dig|nslookup|ss|netstat|cat|ls|grep|head|tail|echo|printf|true|sleep|tcpdump|conntrack -L|iptables-save|nft list|lsmod|which|command -v|dmesg|nc -z|brctl show|ip route get|ip r get)\b`,
    String.raw`^ip(?:\s+-\S+)*\s+(?:netns\s+(?:list|ls)|(?:a|addr|address|r|route|l|link|n|neigh|neighbour|rule|maddr)(?:\s+(?:show|list|ls|sh|get)\b.*)?)$`,
    String.raw`^bridge(?:\s+-\S+)*\s+(?:fdb|link|vlan|mdb)(?:\s+show\b.*)?$`,
    String.raw`^ip6?tables(?:\s+-t\s+\S+)?\s+(?:-S|-L|--list|--list-rules)\b`,
    String.raw`^sysctl(?:\s+-n)?\s+[\w./-]+$`,
  ].join('|'),
);

/** Writing a file (`echo 1 > /proc/sys/...`, `| tee f`) changes state, whatever the command. */
const WRITES = /(?:^|[^\d&>])>>?\s*(?!\/dev\/null\b|&)\S|\|\s*tee\b/;

const unwrap = (cmd: string) => cmd.trim().replace(/^sudo\s+(?:-\S+\s+)*/, '').replace(/^ip\s+netns\s+exec\s+\S+\s+/, '').replace(/^ip\s+-n\s+\S+\s+/, 'ip ');

/** A step whose command (any line or `&&`/`;` part of it) changes state, or that starts a process. */
export function changesState(step: Step): boolean {
  const action = stepAction(step);
  if (action === 'background') return true;
  if (action !== 'run') return false;
  return step.run!.split(/\n|&&|;|\|\|/).map(unwrap).some((part) => part && !part.startsWith('#') && (WRITES.test(part) || !QUERY.test(part)));
}

export interface Mutant {
  /** The step taken away. */
  removed: Step;
  scenario: Scenario;
}

/** The scenario without `removed`: its own id, the other steps renumbered. */
export function without(s: Scenario, removed: Step): Scenario {
  const steps = s.steps.filter((st) => st !== removed).map((st, index) => ({ ...st, index }));
  return { ...s, id: `${s.id}--without-step-${removed.index + 1}`, steps };
}

export function mutantsOf(s: Scenario): Mutant[] {
  return s.steps.filter(changesState).map((removed) => ({ removed, scenario: without(s, removed) }));
}
