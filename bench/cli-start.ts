// How long `netrecipes --help` takes to answer: node starting the compiled CLI (dist/, what an
// installed package runs). `npm run bench` builds first; the target is under 0.3 s.
import { execa } from 'execa';

const BIN = new URL('../bin/netrecipes.js', import.meta.url).pathname;

/** Median wall time of `runs` runs of `netrecipes --help`, in ms. */
export async function cliStartMs(runs = 7): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await execa('node', [BIN, '--help']);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
