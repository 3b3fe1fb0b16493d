// How many sandboxes one machine runs at once, the host or a guest. Scenarios mostly wait (ARP
// retries, ping timeouts, curl refusals): the seed suite's scenarios add up to about 70 s on the
// netns backend, nearly all of it waiting, so a machine runs more sandboxes than it has cores,
// bounded by its memory.

/** Sandboxes per core for wait-bound work. */
export const JOBS_PER_CORE = 4;
/** What one sandbox may need in memory at most, for the bound (its processes, tmpfs use). */
const BYTES_PER_SANDBOX = 128 * 1024 * 1024;

/** How many sandboxes `cores` cores and `available` bytes of memory run at once, with why. */
export function jobsFor(cores: number, available: number): { jobs: number; why: string } {
  const byCores = cores * JOBS_PER_CORE;
  const byMemory = Math.max(1, Math.floor(available / BYTES_PER_SANDBOX));
  return byMemory < byCores
    ? { jobs: byMemory, why: `${byMemory} sandboxes fit in ${(available / 2 ** 30).toFixed(1)} GiB of available memory` }
    : { jobs: byCores, why: `${JOBS_PER_CORE} per core on ${cores} cores` };
}

/** What one guest takes of the host's memory: its RAM and QEMU's own. */
const BYTES_PER_GUEST = 1.5 * 2 ** 30;

/**
 * How many guests run at once: one per core, as many as memory holds. A guest's sandboxes mostly
 * wait, as the host's do, so two kernels side by side take little longer than one.
 */
export function guestsAtOnce(cores: number, available: number): number {
  return Math.max(1, Math.min(cores, Math.floor(available / BYTES_PER_GUEST)));
}

/** The host's cores each of `guests` guests booted at once may keep busy: an equal share, at least one. */
export function coresPerGuest(cores: number, guests: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, guests)));
}

/**
 * The virtual CPUs of an emulated (TCG) guest: those it asks for, no more than the host's cores
 * it may keep busy. Each vCPU is a host thread: with more of them than cores, one spins on a
 * guest lock whose holder waits for a core, and the guest's extra sandboxes (2 per vCPU) cost
 * CPU while they wait. Measured here (2 cores, the seed suite on 6.1 and 6.12 side by side): 112 s
 * of CPU with 2 vCPUs each, 104 s with 2 vCPUs and 2 sandboxes, 96 s with 1 vCPU, all in 57-61 s.
 */
export function tcgCpus(wanted: number, cores: number | undefined): number {
  return Math.max(1, Math.min(wanted, cores ?? wanted));
}
