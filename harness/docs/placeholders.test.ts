import { describe, expect, it } from 'vitest';
import { bindingOf, fillPlaceholders, placeholdersIn } from './placeholders.js';

describe('placeholders', () => {
  it('finds the values a reader fills in, not redirections, variables or here-document text', () => {
    expect(placeholdersIn('ip netns exec <namespace_name> ip addr add <ip_address>/<subnet_mask> dev <interface_name>').map((p) => p.name)).toEqual([
      'namespace_name',
      'ip_address',
      'subnet_mask',
      'interface_name',
    ]);
    expect(placeholdersIn('ping -c 1 YOUR_IP').map((p) => p.text)).toEqual(['YOUR_IP']);
    for (const c of ['cat <<EOF > /tmp/x\n<html>\nEOF', 'echo $YOUR_IP ${MY_NS}', 'YOUR_IP=10.0.0.1', 'sort < in.txt > out.txt', 'diff <(ip a) <(ip r)'])
      expect(placeholdersIn(c), c).toEqual([]);
  });

  it('fills a bound placeholder with its variable, quoted for where it stands', () => {
    const bound = new Set(['public_ip', 'the-peer']);
    expect(fillPlaceholders('ping -c 1 <public_ip>', bound)).toBe('ping -c 1 "${PUBLIC_IP}"');
    expect(fillPlaceholders('curl "http://<the-peer>:80/"', bound)).toBe('curl "http://${THE_PEER}:80/"');
    expect(fillPlaceholders('ping <other>', bound)).toBe('ping <other>');
  });

  it('reads bind="NAME=REGEX"', () => {
    expect(bindingOf('public_ip=inet (\\S+)/')).toEqual({ name: 'public_ip', regex: 'inet (\\S+)/' });
    expect(bindingOf('<public_ip>=x(y)')).toEqual({ name: 'public_ip', regex: 'x(y)' });
    expect(bindingOf('nothing')).toBeUndefined();
  });
});
