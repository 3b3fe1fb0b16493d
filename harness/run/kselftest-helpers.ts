// The C helpers a selftest calls (nettest, from the kernel's tools/testing/selftests/net), built
// from the project's source inside the sandbox, as the sandbox's unprivileged root with the
// system's cc (so a source can read nothing a local user could not), the way the kernel's
// Makefile builds them; put first on the selftest's PATH. Built once per sandbox.
import type { Sandbox } from '../backends/backend.js';
import { scriptBeside } from '../exec/script-file.js';
import type { KselftestFile } from '../scenario/kselftest-script.js';

const BUILD_SCRIPT = scriptBeside(import.meta.url, './kselftest-helpers.sh');

/** Where a sandbox keeps the helpers it built: its own /run, seen from all its namespaces. */
export const HELPERS_DIR = '/run/netrecipes/kselftest-bin';
/** The kernel selftests' own CFLAGS for these programs (tools/testing/selftests/net/Makefile). */
const CFLAGS = ['-Wall', '-Wl,--no-as-needed', '-O2', '-g'];
const BUILD_TIMEOUT_MS = 120_000;

/** Why a helper could not be built (the compiler's last lines), or undefined when all are there. */
export async function buildHelpers(sandbox: Sandbox, helpers: KselftestFile['helpers']): Promise<string | undefined> {
  for (const { name, source } of helpers) {
    const r = await sandbox.exec(['bash', '-c', BUILD_SCRIPT, 'build-helper', HELPERS_DIR, name, source, ...CFLAGS], {
      timeoutMs: BUILD_TIMEOUT_MS,
      label: `cc -o ${name} ${source}`,
    });
    if (r.exitCode !== 0) {
      const tail = r.stderr.trim().split('\n').slice(-3).join(' | ');
      return `could not build helper ${name} from ${source}: ${r.timedOut ? `timed out after ${BUILD_TIMEOUT_MS} ms` : tail || `exit ${r.exitCode}`}`;
    }
  }
  return undefined;
}
