// Ctrl-C or SIGTERM never kills netrecipes outright, at any moment of a run (loading files,
// probing a backend, building an image, running steps): it aborts one signal that the run
// watches, so no new sandbox starts, the rest is reported as skipped and the reports get written.
// bin/netrecipes.js installs the handlers first thing, before the CLI's modules load; commands
// that do not run scenarios finish in seconds and ignore the signal.
let controller: AbortController | undefined;

/** Installs the SIGINT/SIGTERM handlers once per process; returns the signal they abort. */
export function watchInterrupts(): AbortSignal {
  if (controller) return controller.signal;
  const c = (controller = new AbortController());
  // `on`, not `once`: execa's exit hook re-raises a signal nobody listens to any more.
  const onSignal = (sig: NodeJS.Signals) => c.signal.aborted || c.abort(sig);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return c.signal;
}

/** Calls `then` once the run is interrupted (at once if it already is). */
export function onInterrupt(signal: AbortSignal, then: (sig: string) => void): void {
  if (signal.aborted) then(String(signal.reason));
  else signal.addEventListener('abort', () => then(String(signal.reason)), { once: true });
}
