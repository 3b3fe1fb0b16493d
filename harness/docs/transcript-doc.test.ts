import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problems as yamlProblems } from '../../test/scenario-problems.js';
import { ScenarioFileError, formatProblem } from '../errors.js';
import { loadScenarioFile } from '../scenario/load.js';
import { loadTranscriptDocuments, parseTranscriptDocument } from './transcript-doc.js';

const parse = (text: string) => parseTranscriptDocument(text, 'doc.md');
const runs = (text: string) => parse(text).scenarios.flatMap((s) => s.steps.map((st) => st.run ?? st.background));

describe('reading documents as people write them', () => {
  it('strips CR line ends', () => {
    const doc = parse('# T\r\n\r\n```bash\r\nip netns add a\r\n```\r\n');
    expect(runs('# T\r\n\r\n```bash\r\nip netns add a\r\n```\r\n')).toEqual(['ip netns add a']);
    expect(doc.scenarios[0]!.title).toBe('T');
  });

  it('reads # as a comment in script blocks and as a root prompt before a command', () => {
    expect(runs('```bash\n# Terminal 1\n# create it\nip netns add a\n```\n')).toEqual(['ip netns add a']);
    expect(runs('```console\n# ip netns add a\n# Now the second one\n# ip netns add b\n```\n')).toEqual(['ip netns add a', 'ip netns add b']);
    expect(runs('```bash\n# ip netns add a\nip netns add b\n```\n')).toEqual(['ip netns add b']);
    expect(runs('```bash\n# ip -br link\nlo UNKNOWN 00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>\n```\n')).toEqual(['ip -br link']);
  });

  it('recognises the prompts people paste, and a prompt= directive for others', () => {
    const prompts = ['$ ', '# ', 'user@host:/tmp$ ', 'root@host:~# ', '[root@host dir]# ', '(venv) $ ', 'ubuntu@ip-10-0-0-1:~$ ', 'sh-5.1# ', 'bash-5.2$ '];
    for (const p of prompts) expect(runs(`\`\`\`console\n${p}ip netns add a\n\`\`\`\n`), p).toEqual(['ip netns add a']);
    expect(runs('<!-- netrecipes: prompt="lab> " -->\n\n```console\nlab> ip netns add a\n```\n')).toEqual(['ip netns add a']);
  });

  it('treats the prompt-less lines of a mixed block as commands whose output is not shown', () => {
    const s = parse('```bash\nip netns add a\nip netns add b\n$ ip netns list\nb\na\n```\n').scenarios[0]!;
    expect(s.steps.map((st) => st.run)).toEqual(['ip netns add a', 'ip netns add b', 'ip netns list']);
    expect(s.steps[0]!.expect?.transcript).toBeUndefined();
    expect(s.steps[2]!.expect?.transcript).toEqual({ lines: ['b', 'a'], file: 'doc.md', line: 5 });
  });

  it('joins compound commands, here-documents and continuation prompts into one command', () => {
    expect(runs('```sh\nfor n in 1 2; do\n  ip netns add ns$n\ndone\ncat <<EOF > /tmp/x\nhello\nEOF\n```\n')).toEqual([
      'for n in 1 2; do\n  ip netns add ns$n\ndone',
      'cat <<EOF > /tmp/x\nhello\nEOF',
    ]);
    expect(runs('```console\n$ if true; then\n> echo yes\n> fi\nyes\n```\n')).toEqual(['if true; then\necho yes\nfi']);
  });

  it("leaves the shell's own ${VAR} in a command to the shell: its step is named as written, nothing substitutes it", () => {
    const s = parse('```bash\nNS1="x1"\n```\n\n```bash\nip netns add ${NS1}\nip netns exec ${NS1} ip link set lo up\n```\n').scenarios[0]!;
    expect(s.steps.map((st) => [st.name, st.run])).toEqual([
      ['$ NS1="x1"', 'NS1="x1"'],
      ['$ ip netns add ${NS1}', 'ip netns add ${NS1}'],
      ['$ ip netns exec ${NS1} ip link set lo up', 'ip netns exec ${NS1} ip link set lo up'],
    ]);
  });

  it('runs sudo commands without sudo, and names the step as written', () => {
    const s = parse('```console\n$ sudo -E ip netns add a\n$ echo 1 | sudo tee /tmp/x\n1\n```\n').scenarios[0]!;
    expect(s.steps.map((st) => st.run)).toEqual(['ip netns add a', 'echo 1 | tee /tmp/x']);
    expect(s.steps[0]!.name).toBe('$ sudo -E ip netns add a');
  });

  it('never drops a block silently: skipped with a reason or not understood, with the line', () => {
    const doc = parse('```yaml\na: 1\n```\n\n```console\nPING x\n```\n\n```\nsome output\n```\n\n```console\n$ ip netns exec a bash\n$ ip netns add a\n```\n');
    expect(doc.notes).toEqual([
      { file: 'doc.md', line: 1, kind: 'skipped', why: 'a ```yaml block is not a shell transcript' },
      { file: 'doc.md', line: 5, kind: 'not understood', why: 'a ```console block without a prompt (output without its command?)' },
      { file: 'doc.md', line: 9, kind: 'skipped', why: 'no line reads as a command: output or a file (```(plain))' },
    ]);
  });

  it("types every command into the document's terminal, a shell opened inside included; terminal= names another", () => {
    const doc = parse(
      '```console\n$ ip netns add a\n$ ip netns exec a bash\n# ip link\n# exit\n```\n<!-- netrecipes: terminal=second -->\n```console\n$ ip -br link\n```\n',
    );
    const steps = doc.scenarios[0]!.steps;
    expect(steps.map((st) => [st.run, st.terminal])).toEqual([
      ['ip netns add a', 'main'],
      ['ip netns exec a bash', 'main'],
      ['ip link', 'main'],
      ['exit', 'main'],
      ['ip -br link', 'second'],
    ]);
  });
});

describe('directives', () => {
  it('apply in= to the whole block, output directives to one command (the first, or command=N)', () => {
    const text =
      '```bash\nip netns add a\n```\n<!-- netrecipes: in=a ignore-output -->\n<!-- netrecipes: command=3 expect-exit=1 -->\n```console\n$ ip link\nx\n$ echo hi\nhi\n$ false\n```\n';
    const s = parse(text).scenarios[0]!;
    expect(s.steps.map((st) => st.in)).toEqual(['host', 'a', 'a', 'a']);
    expect(s.steps[1]!.expect?.transcript).toBeUndefined();
    expect(s.steps[2]!.expect?.transcript).toBeDefined();
    expect(s.steps[3]!.expect?.exit).toBe(1);
    expect(() => parse(text.replace('command=3', 'command=4'))).toThrow(/doc\.md:5:1: command=4: the block below has 3 commands/);
  });

  it('reset starts a fresh sandbox: the rest is a scenario of its own', () => {
    const doc = parse('# T\n```console\n$ ip netns add a\n```\n<!-- netrecipes: reset -->\n```console\n$ ip netns add a\n```\n');
    expect(doc.scenarios.map((s) => s.id)).toEqual(['doc-doc-part-1', 'doc-doc-part-2']);
  });

  it("requires= before a block skips that block with a reason; at the top it is the document's", () => {
    const doc = parse('<!-- netrecipes: requires=ip -->\n\nText.\n\n<!-- netrecipes: requires=docker -->\n```bash\ndocker ps\n```\n');
    const s = doc.scenarios[0]!;
    expect(s.requires.commands).toEqual(['ip']);
    expect(s.steps[0]!.skip_unless).toEqual({ run: 'docker info >/dev/null 2>&1', reason: "the document's block needs docker (doc.md:7)" });
  });

  it('stops a command the author ended with Ctrl-C after as many replies as shown; interrupt-after overrides', () => {
    const ping =
      '$ ping 10.0.0.1\nPING 10.0.0.1\n64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=1 ms\n64 bytes from 10.0.0.1: icmp_seq=2 ttl=64 time=1 ms\n^C\n';
    expect(parse(`\`\`\`console\n${ping}\`\`\`\n`).scenarios[0]!.steps[0]!.interrupt_after).toBe(1500);
    expect(parse(`<!-- netrecipes: interrupt-after=3s -->\n\`\`\`console\n${ping}\`\`\`\n`).scenarios[0]!.steps[0]!.interrupt_after).toBe(3000);
  });

  it('gives show commands a short settle time, and marks first-lines-only outputs with head', () => {
    const s = parse('<!-- netrecipes: command=2 head -->\n```console\n$ ip -br addr show\nlo UNKNOWN 127.0.0.1/8\n$ ip link set lo up\n```\n').scenarios[0]!;
    expect(s.steps[0]!.expect?.within).toBe(3000);
    expect(s.steps[1]!.expect?.within).toBeUndefined();
    expect(s.steps[1]!.expect?.transcript).toMatchObject({ head: true });
  });
});

describe('problems, as the YAML loader says them', () => {
  const problemsOf = (text: string) => {
    try {
      parse(text);
    } catch (err) {
      if (err instanceof ScenarioFileError) return err.problems.map(formatProblem);
      throw err;
    }
    return [];
  };
  const yamlMessages = (step: string) => yamlProblems(`id: t\ntitle: t\nsteps:\n  - name: a\n${step}`).map((p) => p.replace(/^\d+:\d+: /, ''));

  it("a bad directive value: the schema's words for it, at the directive's line", () => {
    expect(problemsOf('# T\n\n<!-- netrecipes: timeout=5q -->\n```console\n$ ip link\n```\n')).toEqual(
      yamlMessages('    run: ip link\n    timeout: 5q\n').map((m) => `doc.md:3:1: ${m}`),
    );
  });

  it('a static check (unknown netns) at the line of the directive that named it', () => {
    expect(problemsOf('```console\n$ ip link\n```\n\n<!-- netrecipes: in=ns1 -->\n```console\n$ ip link\n```\n')).toEqual(
      yamlMessages('    in: ns1\n    run: ip link\n').map((m) => `doc.md:5:1: ${m}`),
    );
  });

  it("a document directive's bad value at its line, and an exit word that is none", () => {
    expect(problemsOf('# T\n\n<!-- netrecipes: world address=10.0.2.15 -->\n\n<!-- netrecipes: expect-exit=maybe -->\n```console\n$ ip link\n```\n')).toEqual([
      'doc.md:3:1: write an address with its prefix, like 10.0.2.15/24',
      'doc.md:5:1: expect-exit=maybe: write an exit code, nonzero or any',
    ]);
  });

  it('a bad regex in the output at the line of that output', () => {
    expect(problemsOf('```console\n$ ip link\n1: lo\n2: ([ (re)\n```\n')).toEqual([expect.stringMatching(/^doc\.md:4:1: invalid regex/)]);
  });

  it('a pattern RE2 cannot run (lookaround, backreference), in the output or a prompt=, at its line (issue 23)', () => {
    expect(problemsOf('```console\n$ ip link\n1: lo(?=x) (re)\n```\n')).toEqual([expect.stringMatching(/^doc\.md:3:1: invalid regex .*lookahead/)]);
    expect(problemsOf('# T\n\n<!-- netrecipes: prompt="(lab)\\1> " -->\n\n```console\nlablab> ip link\n$ ip addr\n```\n')).toEqual([
      expect.stringMatching(/^doc\.md:3:1: prompt=\(lab\)\\1> : invalid regex \/\(lab\)\\1> \/: it has a backreference/),
    ]);
  });

  it('a document that cannot be read: the same words and path as a scenario file', async () => {
    const missing = resolve('test/fixtures/docs/missing.md');
    const { errors } = await loadTranscriptDocuments([missing]);
    const yaml = await loadScenarioFile(missing).catch((err: unknown) => err);
    expect(errors.map((e) => e.message)).toEqual([(yaml as Error).message]);
    expect(errors[0]!.problems[0]!.file).toBe('test/fixtures/docs/missing.md');
  });
});

describe('bare blocks and comments, read as a reader does', () => {
  const blocksOf = (text: string) => parse(text).blocks.map((b) => [b.line, b.how]);

  it('reads a bare fence of commands as a script: # lines are comments, commented-out commands never run', () => {
    const doc = parse(
      '```\n# namespaces for the lab\nsudo ip netns add red\n# sudo ip route add default via 10.0.0.1\n#   +------+     +------+\n#   | red  |-----| blue |\n#   +------+     +------+\nsudo ip netns add blue\n```\n',
    );
    expect(doc.scenarios[0]!.steps.map((s) => s.run)).toEqual(['ip netns add red', 'ip netns add blue']);
    expect(doc.blocks).toEqual([{ file: 'doc.md', line: 1, how: 'script', why: '2 commands, 5 comments (1 a commented-out command, not run)', commands: 2 }]);
    for (const lang of ['bash', 'sh', 'shell', 'text'])
      expect(runs(`\`\`\`${lang}\n# sudo ip netns add a\nip netns add b\n\`\`\`\n`), lang).toEqual(['ip netns add b']);
  });

  it('compares what a script block prints under a command, without a prompt', () => {
    const s = parse('```\n# After created namespace check the created namespace:\n\nsudo ip netns add ns1\nsudo ip netns\nns1\n\nsudo exit\n```\n')
      .scenarios[0]!;
    expect(s.steps.map((st) => st.run)).toEqual(['ip netns add ns1', 'ip netns', 'exit']);
    expect(s.steps[0]!.expect?.transcript).toBeUndefined();
    expect(s.steps[1]!.expect?.transcript).toEqual({ lines: ['ns1'], file: 'doc.md', line: 6 });
  });

  it('reads a block as a transcript only when its prompts are followed by output', () => {
    expect(blocksOf('```\n# ip -br link\nlo UNKNOWN 00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>\n```\n')).toEqual([[1, 'transcript']]);
    expect(runs('```\n# ip -br link\nlo UNKNOWN 00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP>\n```\n')).toEqual(['ip -br link']);
    expect(blocksOf('```\nPING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.\n```\n\n```bash\necho a\n```\n')).toEqual([
      [1, 'output'],
      [5, 'script'],
    ]);
  });

  it('takes Ctrl+C, ^C and <Ctrl-D> lines for keystrokes that stop the command before them', () => {
    const steps = parse('```\nsudo ip netns exec red ping 10.0.0.2\nCtrl+C\nsudo tcpdump -ni any\n^C\ncat\n<Ctrl-D>\n```\n').scenarios[0]!.steps;
    expect(steps.map((s) => [s.run, s.interrupt_after])).toEqual([
      ['ip netns exec red ping 10.0.0.2', 2000],
      ['tcpdump -ni any', 2000],
      ['cat', 2000],
    ]);
  });

  it('ends the shell a command opened when the document shows Ctrl-D after it', () => {
    const steps = parse('```\nsudo ip netns exec red bash\nip link set lo up\n<Ctrl-D>\nip netns list\n```\n').scenarios[0]!.steps;
    expect(steps.map((s) => [s.run, s.interrupt_after])).toEqual([
      ['ip netns exec red bash', undefined],
      ['ip link set lo up', undefined],
      ['exit', undefined],
      ['ip netns list', undefined],
    ]);
  });

  it('stops a command a reader stops by hand (ping without a count) after the replies shown, and compares the lines shown', () => {
    const s = parse(
      '```\nsudo ping 10.10.0.3\n\nPING 10.10.0.3 (10.10.0.3) 56(84) bytes of data.\n64 bytes from 10.10.0.3: icmp_seq=1 ttl=64 time=0.047 ms\n64 bytes from 10.10.0.3: icmp_seq=2 ttl=64 time=0.077 ms\n```\n',
    ).scenarios[0]!;
    expect(s.steps[0]!.interrupt_after).toBe(1500);
    expect(s.steps[0]!.expect?.transcript).toMatchObject({ line: 4, head: true });
    expect(parse('```bash\nping 10.0.0.20\n```\n').scenarios[0]!.steps[0]!.interrupt_after).toBe(2000);
    expect(parse('```bash\nping -c 2 10.0.0.20\n```\n').scenarios[0]!.steps[0]!.interrupt_after).toBeUndefined();
  });

  it('types the commands under a "# Terminal 2" comment into that terminal; the first one named is the document\'s', () => {
    const steps = parse('```bash\n# Terminal 1\nip netns exec ns-1 bash\n\n# Terminal 2\nip netns exec ns-2 bash\n```\n```bash\nip link\n```\n').scenarios[0]!
      .steps;
    expect(steps.map((s) => [s.run, s.terminal])).toEqual([
      ['ip netns exec ns-1 bash', 'main'],
      ['ip netns exec ns-2 bash', '2'],
      ['ip link', 'main'],
    ]);
  });

  it('lets a grep that found nothing pass where the document shows nothing', () => {
    const steps = parse('```\nnetstat -anp | grep etcd\n```\n```console\n$ ip link | grep veth\n$ ip link | grep lo\n1: lo: <LOOPBACK>\n```\n').scenarios[0]!
      .steps;
    expect(steps.map((s) => s.expect?.exit)).toEqual(['any', 'any', undefined]);
  });
});

describe('placeholders a reader fills in', () => {
  it('never runs a command with a placeholder: it needs a value, with the directive that binds one', () => {
    const doc = parse('```\nsudo ip netns add <namespace_name>\n\nsudo ip netns add ns1\nping -c 1 YOUR_IP\n```\n');
    expect(doc.scenarios[0]!.steps.map((s) => s.run)).toEqual(['ip netns add ns1']);
    expect(doc.notes).toEqual([
      {
        file: 'doc.md',
        line: 2,
        kind: 'needs a value',
        why: '<namespace_name>: bind it from an earlier output, <!-- netrecipes: bind="namespace_name=REGEX" --> before the command that prints it',
      },
      {
        file: 'doc.md',
        line: 5,
        kind: 'needs a value',
        why: 'YOUR_IP: bind it from an earlier output, <!-- netrecipes: bind="YOUR_IP=REGEX" --> before the command that prints it',
      },
    ]);
  });

  it('fills a placeholder from an earlier output when a bind directive says where', () => {
    const doc = parse(
      '<!-- netrecipes: bind="the-peer-address=inet (\\S+)/24" -->\n```console\n$ ip -4 -o addr show dev veth1\n2: veth1 inet 10.0.0.2/24 scope global veth1\n```\n\n```\nping -c 1 <the-peer-address>\n```\n',
    );
    const steps = doc.scenarios[0]!.steps;
    expect(steps[0]!.save).toEqual({ THE_PEER_ADDRESS: 'inet (\\S+)/24' });
    expect(steps[1]!.run).toBe('ping -c 1 "${THE_PEER_ADDRESS}"');
    expect(doc.notes).toEqual([]);
  });
});

describe('section directives', () => {
  const text = (directive: string) =>
    `# Lab\n\n## Build\n\n\`\`\`console\n$ ip netns add a\n\`\`\`\n\n## On a real host\n${directive}\n\n\`\`\`console\n$ ip link show eth0\n\`\`\`\n\n### Details\n\n\`\`\`console\n$ ethtool eth0\n\`\`\`\n\n## Clean up\n\n\`\`\`console\n$ ip netns del a\n\`\`\`\n`;

  it('skip-section skips every block of the section and its subsections, with the reason', () => {
    const doc = parse(text('<!-- netrecipes: skip-section="what you would see on a real host" -->'));
    expect(runs(text('<!-- netrecipes: skip-section="what you would see on a real host" -->'))).toEqual(['ip netns add a', 'ip netns del a']);
    expect(doc.notes.map((n) => [n.line, n.kind, n.why])).toEqual([
      [12, 'skipped', 'section "On a real host" skipped (line 9): what you would see on a real host'],
      [18, 'skipped', 'section "On a real host" skipped (line 9): what you would see on a real host'],
    ]);
  });

  it('include-section replays only the sections that say so', () => {
    const doc = parse(text('<!-- netrecipes: include-section -->'));
    expect(doc.scenarios[0]!.steps.map((s) => s.run)).toEqual(['ip link show eth0', 'ethtool eth0']);
    expect(doc.notes.map((n) => n.why)).toEqual([
      'not in a section the document includes (include-section)',
      'not in a section the document includes (include-section)',
    ]);
  });
});
