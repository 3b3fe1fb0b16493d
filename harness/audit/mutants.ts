// The replays an audit runs: for each command that changes state, the scenario without it. A
// step of several commands (a YAML `run: |` script) loses one command at a time, named by its
// line; a step of one command loses the step.
import { scriptCommands } from '../exec/shell-continuation.js';
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

const unwrap = (cmd: string) =>
  cmd
    .trim()
    .replace(/^sudo\s+(?:-\S+\s+)*/, '')
    .replace(/^ip\s+netns\s+exec\s+\S+\s+/, '')
    .replace(/^ip\s+-n\s+\S+\s+/, 'ip ');

/** A command (any line or `&&`/`;` part of it) that changes state. */
const commandChangesState = (command: string) =>
  command
    .split(/\n|&&|;|\|\|/)
    .map(unwrap)
    .some((part) => part && !part.startsWith('#') && (WRITES.test(part) || !QUERY.test(part)));

/** A step whose command changes state, or that starts a process. */
export function changesState(step: Step): boolean {
  const action = stepAction(step);
  if (action === 'background') return true;
  return action === 'run' && commandChangesState(step.run!);
}

export interface Mutant {
  /** The step the command was taken from (gone from the replay unless `kept`). */
  removed: Step;
  /** The step stays, with the other commands of its script: one line was taken away. */
  kept: boolean;
  /** The command taken away, as its first line reads. */
  command: string;
  /** All of it (a command continued over lines). */
  text: string;
  /** Its line in the file. */
  line: number;
  scenario: Scenario;
}

/** The scenario without `removed`: its own id, the other steps renumbered. */
export function without(s: Scenario, removed: Step): Scenario {
  const steps = s.steps.filter((st) => st !== removed).map((st, index) => ({ ...st, index }));
  return { ...s, id: `${s.id}--without-step-${removed.index + 1}`, steps };
}

/** The scenario with one command of a step's script taken away (the command at `line` of the script). */
function withoutLine(s: Scenario, step: Step, command: { text: string; line: number }, fileLine: number): Scenario {
  const lines = step.run!.split('\n');
  const run = [...lines.slice(0, command.line), ...lines.slice(command.line + command.text.split('\n').length)].join('\n');
  return { ...s, id: `${s.id}--without-step-${step.index + 1}-line-${fileLine}`, steps: s.steps.map((st) => (st === step ? { ...st, run } : st)) };
}

function mutantsOfStep(s: Scenario, step: Step): Mutant[] {
  const line = step.runLine ?? step.pos.line;
  const commands = step.run !== undefined ? scriptCommands(step.run) : [];
  const whole = step.run ?? step.background ?? '';
  if (commands.length < 2) return [{ removed: step, kept: false, command: whole.trim().split('\n')[0]!, text: whole, line, scenario: without(s, step) }];
  return commands
    .filter((c) => commandChangesState(c.text))
    .map((c) => ({
      removed: step,
      kept: true,
      command: c.text.split('\n')[0]!.trim(),
      text: c.text,
      line: line + c.line,
      scenario: withoutLine(s, step, c, line + c.line),
    }));
}

export function mutantsOf(s: Scenario): Mutant[] {
  return s.steps.filter(changesState).flatMap((step) => mutantsOfStep(s, step));
}
