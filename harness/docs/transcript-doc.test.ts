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
    expect(runs('```bash\n# ip netns add a\n```\n')).toEqual(['ip netns add a']);
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
    expect(runs('```sh\nfor n in 1 2; do\n  ip netns add ns$n\ndone\ncat <<EOF > /tmp/x\nhello\nEOF\n```\n')).toEqual(['for n in 1 2; do\n  ip netns add ns$n\ndone', 'cat <<EOF > /tmp/x\nhello\nEOF']);
    expect(runs('```console\n$ if true; then\n> echo yes\n> fi\nyes\n```\n')).toEqual(['if true; then\necho yes\nfi']);
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
      { file: 'doc.md', line: 9, kind: 'skipped', why: 'no prompt in a ```(plain) block: output or a file' },
      { file: 'doc.md', line: 14, kind: 'not understood', why: '"ip netns exec a bash" opens an interactive shell; write the commands after it with ip netns exec, or in=NS' },
    ]);
  });
});

describe('directives', () => {
  it('apply in= to the whole block, output directives to one command (the first, or command=N)', () => {
    const text = '```bash\nip netns add a\n```\n<!-- netrecipes: in=a ignore-output -->\n<!-- netrecipes: command=3 expect-exit=1 -->\n```console\n$ ip link\nx\n$ echo hi\nhi\n$ false\n```\n';
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

  it('requires= before a block skips that block with a reason; at the top it is the document\'s', () => {
    const doc = parse('<!-- netrecipes: requires=ip -->\n\nText.\n\n<!-- netrecipes: requires=docker -->\n```bash\ndocker ps\n```\n');
    const s = doc.scenarios[0]!;
    expect(s.requires.commands).toEqual(['ip']);
    expect(s.steps[0]!.skip_unless).toEqual({ run: 'docker info >/dev/null 2>&1', reason: "the document's block needs docker (doc.md:7)" });
  });

  it('stops a command the author ended with Ctrl-C after as many replies as shown; interrupt-after overrides', () => {
    const ping = '$ ping 10.0.0.1\nPING 10.0.0.1\n64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=1 ms\n64 bytes from 10.0.0.1: icmp_seq=2 ttl=64 time=1 ms\n^C\n';
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

  it('a bad directive value: the schema\'s words for it, at the directive\'s line', () => {
    expect(problemsOf('# T\n\n<!-- netrecipes: timeout=5q -->\n```console\n$ ip link\n```\n')).toEqual(
      yamlMessages('    run: ip link\n    timeout: 5q\n').map((m) => `doc.md:3:1: ${m}`),
    );
  });

  it('a static check (unknown netns) at the line of the directive that named it', () => {
    expect(problemsOf('```console\n$ ip link\n```\n\n<!-- netrecipes: in=ns1 -->\n```console\n$ ip link\n```\n')).toEqual(
      yamlMessages('    in: ns1\n    run: ip link\n').map((m) => `doc.md:5:1: ${m}`),
    );
  });

  it('a document directive\'s bad value at its line, and an exit word that is none', () => {
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
