import { describe, expect, it } from 'vitest';
import { opensShell, readsInput } from './nested-shells.js';

describe('nested shells', () => {
  it('knows the commands that leave the reader in a new shell', () => {
    for (const c of [
      'ip netns exec red bash',
      'ip netns exec ns-1 sh',
      'nsenter --net=/var/run/netns/netns1',
      'nsenter -t 42 -n',
      'unshare --net',
      'bash',
      'su -',
      'sudo -i',
    ])
      expect(opensShell(c), c).toBe(true);
    for (const c of ['ip netns exec red bash -c "ip a"', 'ip netns exec red ip a', 'nsenter -t 42 -n ip a', 'bash run.sh', 'unshare --net ip a'])
      expect(opensShell(c), c).toBe(false);
  });

  it('knows the commands that read the terminal until Ctrl-D', () => {
    expect(readsInput('cat > /tmp/f')).toBe(true);
    expect(readsInput('nc -l 8080')).toBe(true);
    expect(readsInput('cat < /tmp/f')).toBe(false);
    expect(readsInput('ip link')).toBe(false);
  });
});
