// Real net selftests of the kernel tree, unmodified, as kselftest steps on the netns backend:
// route_localnet.sh, fib_nexthop_multiprefix.sh and arp_ndisc_evict_nocarrier.sh pass here with
// their results as subtests; fib-onlink-tests.sh needs VRF devices, which this machine's kernel
// lacks, and is skipped for it (it runs where the kernel has them); nettest, the selftests' C
// helper, is built from the tree's nettest.c in the sandbox for a small selftest of ours. The
// files come from Debian's linux-source-6.1, extracted into the cache when the test runs
// (test/kernel-selftests.ts).
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { kernelNetSelftests } from '../kernel-selftests.js';
import { ROOT, cli, tempDir, validateJunit } from './helpers.js';

const SCRIPTS = ['route_localnet.sh', 'fib_nexthop_multiprefix.sh', 'arp_ndisc_evict_nocarrier.sh', 'fib-onlink-tests.sh', 'nettest.c'];
const SCENARIOS = ['route-localnet', 'fib-nexthop-multiprefix', 'arp-ndisc-evict-nocarrier', 'fib-onlink-tests', 'nettest-veth'];
const FIXTURES = join(ROOT, 'test/fixtures/kernel-selftests');

type Suite = {
  name: string;
  tests: string;
  failures: string;
  skipped: string;
  testcase: { name: string; time: string; skipped?: { message: string } }[] | { name: string; skipped?: { message: string } };
};

let unavailable: string | undefined;
let run: Awaited<ReturnType<typeof cli>>;
let suites: Map<string, Suite>;

describe("the kernel's own net selftests, unmodified", () => {
  beforeAll(async () => {
    const source = await kernelNetSelftests(SCRIPTS);
    if ('why' in source) {
      unavailable = source.why;
      return;
    }
    const project = await tempDir('netrecipes-kernel-selftests-');
    await mkdir(join(project, 'net'));
    for (const f of SCRIPTS) await copyFile(join(source.dir, f), join(project, 'net', f));
    await copyFile(join(FIXTURES, 'nettest-veth.sh'), join(project, 'net', 'nettest-veth.sh'));
    for (const s of SCENARIOS) await copyFile(join(FIXTURES, `${s}.yaml`), join(project, `${s}.yaml`));
    await writeFile(join(project, 'package.json'), '{}\n');
    await chmod(project, 0o755);
    const out = await tempDir();
    run = await cli(['run', project, '--out', out, '--jobs', '4']);
    expect((await validateJunit(join(out, 'junit.xml'))).ok).toBe(true);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await readFile(join(out, 'junit.xml'), 'utf8'));
    suites = new Map((xml.testsuites.testsuite as Suite[]).map((s) => [s.name.split(':')[0]!, s]));
  }, 180_000);

  it('passes route_localnet.sh, fib_nexthop_multiprefix.sh and arp_ndisc_evict_nocarrier.sh, each result a subtest', (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    expect(run.all).toMatch(/✓ kernel-route-localnet /);
    expect(run.all).toMatch(/✓ kernel-fib-nexthop-multiprefix /);
    expect(run.all).toMatch(/✓ kernel-arp-ndisc-evict-nocarrier /);
    const names = (id: string) => [suites.get(id)!.testcase].flat().map((c) => c.name);
    expect(names('kernel-route-localnet')).toEqual(['01 route_localnet.sh', '01 route_localnet.sh: arp_announce', '01 route_localnet.sh: arp_ignore']);
    expect(names('kernel-arp-ndisc-evict-nocarrier')).toHaveLength(7); // the step and its six "run ... test" results
    expect(names('kernel-fib-nexthop-multiprefix').filter((n) => n.includes(': IPv'))).not.toHaveLength(0);
    expect(suites.get('kernel-fib-nexthop-multiprefix')!.failures).toBe('0');
  });

  it("builds nettest from the kernel's nettest.c in the sandbox and puts it on the selftest's PATH", (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const names = [suites.get('kernel-nettest-veth')!.testcase].flat().map((c) => c.name);
    expect(names).toEqual([
      '01 nettest-veth.sh',
      '01 nettest-veth.sh: TCP across the veth pair',
      '01 nettest-veth.sh: UDP across the veth pair',
      '01 nettest-veth.sh: no server on an unused address',
    ]);
    expect(suites.get('kernel-nettest-veth')!.failures).toBe('0');
  });

  it('skips fib-onlink-tests.sh on a kernel without VRF devices, saying so', (ctx) => {
    if (unavailable) ctx.skip(unavailable);
    const onlink = [suites.get('kernel-fib-onlink-tests')!.testcase].flat()[0]!;
    if (onlink.skipped) expect(onlink.skipped.message).toMatch(/kernel feature not available: vrf/);
    else expect(run.all).toMatch(/✓ kernel-fib-onlink-tests /);
  });
});
