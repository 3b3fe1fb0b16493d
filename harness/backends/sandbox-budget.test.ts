import { describe, expect, it } from 'vitest';
import { JOBS_PER_CORE, coresPerGuest, jobsFor, tcgCpus } from './sandbox-budget.js';

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

describe('the cores of guests booted side by side', () => {
  it('gives each guest an equal share of the cores, at least one', () => {
    expect(coresPerGuest(2, 1)).toBe(2);
    expect(coresPerGuest(2, 2)).toBe(1);
    expect(coresPerGuest(8, 3)).toBe(2);
    expect(coresPerGuest(2, 7)).toBe(1);
    expect(coresPerGuest(4, 0)).toBe(4);
  });
  it('gives an emulated guest the vCPUs it asks for, no more than its share', () => {
    expect(tcgCpus(2, undefined)).toBe(2);
    expect(tcgCpus(2, 1)).toBe(1);
    expect(tcgCpus(2, 4)).toBe(2);
    expect(tcgCpus(1, 0)).toBe(1);
  });
});
