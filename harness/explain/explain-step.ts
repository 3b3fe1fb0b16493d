// Ties explanations to the step runner. A connectivity step costs nothing extra while it
// passes: only its flow is noted. After a failed one, the counters are read, one probe of the
// same flow is replayed (traced with nft where the kernel allows it), and the full evidence
// read again: what grew, and the state left, become the explanation lines. Best effort: a
// sandbox that cannot answer costs the explanation, never the step's verdict.
import type { Sandbox } from '../backends/backend.js';
import type { CommandResult } from '../exec/command-result.js';
import { parsePing } from '../expect/ping.js';
import type { Step } from '../scenario/scenario.js';
import { gatherEvidence, type Evidence } from './evidence.js';
import { explainFlow, type IcmpReply } from './explain.js';
import { traceDrops } from './trace.js';
import { flowOfCommand, isConnectivityStep, type Flow } from './flow.js';

/** What the scenario's steps remember between them: the last flow sent, and the running step's. */
export interface FlowMemory {
  last?: Flow;
  /** The flow the step that just ran is judged on (undefined for a step that sends none). */
  current?: Flow;
}

/**
 * Notes the flow a connectivity step's command sends. A step that only checks a capture is
 * explained with the flow of the last step that sent one.
 */
export function watchStep(step: Step, memory: FlowMemory): Flow | undefined {
  if (!isConnectivityStep(step)) return undefined;
  const flow = step.run !== undefined ? flowOfCommand(step.in, step.run) : undefined;
  if (!flow) return step.run === undefined ? memory.last : undefined;
  return (memory.last = flow);
}

/** The ICMP error a failed ping got back instead of a reply, and who sent it. */
function icmpReply(flow: Flow, result: CommandResult | undefined): IcmpReply | undefined {
  if (flow.proto !== 'icmp' || !result) return undefined; // only ping sends ICMP
  const p = parsePing(result);
  return p.from && !['ok', 'timeout', 'unknown'].includes(p.kind) ? { kind: p.kind, from: p.from, ...(p.mtu !== undefined ? { mtu: p.mtu } : {}) } : undefined;
}

/** Why a failed connectivity step has no flow to explain: it is said rather than left out. */
export function notExplained(step: Step): string {
  return step.run !== undefined
    ? 'not explained: netrecipes reads the destination of a ping, curl or nc as a numeric IPv4 or IPv6 address, and this command has none'
    : 'not explained: no earlier step sent a ping, curl or nc to a numeric IPv4 or IPv6 address';
}

/** After a failed connectivity step: why, from the evidence in the still-live sandbox (and the ICMP error its ping got). */
export async function explainStep(sandbox: Sandbox, flow: Flow, result?: CommandResult): Promise<string[]> {
  try {
    const before: Evidence = await gatherEvidence(sandbox, 'counters', flow);
    const traced = await traceDrops(sandbox, flow).catch(() => []); // replays one probe of the flow
    const after = await gatherEvidence(sandbox, 'full', flow);
    const lines = [...explainFlow(flow, before, after, icmpReply(flow, result)), ...traced];
    return lines.length
      ? lines
      : [
          `nothing in the evidence explains it (route, neighbours, netfilter counters, rp_filter, forwarding, conntrack and listeners for ${flow.dst} looked normal)`,
        ];
  } catch {
    return [];
  }
}
