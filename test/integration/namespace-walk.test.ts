// harness/exec/namespaces.sh, the one walk over a sandbox's namespaces that snapshot, topology,
// diagnostics, evidence and trace share, in a real sandbox: the host first, every netns of
// /run/netns whatever its name ("a b", "*", a leading dot), the world's parts last, each entered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsBackend } from '../../harness/backends/netns/netns-backend.js';
import { NAMESPACES_LIBRARY } from '../../harness/exec/namespaces.js';

const backend = new NetnsBackend();

/** Namespaces with awkward names, and the world's two parts as world.sh makes them (files bound in /run/sandbox). */
const SETUP = `ip netns add 'a b' && ip netns add '*' && ip netns add .dot && mkdir -p /run/sandbox
for w in world client; do touch /run/sandbox/$w && unshare --net=/run/sandbox/$w true; done
`;

describe('namespaces.sh', () => {
  beforeAll(() => backend.prepare());
  afterAll(() => backend.close());

  it('walks the host, every netns, then world and client, and enters each by its file', async () => {
    await using sb = await backend.create();
    const script = `${NAMESPACES_LIBRARY}${SETUP}
inode() { echo "$1|$2|$(readlink /proc/self/ns/net)|$MARK"; }
each() { ns_in "$2" readlink /proc/self/ns/net; ns_call "$2" inode "$1" "$2"; }
export MARK=exported
ns_each each
ns_file 'a b'; echo "file $NS_FILE"; ns_file world; echo "file $NS_FILE"; ns_file host; echo "file [$NS_FILE]"`;
    const r = await sb.exec(['bash', '-c', script], { timeoutMs: 10_000 });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    const walked = lines.filter((l) => l.includes('|')).map((l) => l.split('|'));
    const entered = lines.filter((l) => l.startsWith('net:'));
    const names = walked.map(([name]) => name);
    expect([names[0], ...names.slice(4)]).toEqual(['host', 'world', 'client']);
    expect(names.slice(1, 4).sort()).toEqual(['*', '.dot', 'a b']);
    expect(walked.map(([, file]) => file)).toEqual(['', ...walked.slice(1, 4).map(([n]) => `/run/netns/${n}`), '/run/sandbox/world', '/run/sandbox/client']);
    const inodes = walked.map(([, , inode]) => inode);
    expect(new Set(inodes).size).toBe(6);
    expect(entered).toEqual(inodes);
    expect(walked.every(([, , , mark]) => mark === 'exported')).toBe(true);
    expect(lines.slice(-3)).toEqual(['file /run/netns/a b', 'file /run/sandbox/world', 'file []']);
  });

  it('takes a name with a slash (or . or ..) for no namespace, as ip netns does: no path out of /run/netns', async () => {
    await using sb = await backend.create();
    const script = `${NAMESPACES_LIBRARY}
for n in ../../proc/1/ns/net x/y . ..; do ns_file "$n"; echo "$NS_FILE"; ns_in "$NS_FILE" true 2>/dev/null && echo entered; done`;
    const r = await sb.exec(['bash', '-c', script], { timeoutMs: 10_000 });
    expect(r.stdout.trim().split('\n')).toEqual(Array(4).fill('/run/netns/.not-a-name'));
  });
});
