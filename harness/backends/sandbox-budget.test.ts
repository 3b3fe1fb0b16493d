import { describe, expect, it } from 'vitest';
import { JOBS_PER_CORE, jobsFor } from './sandbox-budget.js';

describe('jobsFor', () => {
  it('runs several sandboxes per core when memory allows', () => {
    expect(jobsFor(2, 24 * 2 ** 30)).toEqual({ jobs: 2 * JOBS_PER_CORE, why: `${JOBS_PER_CORE} per core on 2 cores` });
  });
  it('is bounded by available memory, never below one', () => {
    expect(jobsFor(8, 512 * 2 ** 20).jobs).toBe(4);
    expect(jobsFor(8, 512 * 2 ** 20).why).toMatch(/4 sandboxes fit in 0\.5 GiB/);
    expect(jobsFor(8, 1).jobs).toBe(1);
  });
});
