// Ctrl-C, SIGTERM or a closed terminal (SIGHUP) never kills netrecipes outright, at any moment
// of a run (loading files, probing a backend, building an image, running steps): it aborts one
// signal that the run watches, so no new sandbox starts, the rest is reported as skipped and the
// reports get written. So does losing the parent process: under `npx`, SIGTERM ends npx's shell
// at once without passing the signal on, and netrecipes, orphaned, would otherwise run to the end.
// And so does losing the reader of its output (`run | tee log` whose tee died): a run must not
// go on unseen, nor end with exit 0 and no reports (bin/netrecipes.js calls interruptRun()).
// bin/netrecipes.js installs the handlers first thing, before the CLI's modules load; commands
// that do not run scenarios finish in seconds and ignore the signal.
let controller: AbortController | undefined;
/** How many runs listen for the interrupt now (onInterrupt), so that losing the output knows whether one will stop. */
let listening = 0;

/** The signals that interrupt a run: Ctrl-C, a polite kill, a terminal that went away. */
const INTERRUPTS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Installs the interrupt handlers once per process; returns the signal they abort. */
export function watchInterrupts(): AbortSignal {
  if (controller) return controller.signal;
  const c = (controller = new AbortController());
  // `on`, not `once`: execa's exit hook re-raises a signal nobody listens to any more.
  const onSignal = (sig: NodeJS.Signals) => c.signal.aborted || c.abort(sig);
  for (const sig of INTERRUPTS) process.on(sig, onSignal);
  const parent = process.ppid;
  const orphaned = setInterval(() => process.ppid !== parent && c.abort(ORPHANED), 250).unref();
  c.signal.addEventListener('abort', () => clearInterval(orphaned), { once: true });
  return c.signal;
}

/** Why a run stopped when its parent process went away (reparented: its ppid changed). */
const ORPHANED = 'parent process ended';

/** Calls `then` once the run is interrupted (at once if it already is); the function returned forgets `then` (a run of `--watch` ended). */
export function onInterrupt(signal: AbortSignal, then: (sig: string) => void): () => void {
  const listener = () => then(String(signal.reason));
  if (signal.aborted) listener();
  else signal.addEventListener('abort', listener, { once: true });
  listening++;
  let forgotten = false;
  return () => {
    if (!forgotten) listening--;
    forgotten = true;
    signal.removeEventListener('abort', listener);
  };
}

/**
 * Stops the running run as interrupted, saying `why` (as a signal would); false when no run is
 * running, for the caller to end the process itself (`netrecipes list | head`).
 */
export function interruptRun(why: string): boolean {
  if (!controller || listening === 0) return false;
  if (!controller.signal.aborted) controller.abort(why);
  return true;
}
