// A step's script normally travels as one argv string (`bash -e -c SCRIPT`), but Linux caps one
// argv string at 128 KiB (E2BIG, which used to surface as "exit 127"). A longer script is first
// written into a file inside the sandbox, in argv pieces well under the caps, then run as
// `bash -e FILE`: same errexit semantics, stdin still /dev/null, on every backend (no shared
// file system or stdin channel needed).
import { createHash } from 'node:crypto';
import type { Sandbox } from '../backends/backend.js';
import { InfrastructureError } from '../errors.js';
import { scriptBeside } from '../exec/script-file.js';
import { inNetns, scriptArgv } from './netns-argv.js';

/** Scripts up to this many bytes go inline as an argv string. */
const INLINE_SCRIPT_BYTES = 64 * 1024;
/** Bytes per argv string and strings per staging command: under MAX_ARG_STRLEN (128 KiB) and ARG_MAX (2 MiB). */
const PIECE_BYTES = 96 * 1024;
const PIECES_PER_EXEC = 12;
/** In the sandbox's own /run (a tmpfs that dies with it), visible from all its namespaces. */
const STAGING_DIR = '/run/netrecipes/scripts';
/** Writes one batch of pieces: FILE first|more last|more PIECES... */
const WRITE_PIECES = scriptBeside(import.meta.url, './staged-script.sh');

/** Splits UTF-8 text into pieces of at most `max` bytes, never inside a character. */
export function utf8Pieces(text: string, max: number): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const pieces: string[] = [];
  for (let at = 0; at < bytes.length; ) {
    let end = Math.min(at + max, bytes.length);
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--; // a continuation byte: back off
    pieces.push(bytes.subarray(at, end).toString('utf8'));
    at = end;
  }
  return pieces;
}

/** Writes `script` to a file in the sandbox (named by its hash) and returns the file's path. */
async function stage(sandbox: Sandbox, script: string): Promise<string> {
  const file = `${STAGING_DIR}/${createHash('sha256').update(script).digest('hex').slice(0, 16)}.sh`;
  const pieces = utf8Pieces(script, PIECE_BYTES);
  for (let i = 0; i < pieces.length; i += PIECES_PER_EXEC) {
    const start = i === 0 ? 'first' : 'more';
    const end = i + PIECES_PER_EXEC >= pieces.length ? 'last' : 'more';
    const r = await sandbox.exec(['bash', '-c', WRITE_PIECES, 'stage', file, start, end, ...pieces.slice(i, i + PIECES_PER_EXEC)], {
      timeoutMs: 30_000,
      label: `stage a ${script.length}-character script`,
    });
    if (r.exitCode !== 0) throw new InfrastructureError(`could not write a long script into the sandbox (${file}): ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  }
  return file;
}

/** The argv that runs `script` with bash -e in `netns`, however long the script is. */
export async function stepArgv(sandbox: Sandbox, netns: string, script: string): Promise<string[]> {
  if (Buffer.byteLength(script, 'utf8') <= INLINE_SCRIPT_BYTES) return scriptArgv(netns, script);
  return inNetns(netns, ['bash', '-e', await stage(sandbox, script)]);
}
