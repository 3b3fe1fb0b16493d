// Any kernel the user has, for real (TCG here): Debian's 6.1 downloaded as a .deb and unpacked by
// hand, given to --kernel as an image path (its modules and config found beside it, as they sit
// in the package) and as the .deb itself, boots and passes seed scenarios, each cell named by
// the kernel's release and where it came from; the same image with a config that lacks
// CONFIG_VETH and no modules never boots: its scenarios are skipped, the option named.
// `doctor --kernel-config` on Debian's config and on that copy. One boot per kernel.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureKernel, ensureKernelDebs, ensureRootfs } from '../../harness/backends/guest/vm-assets.js';
import { parseKernel, type DebianKernel } from '../../harness/backends/guest/kernel-spec.js';
import { cli, tempDir, titled, unavailable } from './helpers.js';

const noQemu = unavailable('QEMU', ['qemu-system-x86_64', '--version']);

let deb: string;
let image: string;
let config: string;
let noVeth: string;
let release: string;

beforeAll(async () => {
  const [{ debs }] = await Promise.all([ensureKernelDebs(parseKernel('6.1') as DebianKernel), ensureRootfs()]);
  deb = debs[0]!;
  const root = await tempDir('netrecipes-unpacked-');
  await execa('dpkg-deb', ['-x', deb, root]);
  release = (await execa('ls', [join(root, 'lib/modules')])).stdout.trim();
  image = join(root, 'boot', `vmlinuz-${release}`);
  config = join(root, 'boot', `config-${release}`);
  // The same kernel with a config that lacks veth, and no modules.
  const bare = join(await tempDir('netrecipes-noveth-'), 'build');
  await mkdir(bare);
  await copyFile(image, join(bare, 'bzImage'));
  noVeth = join(bare, '.config');
  await writeFile(noVeth, (await readFile(config, 'utf8')).replace(/^CONFIG_VETH=.*\n/m, ''));
}, 600_000);

describe('doctor --kernel-config', () => {
  it("passes on Debian's config and, on a copy without CONFIG_VETH, names it, every scenario that needs it and the fix", async () => {
    const ok = await cli(['doctor', '--kernel-config', config]);
    expect(ok.exitCode, ok.all).toBe(0);
    expect(ok.stdout).toMatch(/^✓ cnp-veth-pair +=m \(module needed\) CONFIG_VETH$/m);
    expect(ok.stdout).toMatch(/^24 scenarios of 24 can run on a kernel built with this config\.$/m);
    const bad = await cli(['doctor', '--kernel-config', noVeth]);
    expect(bad.exitCode, bad.all).toBe(1);
    expect(bad.stdout).toMatch(/^✗ cnp-veth-pair +missing CONFIG_VETH \(veth\)$/m);
    expect(bad.stdout).toMatch(/^✗ cnfs-snat-egress +missing CONFIG_VETH \(veth\); =y .*CONFIG_NETFILTER/m);
    expect(bad.stdout.match(/^✗ /gm)).toHaveLength(24); // every seed scenario builds on veth pairs
    expect(bad.stdout).toMatch(/^ {2}scripts\/config --enable CONFIG_VETH && make olddefconfig$/m);
  }, 60_000);
});

/** A kernel build directory holding the unpacked kernel: bzImage, .config, kernel.release. */
async function buildDir(): Promise<string> {
  const dir = await tempDir('netrecipes-build-');
  await mkdir(join(dir, 'arch/x86/boot'), { recursive: true });
  await mkdir(join(dir, 'include/config'), { recursive: true });
  await copyFile(image, join(dir, 'arch/x86/boot/bzImage'));
  await copyFile(config, join(dir, '.config'));
  await writeFile(join(dir, 'include/config/kernel.release'), `${release}\n`);
  return dir;
}

describe('--kernel BUILD_DIR (nothing boots)', () => {
  it('finds modules installed into it, and names the boot files by content: the same kernel as its image', async () => {
    const dir = await buildDir();
    await execa('cp', ['-al', join(image, '../../lib'), join(dir, 'lib')]); // make modules_install INSTALL_MOD_PATH=dir
    const built = await ensureKernel(parseKernel(dir));
    expect(built.origin).toBe(`build ${dir} (modules: ${dir}/lib/modules/${release})`);
    expect(built.release).toBe(release);
    expect(built.vmlinuz).toBe((await ensureKernel(parseKernel(image))).vmlinuz); // another path, the same content: one cache entry
  }, 120_000);

  it('takes the modules straight from the build (modules.order), and says which are not built yet', async () => {
    const dir = await buildDir();
    await mkdir(join(dir, 'drivers/net'), { recursive: true });
    await copyFile(join(image, '../../lib/modules', release, 'kernel/drivers/net/veth.ko'), join(dir, 'drivers/net/veth.ko'));
    await writeFile(join(dir, 'modules.order'), 'drivers/net/veth.o\n');
    const built = await ensureKernel(parseKernel(dir));
    expect(built.origin).toBe(`build ${dir} (modules: ${dir}/modules.order)`);
    expect(built.hasModules).toBe(true);
    await writeFile(join(dir, 'modules.order'), 'drivers/net/veth.o\ndrivers/net/vxlan/vxlan.o\n');
    await expect(ensureKernel(parseKernel(dir))).rejects.toThrow(
      /modules\.order lists modules not built yet \(drivers\/net\/vxlan\/vxlan\.ko\.\.\.\): run make modules/,
    );
  }, 120_000);
});

describe.skipIf(noQemu)(titled('--kernel PATH', noQemu), () => {
  it('boots an unpacked image and a .deb, passes seed scenarios on both, and skips before boot on a config without veth', async () => {
    const out = await tempDir();
    const r = await cli([
      'run',
      '--backend',
      'qemu',
      '--kernel',
      [image, deb, join(noVeth, '../bzImage')].join(','),
      '--filter',
      '^cnp-(veth-pair|bridge)$',
      '--out',
      out,
    ]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^linux vmlinuz-${release} +2/2 passed`, 'm'));
    expect(r.stdout).toMatch(/^linux linux-image-6\.1\.\S+\.deb +2\/2 passed/m);
    expect(r.stdout).toMatch(/^linux bzImage +0\/2 passed, 2 skipped/m);
    expect(r.stdout).toMatch(/^- cnp-veth-pair \[linux bzImage\] .*lacks CONFIG_VETH \(veth\); .*scripts\/config --enable CONFIG_VETH/m);
    expect(r.stderr.match(/^booted /gm)).toHaveLength(2); // the kernel without veth never booted
    expect(r.stderr).toMatch(new RegExp(`^booted ${release} from image ${image} \\(modules: .*/lib/modules/${release}\\) with qemu`, 'm'));
    const xml = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(xml).toContain(`<property name="kernel" value="${release}"/>`);
    expect(xml).toContain(`<property name="machine.kernel-source" value="image ${image} (modules: `);
    expect(xml).toContain(`<property name="machine.kernel-source" value="deb ${deb}"/>`);
    expect(xml).not.toContain('<property name="kernel" value="unknown"/>'); // the skipped ones too: one matrix column per kernel
  }, 600_000);
});
