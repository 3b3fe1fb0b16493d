// The words the harness and a resident executor (executor.py) exchange: one message per line,
// fields separated by one space, bytes in base64, lists NUL-joined before encoding. This file
// only spells and reads them; executor/client.ts holds the conversation.

/** What the harness may ask for (executor.py's header lists them too). */
export type Request =
  | {
      op: 'spawn';
      id: number;
      argv: string[];
      env?: Record<string, string>;
      stdin?: boolean;
      relay?: boolean;
      tty?: { rows: number; cols: number; echo?: boolean };
      input?: string;
    }
  | { op: 'stdin'; id: number; data?: string | Uint8Array; close?: boolean }
  | { op: 'signal'; id: number; signal: NodeJS.Signals; tree?: boolean }
  | { op: 'resize'; id: number; rows: number; cols: number }
  | { op: 'ping'; id: number }
  | { op: 'poweroff' };

/** What an executor answers. `id` is undefined for an error that belongs to no request. */
export type Answer =
  | { kind: 'hello'; pid: number; release: string }
  | { kind: 'pid'; id: number; pid: number }
  | { kind: 'out' | 'err'; id: number; data: Buffer }
  | { kind: 'cut'; id: number }
  | { kind: 'exit'; id: number; exitCode: number | undefined; signal: NodeJS.Signals | undefined }
  | { kind: 'error'; id: number | undefined; message: string }
  | { kind: 'pong'; id: number; release: string };

const b64 = (data: string | Uint8Array) => Buffer.from(data).toString('base64');
const list = (items: string[]) => (items.length ? b64(items.join('\0')) : '-');

/** A string the executor could not take apart again (a NUL inside an argument or a name). */
function checkList(items: string[], what: string): string[] {
  const bad = items.find((s) => s.includes('\0'));
  if (bad !== undefined) throw new TypeError(`${what} may not contain a NUL character: ${JSON.stringify(bad.slice(0, 40))}`);
  return items;
}

/** The line that carries `r`, newline included. */
export function encodeRequest(r: Request): string {
  switch (r.op) {
    case 'spawn': {
      const flags = [
        ...(r.stdin ? ['stdin'] : []),
        ...(r.relay ? ['relay'] : []),
        ...(r.tty ? [`tty=${r.tty.rows}x${r.tty.cols}`, ...(r.tty.echo === false ? ['noecho'] : [])] : []),
      ];
      const env = checkList(
        Object.entries(r.env ?? {}).map(([k, v]) => `${k}=${v}`),
        'an environment variable',
      );
      const fields = ['spawn', r.id, flags.join(',') || '-', list(checkList(r.argv, 'an argument')), list(env)];
      if (r.input !== undefined) fields.push(b64(r.input) || '-');
      return `${fields.join(' ')}\n`;
    }
    case 'stdin':
      return `stdin ${r.id} ${r.data === undefined || r.data.length === 0 ? '-' : b64(r.data)}${r.close ? ' close' : ''}\n`;
    case 'signal':
      return `signal ${r.id} ${r.signal}${r.tree ? ' tree' : ''}\n`;
    case 'resize':
      return `resize ${r.id} ${r.rows} ${r.cols}\n`;
    case 'ping':
      return `ping ${r.id}\n`;
    case 'poweroff':
      return 'poweroff\n';
  }
}

const int = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);

/** The answer a line carries, or undefined for a line that is none (what a holder printed before its executor started). */
export function decodeAnswer(line: string): Answer | undefined {
  const [kind, a, b, c] = line.split(' ');
  const id = int(a);
  switch (kind) {
    case 'hello':
      return id !== undefined ? { kind, pid: id, release: b ?? '' } : undefined;
    case 'pid':
      return id !== undefined && int(b) !== undefined ? { kind, id, pid: int(b)! } : undefined;
    case 'out':
    case 'err':
      return id !== undefined ? { kind, id, data: Buffer.from(b ?? '', 'base64') } : undefined;
    case 'cut':
      return id !== undefined ? { kind, id } : undefined;
    case 'exit':
      if (id === undefined) return undefined;
      return { kind, id, exitCode: int(b), signal: c && c !== '-' && /^SIG[A-Z0-9]+$/.test(c) ? (c as NodeJS.Signals) : undefined };
    case 'error':
      return { kind, id, message: Buffer.from(b ?? '', 'base64').toString('utf8') };
    case 'pong':
      return id !== undefined ? { kind, id, release: b ?? '' } : undefined;
    default:
      return undefined;
  }
}
