import { describe, expect, it } from 'vitest';
import type { Step } from '../scenario/scenario.js';
import { changesState, mutantsOf, without } from './mutants.js';

const step = (run: string, extra: Partial<Step> = {}) => ({ name: run, in: 'host', run, index: 0, pos: { line: 1, col: 1 }, ...extra }) as Step;

describe('changesState', () => {
  it('takes show, list and probe commands for checks, the rest for changes', () => {
    for (const q of [
      'ip a',
      'ip -n red route',
      'ip -4 -o addr show dev x',
      'bridge fdb show',
      'iptables -t nat -S',
      'sudo ip netns exec a ping -c 1 10.0.0.1',
      'curl -s http://x/',
      'sysctl net.ipv4.ip_forward',
      'ip netns list',
      'echo hi',
      'ping -c 1 10.0.0.1 > /dev/null 2>&1',
      "dmesg | grep 'FORWARD: '",
      'nc -z -w 2 10.0.0.1 80',
      'brctl show',
      'ip route get 198.51.100.1',
    ])
      expect(changesState(step(q)), q).toBe(false);
    for (const c of [
      'ip link add a type dummy',
      'sudo ip -n red route add default via 10.1.1.1',
      'iptables -A FORWARD -j ACCEPT',
      'sysctl -w net.ipv4.ip_forward=1',
      'ip a && ip link set lo up',
      'for n in 1 2; do ip netns add n$n; done',
      'echo 1 > /proc/sys/net/ipv4/ip_forward',
      'echo 1 | tee /proc/sys/net/ipv4/ip_forward',
    ])
      expect(changesState(step(c)), c).toBe(true);
    expect(changesState({ ...step('x'), run: undefined, background: 'python3 -m http.server' })).toBe(true);
  });
});

describe('without', () => {
  it('drops the step, renumbers the others and names the replay after the step taken away', () => {
    const steps = [step('a'), step('b', { index: 1 }), step('c', { index: 2 })];
    const s = without({ id: 'x', steps } as never, steps[1]!);
    expect(s.id).toBe('x--without-step-2');
    expect(s.steps.map((st) => [st.run, st.index])).toEqual([
      ['a', 0],
      ['c', 1],
    ]);
  });
});

describe('mutantsOf, line by line', () => {
  it('takes each state-changing command of a multi-line step away on its own, and names its line', () => {
    const run = 'ip link add d0 type dummy\n# a comment\nfor n in 1 2; do\n  ip link add x$n type dummy\ndone\nip -br link show d0\nip link set d0 up';
    const steps = [step(run, { runLine: 10 }), step('ip -br link', { index: 1 })];
    const mutants = mutantsOf({ id: 'x', steps } as never);
    expect(mutants.map((m) => [m.command, m.line, m.scenario.id])).toEqual([
      ['ip link add d0 type dummy', 10, 'x--without-step-1-line-10'],
      ['for n in 1 2; do', 12, 'x--without-step-1-line-12'],
      ['ip link set d0 up', 16, 'x--without-step-1-line-16'],
    ]);
    expect(mutants[1]!.scenario.steps[0]!.run).toBe('ip link add d0 type dummy\n# a comment\nip -br link show d0\nip link set d0 up');
    expect(mutants.every((m) => m.scenario.steps.length === 2)).toBe(true);
  });

  it('still takes a one-command step away as a whole', () => {
    const steps = [step('ip link add d0 type dummy', { runLine: 4 }), step('ip -br link', { index: 1 })];
    expect(mutantsOf({ id: 'x', steps } as never).map((m) => [m.command, m.line, m.scenario.steps.length])).toEqual([['ip link add d0 type dummy', 4, 1]]);
  });
});
