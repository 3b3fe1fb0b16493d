// requires.kernel_config on this machine's kernel (netns backend): a kselftest-style config
// fragment checked against /proc/config.gz or /boot/config-$(uname -r) before the scenario's
// sandbox starts; a scenario whose fragment the kernel does not meet is skipped, the option
// named; a fragment with a line that is no config line is a file error at its line.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, HEAD, projectDir } from './helpers.js';

const WITH = (id: string, fragment: string) => `${HEAD(id)}requires:\n  kernel_config: ${fragment}\nsteps:\n  - { name: a step, run: "true" }\n`;

describe('requires.kernel_config', () => {
  it('runs a scenario whose fragment this kernel meets and skips, naming the option, one it does not', async () => {
    const dir = await projectDir({
      'selftests/net/config': 'CONFIG_NET_NS=y\nCONFIG_VETH=m\n',
      'selftests/odd/config': '# a fragment this kernel does not meet\nCONFIG_NET_NS=y\nCONFIG_NETRECIPES_NO_SUCH_OPTION=m\n',
      'scenarios/met.yaml': WITH('met', '../selftests/net/config'),
      'scenarios/unmet.yaml': WITH('unmet', '../selftests/odd/config'),
    });
    const r = await cli(['run', '--out', join(dir, 'out')], { cwd: dir });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.all).toMatch(/kernel config: \/proc\/config\.gz; 1 of 2 scenarios checked on it can run/);
    expect(r.all).toMatch(/✓ met /);
    expect(r.all).toMatch(
      /- unmet .*lacks CONFIG_NETRECIPES_NO_SUCH_OPTION \(selftests\/odd\/config:3\); .*scripts\/config --enable CONFIG_NETRECIPES_NO_SUCH_OPTION/,
    );
  }, 60_000);

  it('says a fragment line that is not a config line at its file and line, before any sandbox', async () => {
    const dir = await projectDir({ 'scenarios/bad.yaml': WITH('bad', 'config'), 'scenarios/config': 'CONFIG_VETH=y\nveth\n' });
    const r = await cli(['check'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.all).toMatch(/scenarios\/config:2:1: not a kernel config line/);
  });
});
