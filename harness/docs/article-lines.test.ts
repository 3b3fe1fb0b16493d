import { describe, expect, it } from 'vitest';
import { commandOnLine, extractCommands } from './commands.js';
import { parseTranscriptDocument } from './transcript-doc.js';
import { splitSections } from './sections.js';

const numbered = (text: string) => text.split('\n').map((t, i) => ({ n: i + 1, text: t }));
// A ~~~ block holding a ``` line and a `# ` comment: neither closes the block nor starts a section.
const TILDES = ['# Lab', '', '~~~console', '$ ip netns add red', '```', '# ip netns list', '~~~', '', 'ip link set lo up', '## Next', ''].join('\n');

describe('one rule for fences: ``` and ~~~ alike, in every reader', () => {
  it('sections: a # line inside a ~~~ block is no heading, and a ``` inside it does not close it', () => {
    expect(splitSections(TILDES).map((s) => s.title)).toEqual(['', 'Lab', 'Next']);
  });

  it('commands: what a ~~~ block holds, not the prose around it', () => {
    expect(extractCommands(numbered(TILDES)).map((c) => c.text)).toEqual(['ip netns add red', 'ip netns list']);
  });

  it('transcripts: the same block, read as a transcript', () => {
    const doc = parseTranscriptDocument(TILDES, 'doc.md');
    expect(doc.scenarios[0]!.steps.map((s) => s.run)).toEqual(['ip netns add red', 'ip netns list']);
  });
});

describe('one rule for prompts: what a transcript and an article reader both take off a line', () => {
  it('pasted prompts, bare $ and # with or without a space; prose after # is no command', () => {
    const lines = ['$ ip link', '(venv) $ ip link', 'root@lab:~# ip link', '[root@lab ~]# ip link', '$ip link', '#ip link', '  # ip link'];
    for (const l of lines) expect(commandOnLine(l, false), l).toBe('ip link');
    expect(commandOnLine('# Terminal 1', true)).toBeUndefined();
    expect(commandOnLine('echo hi', false)).toBeUndefined();
    expect(commandOnLine('$ echo hi', false)).toBe('echo hi');
  });
});
