import { describe, expect, it } from 'vitest';
import { queryArgv, scriptArgv } from './netns-argv.js';

describe("queryArgv: the harness's own queries after a step", () => {
  it('runs a command of plain words as it is: on the sandbox host, in the world, in a netns by its /run/netns file', () => {
    expect(queryArgv('host', 'ip -j route show table 100')).toEqual(['ip', '-j', 'route', 'show', 'table', '100']);
    expect(queryArgv('world', 'iptables -t nat -S')).toEqual(['nsenter', '--net=/run/sandbox/world', 'iptables', '-t', 'nat', '-S']);
    expect(queryArgv('ns-1.a', 'conntrack -L -p icmp')).toEqual(['nsenter', '--net=/run/netns/ns-1.a', 'conntrack', '-L', '-p', 'icmp']);
  });

  it('leaves to a shell what a shell would read differently, and to ip netns exec a name that is not one file', () => {
    expect(queryArgv('red', 'ip -j route show | head')).toEqual(scriptArgv('red', 'ip -j route show | head'));
    expect(queryArgv('red', 'ip -j addr show dev "my eth"')).toEqual(scriptArgv('red', 'ip -j addr show dev "my eth"'));
    expect(queryArgv('..', 'ip -j route show')).toEqual(scriptArgv('..', 'ip -j route show'));
  });
});
