import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../exec/command-result.js';
import { evaluate } from './evaluate.js';

const result = (over: Partial<CommandResult>): CommandResult => ({
  command: 'x',
  exitCode: 0,
  signal: undefined,
  stdout: '',
  stderr: '',
  timedOut: false,
  durationMs: 1,
  ...over,
});
const ctx = (r: CommandResult) => ({ result: r, query: async () => r, background: () => undefined });

describe('the missing-tool hint (bug 5)', () => {
  it('names the Debian package of the command, not the command', async () => {
    const [v] = await evaluate({}, ctx(result({ exitCode: 127, stderr: 'bash: line 1: nft: command not found\n' })));
    expect(v!.actual).toContain('nft is not installed in the sandbox (apt-get install -y nftables');
    const [w] = await evaluate({}, ctx(result({ exitCode: 127, stderr: 'bash: line 1: dig: command not found\n' })));
    expect(w!.actual).toContain('apt-get install -y bind9-dnsutils');
  });
  it('says that no package it knows provides a command it does not know, and where a selftest helper comes from', async () => {
    const [v] = await evaluate({}, ctx(result({ exitCode: 127, stderr: 'bash: line 1: frobctl: command not found\n' })));
    expect(v!.actual).toContain('frobctl is not installed in the sandbox (no Debian package netrecipes knows provides frobctl');
    const [w] = await evaluate({}, ctx(result({ exitCode: 127, stderr: './fcnal-test.sh: line 9: nettest: command not found\n' })));
    expect(w!.actual).toContain(
      "nettest is not installed in the sandbox (no Debian package provides nettest: it is built from the kernel's tools/testing/selftests/net/nettest.c (a kselftest step builds it: helpers: [nettest])",
    );
  });
});
