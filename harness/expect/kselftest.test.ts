import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../exec/command-result.js';
import { flatSubtests, parseSubtests, selftestVerdict, skipReason } from './kselftest.js';

const result = (exitCode: number, stdout: string, stderr = ''): CommandResult => ({
  command: 'x.sh',
  exitCode,
  signal: undefined,
  stdout,
  stderr,
  timedOut: false,
  durationMs: 900,
});

describe("a selftest's results as subtests", () => {
  it("reads lib.sh's TEST: lines, coloured or not, timing each from the result before it", () => {
    const out = [
      'setting up',
      'TEST: ipv4 route            [ OK ]',
      '    TEST: ipv6 route        [FAIL]',
      'TEST: vrf \x1b[33m[SKIP]\x1b[0m',
      'TEST: known bug  [XFAIL]',
      '',
    ].join('\n');
    const subtests = parseSubtests(out, [5, 100, 350, 360, 400]);
    expect(subtests.map((s) => [s.name, s.outcome, s.durationMs, s.line])).toEqual([
      ['ipv4 route', 'pass', 100, 2],
      ['ipv6 route', 'fail', 250, 3],
      ['vrf', 'skip', 10, 4],
      ['known bug', 'xfail', 40, 5],
    ]);
  });

  it('reads PASS: / FAIL: / SKIP: lines (the netfilter selftests print those)', () => {
    expect(parseSubtests('PASS: icmp related\nFAIL: no conntrack entry\nSKIP: no nft\n').map((s) => [s.name, s.outcome, s.reason])).toEqual([
      ['icmp related', 'pass', undefined],
      ['no conntrack entry', 'fail', undefined],
      ['no nft', 'skip', 'no nft'],
    ]);
  });

  it('reads an older style: "run NAME test", then a bare ok or fail (route_localnet.sh, arp_ndisc_evict_nocarrier.sh)', () => {
    const out = 'run arp_announce test\nnet.ipv4.conf.veth0.route_localnet = 1\nok\nrun arp_request test\nfail\nok\n';
    expect(parseSubtests(out).map((s) => [s.name, s.outcome, s.line])).toEqual([
      ['arp_announce', 'pass', 3],
      ['arp_request', 'fail', 5],
    ]);
  });

  it('reads KTAP test points after a header, a nested subtest under the point that closes it', () => {
    const out = [
      'ok 9 not KTAP yet',
      'KTAP version 1',
      '1..2',
      '    KTAP version 1',
      '    # Subtest: udp',
      '    1..2',
      '    ok 1 v4',
      '    not ok 2 v6 # SKIP no ipv6',
      'ok 1 udp',
      'not ok 2 - tcp',
    ].join('\n');
    const subtests = parseSubtests(out);
    expect(subtests.map((s) => [s.name, s.outcome])).toEqual([
      ['udp', 'pass'],
      ['tcp', 'fail'],
    ]);
    expect(subtests[0]!.children!.map((s) => [s.name, s.outcome, s.reason])).toEqual([
      ['v4', 'pass', undefined],
      ['v6', 'skip', 'no ipv6'],
    ]);
    expect(flatSubtests(subtests).map((s) => s.name)).toEqual(['udp', 'udp / v4', 'udp / v6', 'tcp']);
  });
});

describe("kselftest's exit rule", () => {
  it('passes on 0 whatever it printed, skips on 4 with the last SKIP: line as the reason', () => {
    expect(selftestVerdict(result(0, 'x'), [])).toEqual({ outcome: 'pass' });
    const skip = result(4, 'SKIP: first\nsomething\nSKIP: Could not run test without the ip tool\n');
    expect(skipReason(skip)).toBe('Could not run test without the ip tool');
    expect(selftestVerdict(skip, [])).toEqual({ outcome: 'skip', message: 'skipped by the selftest: Could not run test without the ip tool' });
    expect(selftestVerdict(result(4, '', 'SKIP: from stderr\n'), []).message).toBe('skipped by the selftest: from stderr');
    expect(selftestVerdict(result(4, ''), []).message).toMatch(/exit 4 \(KSFT_SKIP\), no SKIP: line/);
  });

  it('fails on anything else, naming the subtests that failed', () => {
    const out = 'TEST: a  [ OK ]\nTEST: b  [FAIL]\n';
    expect(selftestVerdict(result(1, out), parseSubtests(out))).toEqual({ outcome: 'fail', message: 'the selftest exited 1: 1 of 2 subtests failed (b)' });
    expect(selftestVerdict({ ...result(1, ''), exitCode: undefined, timedOut: true }, []).message).toMatch(/timed out after 900 ms/);
    const lacking = result(1, '', './fcnal-test.sh: line 855: nettest: command not found\n./fcnal-test.sh: line 857: nettest: command not found\n');
    expect(selftestVerdict(lacking, []).message).toBe(
      "the selftest exited 1; nettest is not in the sandbox (no Debian package provides nettest: it is built from the kernel's tools/testing/selftests/net/nettest.c (a kselftest step builds it: helpers: [nettest]))",
    );
  });
});
