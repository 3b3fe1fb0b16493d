// Ties explanations to the step runner: counters before each connectivity step, and after a
// failed one the full evidence, read into explanation lines, plus an nft trace of one replayed
// probe where the kernel allows it. Best effort: a sandbox that
// cannot answer costs the explanation, never the step's verdict.
import type { Sandbox } from '../backends/backend.js';
import type { Step } from '../scenario/scenario.js';
import { gatherEvidence, type Evidence } from './evidence.js';
import { explainFlow } from './explain.js';
import { traceDrops } from './trace.js';
import { flowOfCommand, isConnectivityStep, type Flow } from './flow.js';

/** The flow a connectivity step sent and the counters before it. */
export interface WatchedFlow {
  flow: Flow;
  before: Evidence;
}

/** What the scenario's steps remember between them: the last flow sent, and the running step's. */
export interface FlowMemory {
  last?: WatchedFlow;
  /** The flow the step that just ran is judged on (undefined for a step that sends none). */
  current?: WatchedFlow;
}

/**
 * Before a connectivity step: snapshot the counters for the flow its command sends. A step
 * that only checks a capture is explained with the flow of the last step that sent one.
 */
export async function watchStep(sandbox: Sandbox, step: Step, memory: FlowMemory): Promise<WatchedFlow | undefined> {
  if (!isConnectivityStep(step)) return undefined;
  const flow = step.run !== undefined ? flowOfCommand(step.in, step.run) : undefined;
  if (!flow) return step.run === undefined ? memory.last : undefined;
  try {
    return (memory.last = { flow, before: await gatherEvidence(sandbox, 'counters') });
  } catch {
    return undefined;
  }
}

/** After a failed connectivity step: why, from the evidence in the still-live sandbox. */
export async function explainStep(sandbox: Sandbox, watched: WatchedFlow): Promise<string[]> {
  try {
    const after = await gatherEvidence(sandbox, 'full', watched.flow);
    const lines = [...explainFlow(watched.flow, watched.before, after), ...(await traceDrops(sandbox, watched.flow).catch(() => []))];
    return lines.length ? lines : [`nothing in the evidence explains it (route, neighbours, netfilter counters, rp_filter, forwarding, conntrack and listeners for ${watched.flow.dst} looked normal)`];
  } catch {
    return [];
  }
}
