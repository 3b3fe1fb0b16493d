// What `docs extract` makes of an article's printed outputs: ping statistics become `ping:`,
// curl output `curl:`, `ip route` output `routes:`; and how it bounds commands an article
// leaves running (`ping` without `-c`).
import { parsePing } from '../expect/ping.js';

export interface ProposedStep {
  run?: string;
  expect?: Record<string, unknown>;
  /** Why the step differs from the article's line. */
  note?: string;
}

const PRIVATE = /^(10\.|127\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|0\.)/;

/** Public IPv4 addresses a command talks to: they stand for the internet, which the world serves. */
export function publicAddresses(command: string): string[] {
  return [...command.matchAll(/\b(\d{1,3}(?:\.\d{1,3}){3})\b(?!\/)/g)].map((m) => m[1]!).filter((a) => !PRIVATE.test(a) && a.split('.').every((o) => Number(o) < 256) && !a.endsWith('.0') && !a.endsWith('.255'));
}

/** What ping printed, classified as a `ping:` expectation classifies it (a reply: at least one, as counts vary). */
function pingCheck(output: string[]): Record<string, unknown> | undefined {
  const { kind } = parsePing({ stdout: output.join('\n'), stderr: '' });
  if (kind === 'unknown') return undefined;
  return { ping: kind === 'ok' ? { received: '>0' } : kind };
}

function curlCheck(output: string[]): Record<string, unknown> | undefined {
  const text = output.join('\n');
  if (/Connection refused|Couldn't connect/i.test(text)) return { curl: { failure: 'refused' } };
  if (/timed out/i.test(text)) return { curl: { failure: 'timeout' } };
  const status = /^HTTP\/[\d.]+ (\d{3})/m.exec(text);
  const body = output.map((l) => l.trim()).find((l) => l && !/^(HTTP\/|[\w-]+: |[<>*] )/.test(l));
  if (!status && !body) return undefined;
  return { curl: { ...(status ? { status: Number(status[1]) } : {}), ...(body ? { body: { contains: body.slice(0, 80) } } : {}) } };
}

/** `default via 10.0.0.1 dev eth0` -> { dst: default, gateway: 10.0.0.1, dev: eth0 } (ip -j route's names). */
function routesCheck(output: string[]): Record<string, unknown> | undefined {
  const has = output
    .map((l) => /^\s*(default|\d+\.\d+\.\d+\.\d+(?:\/\d+)?)(?:\s+via\s+(\S+))?(?:\s+dev\s+(\S+))?/.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ dst: m[1]!, ...(m[2] ? { gateway: m[2] } : {}), ...(m[3] ? { dev: m[3] } : {}) }));
  return has.length ? { routes: { has } } : undefined;
}

const ROUTE_SHOW = /^ip(?:\s+-4)?\s+r(?:o|ou|out|oute)?(?:\s+(?:show|list|ls))?\s*$/;

/** The step for one article command and the lines it printed. */
export function proposeStep(run: string, output: string[]): ProposedStep {
  const word = run.split(/\s+/)[0];
  if (word === 'ping') {
    const bounded = /\s-c\s*\d+/.test(run) ? run : run.replace(/^ping\b/, 'ping -c 3 -i 0.2 -W 1');
    const check = pingCheck(output);
    return { run: bounded, ...(check ? { expect: check } : {}), ...(bounded !== run ? { note: `the article's "${run}" runs until Ctrl-C: bounded to 3 pings` } : {}) };
  }
  if (word === 'curl') {
    const check = curlCheck(output);
    return { run, ...(check ? { expect: check } : {}) };
  }
  if (ROUTE_SHOW.test(run)) {
    const check = routesCheck(output);
    if (check) return { expect: check, note: `the article's "${run}" and what it printed, as a check` };
  }
  return { run };
}
