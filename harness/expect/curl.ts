// Reads curl's result: the HTTP status (from -i or -v output), the body, or why it failed,
// from curl's exit code (7 could not connect, 28 timed out, ...).
import type { CommandResult } from '../exec/command-result.js';
import type { CURL_FAILURES, CurlExpect } from './kinds/curl.js';
import { matchText } from './text.js';
import { verdict, type Verdict } from './verdict.js';

export type CurlFailure = (typeof CURL_FAILURES)[number];

/** curl's exit codes that name a network outcome (see curl's man page, EXIT CODES). */
const CURL_EXIT = { COULDNT_RESOLVE_HOST: 6, COULDNT_CONNECT: 7, OPERATION_TIMEDOUT: 28, GOT_NOTHING: 52, RECV_ERROR: 56 } as const;

export interface CurlReport {
  status?: number;
  body: string;
  failure?: CurlFailure;
  exitCode?: number;
}

export function parseCurl(r: Pick<CommandResult, 'stdout' | 'stderr' | 'exitCode'>): CurlReport {
  const code = r.exitCode;
  if (code !== 0) {
    let failure: CurlFailure = 'other';
    if (code === CURL_EXIT.COULDNT_CONNECT) failure = /No route to host|Network is unreachable|Host is unreachable/i.test(r.stderr) ? 'unreachable' : 'refused';
    else if (code === CURL_EXIT.OPERATION_TIMEDOUT) failure = 'timeout';
    else if (code === CURL_EXIT.GOT_NOTHING) failure = 'empty-reply';
    else if (code === CURL_EXIT.RECV_ERROR) failure = 'reset';
    else if (code === CURL_EXIT.COULDNT_RESOLVE_HOST) failure = 'dns';
    return { failure, body: r.stdout, exitCode: code };
  }
  // With -i the headers lead stdout; with -v they are on stderr as "< HTTP/1.1 200 OK".
  const lines = r.stdout.split(/\r?\n/);
  let status: number | undefined;
  let body = r.stdout;
  const head = /^HTTP\/[\d.]+ (\d{3})/.exec(lines[0] ?? '');
  if (head) {
    status = Number(head[1]);
    const end = r.stdout.search(/\r?\n\r?\n/);
    body = end >= 0 ? r.stdout.slice(end).replace(/^\r?\n\r?\n/, '') : '';
  } else {
    const v = /^< HTTP\/[\d.]+ (\d{3})/m.exec(r.stderr);
    if (v) status = Number(v[1]);
  }
  return { status, body, exitCode: 0 };
}

/** The exit status curl ends with for the expected outcome: its failure's code, else 0. */
export function curlExitFor(spec: CurlExpect): number | 'nonzero' {
  switch (spec.failure) {
    case undefined:
      return 0;
    case 'refused':
    case 'unreachable':
      return CURL_EXIT.COULDNT_CONNECT;
    case 'timeout':
      return CURL_EXIT.OPERATION_TIMEDOUT;
    case 'empty-reply':
      return CURL_EXIT.GOT_NOTHING;
    case 'reset':
      return CURL_EXIT.RECV_ERROR;
    case 'dns':
      return CURL_EXIT.COULDNT_RESOLVE_HOST;
    default:
      return 'nonzero';
  }
}

export function checkCurl(spec: CurlExpect, r: CommandResult): Verdict[] {
  const c = parseCurl(r);
  const actual = c.failure
    ? `failed: ${c.failure} (curl exit ${c.exitCode}) ${r.stderr.trim()}`
    : `HTTP ${c.status ?? '(no status line: add -i or -v to curl)'}`;
  const out: Verdict[] = [];
  if (spec.failure) out.push(verdict('curl', c.failure === spec.failure, `fails: ${spec.failure}`, actual));
  if (spec.status !== undefined) out.push(verdict('curl', c.status === spec.status, `HTTP ${spec.status}`, actual));
  if (spec.body !== undefined) out.push(...matchText('curl body', c.body, spec.body));
  if (!spec.failure && spec.status === undefined && spec.body === undefined) out.push(verdict('curl', !c.failure, 'succeeds', actual));
  return out;
}
