// Commands an article stops with Ctrl-C (`ping host`, `tcpdump -i x`, `ip monitor`): the step
// sends SIGINT after `interrupt_after` and judges what the command printed until then.
import { shellQuote } from '../exec/shell-quote.js';

/**
 * timeout(1) signals its whole process group, as a terminal's Ctrl-C does, and with
 * --preserve-status exits as the command did (ping: 0 with replies; ip monitor: 130).
 */
export function interruptAfter(ms: number, script: string): string {
  return `timeout --preserve-status -s INT ${ms / 1000}s bash -e -c ${shellQuote(script)}`;
}
