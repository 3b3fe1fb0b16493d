import { describe, expect, it } from 'vitest';
import { decodeAnswer, encodeRequest } from './protocol.js';

const unlist = (field: string) => Buffer.from(field, 'base64').toString('utf8').split('\0');

describe('the executor protocol', () => {
  it('spells a spawn as one line: flags, NUL-joined argv and env in base64, the input last', () => {
    const line = encodeRequest({
      op: 'spawn',
      id: 7,
      argv: ['bash', '-c', 'echo "a b"\nexit 3'],
      env: { TERM: 'dumb', PS1: '$ ' },
      tty: { rows: 24, cols: 80, echo: false },
      input: 'x',
    });
    expect(line.endsWith('\n')).toBe(true);
    const [op, id, flags, argv, env, input, ...rest] = line.trimEnd().split(' ');
    expect([op, id, flags]).toEqual(['spawn', '7', 'tty=24x80,noecho']);
    expect(unlist(argv!)).toEqual(['bash', '-c', 'echo "a b"\nexit 3']);
    expect(unlist(env!)).toEqual(['TERM=dumb', 'PS1=$ ']);
    expect(Buffer.from(input!, 'base64').toString()).toBe('x');
    expect(rest).toEqual([]);
    expect(encodeRequest({ op: 'spawn', id: 1, argv: ['true'] })).toBe(`spawn 1 - ${Buffer.from('true').toString('base64')} -\n`);
  });

  it('refuses a NUL inside an argument, which would split it in two on the other side', () => {
    expect(() => encodeRequest({ op: 'spawn', id: 1, argv: ['echo', 'a\0b'] })).toThrow(/may not contain a NUL/);
  });

  it('spells input, signals and sizes', () => {
    expect(encodeRequest({ op: 'stdin', id: 3, data: 'hi', close: true })).toBe('stdin 3 aGk= close\n');
    expect(encodeRequest({ op: 'stdin', id: 3, close: true })).toBe('stdin 3 - close\n');
    expect(encodeRequest({ op: 'signal', id: 3, signal: 'SIGTERM', tree: true })).toBe('signal 3 SIGTERM tree\n');
    expect(encodeRequest({ op: 'resize', id: 3, rows: 40, cols: 120 })).toBe('resize 3 40 120\n');
  });

  it("reads answers, and nothing from lines that are none (a holder's MAP, garbage, a forged signal name)", () => {
    expect(decodeAnswer('hello 1 6.1.0-13-amd64')).toEqual({ kind: 'hello', pid: 1, release: '6.1.0-13-amd64' });
    expect(decodeAnswer('out 4 aGk=')).toEqual({ kind: 'out', id: 4, data: Buffer.from('hi') });
    expect(decodeAnswer('exit 4 3 -')).toEqual({ kind: 'exit', id: 4, exitCode: 3, signal: undefined });
    expect(decodeAnswer('exit 4 - SIGKILL')).toEqual({ kind: 'exit', id: 4, exitCode: undefined, signal: 'SIGKILL' });
    expect(decodeAnswer('exit 4 - $(reboot)')).toEqual({ kind: 'exit', id: 4, exitCode: undefined, signal: undefined });
    expect(decodeAnswer(`error 9 ${Buffer.from('nc: No such file').toString('base64')}`)).toEqual({ kind: 'error', id: 9, message: 'nc: No such file' });
    expect(decodeAnswer('error - eA==')).toEqual({ kind: 'error', id: undefined, message: 'x' });
    for (const junk of ['MAP', 'READY', '', 'out x aGk=', 'pid 3', '{"id":1}']) expect(decodeAnswer(junk)).toBeUndefined();
  });
});
