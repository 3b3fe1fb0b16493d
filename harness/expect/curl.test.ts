import { describe, expect, it } from 'vitest';
import { captured } from '../../test/fixtures/outputs.js';
import { checkCurl, parseCurl } from './curl.js';

describe('parseCurl', () => {
  it('reads status and body from curl -i', () => {
    const r = parseCurl(captured('curl-ok'));
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/^<!DOCTYPE HTML>/);
    expect(r.body).not.toContain('Content-type');
  });
  it('maps exit 7 to refused', () => {
    expect(parseCurl(captured('curl-refused'))).toMatchObject({ failure: 'refused', exitCode: 7 });
  });
  it('maps exit 28 to timeout and 7 with "No route to host" to unreachable', () => {
    expect(parseCurl({ stdout: '', stderr: 'curl: (28) Connection timed out after 2001 milliseconds', exitCode: 28 }).failure).toBe('timeout');
    expect(parseCurl({ stdout: '', stderr: 'curl: (7) Failed to connect to x port 80: No route to host', exitCode: 7 }).failure).toBe('unreachable');
  });
  it('reads the status line from -v output on stderr', () => {
    expect(parseCurl({ stdout: 'hi', stderr: '* Connected\n< HTTP/1.1 404 Not Found\n<', exitCode: 0 }).status).toBe(404);
  });
});

describe('checkCurl', () => {
  it('says when a status is expected but curl failed', () => {
    const [v] = checkCurl({ status: 200 }, captured('curl-refused'));
    expect(v).toMatchObject({ ok: false, expected: 'HTTP 200' });
    expect(v!.actual).toContain('refused');
  });
  it('checks the body', () => {
    const vs = checkCurl({ status: 200, body: { contains: ['Directory listing'] } }, captured('curl-ok'));
    expect(vs.every((v) => v.ok)).toBe(true);
  });
});
