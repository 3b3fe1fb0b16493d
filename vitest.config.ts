import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that boot guests, build images or fetch a kernel source package take minutes where
 * the others take seconds: start them first, so the rest runs beside them instead of after them
 * (a fresh clone has no timing cache for vitest to order by).
 */
const LONG_FILES = /\/(vm|container|kernel-selftests)\.test\.ts$/;

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const long = (f: TestSpecification) => (LONG_FILES.test(f.moduleId) ? 0 : 1);
    return sorted.sort((a, b) => long(a) - long(b)); // stable: the base order within each group
  }
}

// A bound for a hung test, not a speed check (npm run bench measures speed): on a 2-CPU machine
// running the whole suite, a test of three short runs took 95 s (its idle 15 s), so 4 minutes.
const timeouts = { testTimeout: 240_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    // Once for the whole run, both projects included (the projects below do not extend this
    // config, so they do not run it again).
    globalSetup: ['test/host-snapshot.setup.ts'],
    pool: 'forks',
    // Most of a test's time is a sandbox, a container or a guest at work, or waiting (a timeout
    // the step expects), not this process: two files more than there are CPUs keep them busy
    // (vitest's default is one less, here 1). Here (2 CPUs) npm test took 377 s with one more,
    // 356 s with two.
    maxWorkers: availableParallelism() + 2,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        // The modules' own tests share their workers' module cache: a fresh process per file
        // cost 19 of their 27 s of CPU. None of them changes global state it does not restore.
        test: { name: 'unit', include: ['harness/**/*.test.ts'], isolate: false, ...timeouts },
      },
      {
        // The CLI, backends and sandboxes for real: each file in a process of its own.
        test: { name: 'integration', include: ['test/**/*.test.ts'], ...timeouts },
      },
    ],
  },
});
