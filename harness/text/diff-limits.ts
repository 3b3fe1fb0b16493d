// How far a diff may go before it gives up, for every diff the harness shows (a document's
// output against the machine's, `docs run --frozen`'s patch). Myers' diff costs about
// (lines x differing lines): 30 000 differing lines held a `docs run` at 100% CPU for minutes,
// deaf to Ctrl-C and SIGTERM. Past the limit, jsdiff returns undefined and the report says the
// output is too large to diff instead.

/** jsdiff's options for a bounded diff: at most this many differing lines, at most this long. */
export const DIFF_LIMITS = { maxEditLength: 1000, timeout: 300 } as const;

/** What a report says in place of a diff past DIFF_LIMITS. */
export function tooLargeToDiff(left: string, leftLines: number, right: string, rightLines: number): string {
  return `too large to diff: ${leftLines} ${left} lines and ${rightLines} ${right} lines differ in more than ${DIFF_LIMITS.maxEditLength} lines (or took over ${DIFF_LIMITS.timeout} ms to compare)`;
}
