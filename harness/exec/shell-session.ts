// One shell that lives as long as a replay: commands typed one at a time into bash on a terminal
// inside the sandbox, the way a reader types them into theirs, so that variables, cd, functions,
// and a shell opened inside a namespace (`ip netns exec red bash`) carry over to the next
// command. Each command is still judged alone: its output is what the terminal printed until
// the shell was ready again, and its exit status comes from the shell itself, through a prompt
// hook every bash started inside inherits (PROMPT_COMMAND prints a marker with $?, which bash
// keeps for the next command). The next command is typed only after that marker, never ahead.
import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { InfrastructureError } from '../errors.js';
import { CappedOutput } from './command-result.js';
import { TerminalText } from './terminal-text.js';
import { cpuContention, spareTimeout } from './spare-time.js';
import type { TerminalHost, TerminalProcess } from './process.js';

export interface SessionResult {
  command: string;
  /** What the terminal printed, line ends as \n. */
  output: string;
  /** The shell's $? after it; undefined when it never came back (timed out and deaf to Ctrl-C). */
  exitCode: number | undefined;
  /** The deadline passed and Ctrl-C was sent. */
  timedOut: boolean;
  outputCut?: boolean;
  durationMs: number;
}

export interface SessionOptions {
  /** What the shell is started under (e.g. `ip netns exec NS`): the shell runs there. */
  command?: string[];
  /** Columns of the terminal (long lines wrap at this width in tools that ask). @default 200 */
  cols?: number;
  /** Variables added to the shell's environment. */
  env?: Record<string, string>;
  /** How long the shell may take to start. @default 10000 */
  startTimeoutMs?: number;
}

/** How long a command has to come back to its prompt after its deadline's Ctrl-C. */
const AFTER_INTERRUPT_MS = 2000;
const CTRL_C = '\x03';
/** A marker is shorter than this: output older than the last this-many characters can no longer hold one. */
const MARKER_ROOM = 64;

interface Mark {
  output: string;
  cut: boolean;
  status: number;
}

export class ShellSession {
  private readonly text = new TerminalText();
  private pending = '';
  private kept = new CappedOutput();
  private readonly marks: Mark[] = [];
  private wake: (() => void) | undefined;
  private readonly marker: RegExp;
  /** Set once a command never came back: the session can take no more. */
  private stuck: string | undefined;

  private constructor(
    private readonly term: TerminalProcess,
    token: string,
  ) {
    this.marker = new RegExp(`\\x1eNR${token}:(\\d+)\\x1e`);
    const decoder = new StringDecoder('utf8');
    term.onOutput((data) => this.receive(decoder.write(data)));
    void term.done.then(() => this.wake?.());
  }

  /** A shell on a terminal of `host`'s own, ready for its first command. */
  static async open(host: TerminalHost, opts: SessionOptions = {}): Promise<ShellSession> {
    const token = randomBytes(6).toString('hex');
    // The prompt is the marker, $? inside, for bash and for sh (dash expands PS1 too); bash's
    // PROMPT_COMMAND puts it back before every prompt, after an rc file set a prompt of its own.
    const prompt = `\x1eNR${token}:$?\x1e`;
    const term = host.terminal([...(opts.command ?? []), 'bash', '--norc', '--noprofile', '--noediting', '-i'], {
      rows: 50,
      cols: opts.cols ?? 200,
      echo: false,
      env: {
        TERM: 'dumb',
        PAGER: 'cat',
        SYSTEMD_PAGER: '',
        SHELL: '/bin/bash',
        ...opts.env,
        // exported, so that a shell opened inside (ip netns exec red bash, sh, nsenter) reports the same way
        PS1: prompt,
        PS2: '',
        NETRECIPES_PROMPT: prompt,
        PROMPT_COMMAND: 'PS1=$NETRECIPES_PROMPT; PS2=',
      },
    });
    const session = new ShellSession(term, token);
    if (!(await session.nextMark(opts.startTimeoutMs ?? 10_000))) {
      await term.stop(0);
      throw new InfrastructureError(`the shell session did not start: ${(term.result?.stderr ?? '').trim() || 'no prompt'}`);
    }
    return session;
  }

  get alive(): boolean {
    return this.term.running && this.stuck === undefined;
  }

  private receive(text: string): void {
    this.pending += this.text.push(text);
    for (let m = this.marker.exec(this.pending); m; m = this.marker.exec(this.pending)) {
      this.kept.add(this.pending.slice(0, m.index));
      this.marks.push({ output: this.kept.text, cut: this.kept.cut, status: Number(m[1]) });
      this.kept = new CappedOutput();
      this.pending = this.pending.slice(m.index + m[0].length);
    }
    if (this.pending.length > 4 * MARKER_ROOM) {
      this.kept.add(this.pending.slice(0, -MARKER_ROOM));
      this.pending = this.pending.slice(-MARKER_ROOM);
    }
    this.wake?.();
  }

  /**
   * The next marker's output and status, or undefined when `timeoutMs` passes or the shell ends.
   * Unless `wallClock`, the time the machine had to spare is what counts (spare-time.ts).
   */
  private nextMark(timeoutMs: number, wallClock = false): Promise<Mark | undefined> {
    return new Promise((resolve) => {
      const check = () => {
        const mark = this.marks.shift();
        if (mark || !this.term.running) {
          this.wake = undefined;
          cancel();
          resolve(mark);
        }
      };
      const cancel = spareTimeout(timeoutMs, wallClock ? undefined : cpuContention, () => ((this.wake = undefined), resolve(undefined)));
      this.wake = check;
      check();
    });
  }

  /**
   * Types `command` (one command, which may span lines: a heredoc, a continuation) and waits until
   * the shell is back, or Ctrl-C's it after `timeoutMs` (`wallClock`: of the clock, as a reader
   * who presses it at a moment; else of the time the machine had to spare).
   */
  async run(command: string, timeoutMs: number, wallClock = false): Promise<SessionResult> {
    if (this.stuck !== undefined) throw new InfrastructureError(`the shell session cannot take "${command}": ${this.stuck}`);
    if (!this.term.running)
      throw new InfrastructureError(`the shell session has ended (exit ${this.term.result?.exitCode ?? this.term.result?.signal}); "${command}" was not run`);
    const t0 = performance.now();
    this.term.write(command.endsWith('\n') ? command : `${command}\n`);
    let mark = await this.nextMark(timeoutMs, wallClock);
    const timedOut = mark === undefined && this.term.running;
    if (timedOut) {
      this.interrupt();
      mark = await this.nextMark(AFTER_INTERRUPT_MS);
      if (!mark) this.stuck = `"${command}" did not come back to the prompt, not even after Ctrl-C`;
    }
    const output = mark?.output ?? this.kept.text + this.pending;
    return { command, output, exitCode: mark?.status, timedOut, ...(mark?.cut ? { outputCut: true } : {}), durationMs: performance.now() - t0 };
  }

  /** Ctrl-C, as typed: SIGINT to whatever runs in the foreground of the terminal. */
  interrupt(): void {
    this.term.write(CTRL_C);
  }

  /** Keys typed into whatever reads the terminal now (an answer to a prompt, a Ctrl-D). */
  type(keys: string): void {
    this.term.write(keys);
  }

  /** Hangs the terminal up (SIGHUP to its session), then kills what is left; the shell's exit status. */
  async close(graceMs = 1000): Promise<number | undefined> {
    if (this.term.running) {
      this.term.signal('SIGHUP');
      const timer = setTimeout(() => this.term.signal('SIGKILL'), graceMs);
      await this.term.done;
      clearTimeout(timer);
    }
    return this.term.result?.exitCode;
  }
}
