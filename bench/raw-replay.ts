// Turns a scenario into the plain bash script a person would write to replay the same recipe
// (same commands, same namespaces, the same world), with a timestamp before every step. The
// benchmark runs it in the same kind of sandbox to measure what the harness costs on top.
import { shellQuote as q } from '../harness/exec/shell-quote.js';
import { processName } from '../harness/run/background.js';
import { scriptArgv } from '../harness/run/netns-argv.js';
import { backgroundId, stepAction, type Scenario } from '../harness/scenario/scenario.js';
import { SANDBOX_INIT_SCRIPT as INIT } from '../harness/backends/sandbox-init.js';
import { WORLD_SCRIPT as WORLD, worldEnv } from '../harness/world/world.js';

/** The same wrapping the harness uses (ip netns exec / nsenter / bash -e), as shell text. */
const inNetns = (netns: string, script: string) => scriptArgv(netns, script).map(q).join(' ');

/** JS regex classes bash's =~ (ERE) does not know. */
function toEre(re: string): string {
  return re.replace(/\\d/g, '[0-9]').replace(/\\S/g, '[^[:space:]]').replace(/\\s/g, '[[:space:]]');
}

export function rawScript(s: Scenario): string {
  const lines: string[] = [
    'set -u',
    'mount -t tmpfs tmpfs /run; mkdir -p /run/netns /run/sandbox; mount -t sysfs sysfs /sys 2>/dev/null || true',
    ': > /run/sandbox/resolv.conf; mount --bind /run/sandbox/resolv.conf /etc/resolv.conf 2>/dev/null || true',
    INIT,
    'exec 3>/run/sandbox/marks',
    'mark() { echo "$1 $EPOCHREALTIME" >&3; }',
  ];
  if (s.world)
    lines.push(
      `( export ${Object.entries(worldEnv(s.world))
        .map(([k, v]) => `${k}=${q(v)}`)
        .join(' ')}; ${WORLD} )`,
    );
  for (const step of s.steps) {
    lines.push(`mark ${step.index}`);
    let body = '';
    switch (stepAction(step)) {
      case 'run':
        if (step.save) {
          body = `out=$(${inNetns(step.in, step.run!)} 2>&1) || true`;
          for (const [name, re] of Object.entries(step.save))
            body += `\n[[ $out =~ ${toEre(re).replace(/^\^|\$$/g, '')} ]] && export ${name}="\${BASH_REMATCH[1]}"`;
        } else body = `${inNetns(step.in, step.run!)} >/dev/null 2>&1 || true`;
        break;
      case 'background': {
        const id = backgroundId(step).replace(/\W/g, '_');
        body = `${inNetns(step.in, step.background!)} >/run/sandbox/bg_${id} 2>&1 & bg_${id}=$!`;
        const r = step.ready;
        const probe = !r
          ? 'true'
          : 'port' in r
            ? inNetns(step.in, `ss -H -l${r.proto === 'udp' ? 'u' : 't'}n 'sport = :${r.port}' | grep -q .`)
            : 'output' in r
              ? `grep -qE ${q(r.output)} /run/sandbox/bg_${id}`
              : 'file' in r
                ? `test -e ${q(r.file)}`
                : `pgrep -x ${q(processName(step.background!))} >/dev/null`;
        body += `\nfor _ in $(seq 500); do ${probe} && break; sleep 0.02; done`;
        break;
      }
      case 'stop': {
        const id = step.stop!.replace(/\W/g, '_');
        body = `kill -TERM "$bg_${id}" 2>/dev/null; wait "$bg_${id}" 2>/dev/null || true`;
        break;
      }
      case 'check':
        break;
    }
    if (step.skip_unless) body = `if ${inNetns(step.in, step.skip_unless.run)} >/dev/null 2>&1; then\n${body}\nfi`;
    lines.push(body);
  }
  lines.push(`mark ${s.steps.length}`, 'cat /run/sandbox/marks');
  return lines.join('\n');
}

/** Per-step durations (ms) from the marks the script printed. */
export function stepDurations(marks: string, steps: number): number[] {
  const t = new Map<number, number>();
  for (const line of marks.trim().split('\n')) {
    const [i, ts] = line.split(' ');
    if (i !== undefined && ts !== undefined) t.set(Number(i), Number(ts) * 1000);
  }
  return Array.from({ length: steps }, (_, i) => (t.get(i + 1) ?? 0) - (t.get(i) ?? 0));
}

export function scenarioIdOf(step: { index: number }, s: Scenario): string {
  return `${s.id}#${step.index + 1}`;
}
