// The shell prompts people paste in front of commands, the rule that tells a root prompt
// `# ip link` from a comment `# Terminal 1`, and what makes a prompt-less line a command.
import { sandboxExecutable } from '../exec/sandbox-path.js';
import type { UserPattern } from '../text/user-pattern.js';

/** `$ `, `user@host:path$ `, `root@host:~# `, `[root@host dir]# `, `(venv) $ `, `sh-5.1# `, `# `. */
const PROMPTS = [
  /^(?:\([^)\s]+\) )?[\w.-]+@[\w.-]+(?::[^\s$#]*)?[$#] ?/, // user@host:path$ , root@host:~#
  /^(?:\([^)\s]+\) )?\[[^\]]+\][$#] ?/, // [root@host dir]#
  /^(?:\([^)\s]+\) )?[\w.]+-\d+(?:\.\d+)*[$#] /, // sh-5.1# , bash-5.2$
  /^(?:\([^)\s]+\) )?\$ /, // $ , (venv) $
  /^\$$/, // an empty prompt line
];
const ROOT = /^# /;

/** Commands a `# ` line may start with to be a root prompt rather than a comment in a script block. */
const COMMAND_WORDS = new Set(
  (
    'ip ip6tables iptables iptables-save iptables-restore nft bridge brctl ping ping6 arping tcpdump sysctl modprobe lsmod ' +
    'ethtool tc ss netstat nc ncat socat curl wget dig nslookup host traceroute tracepath echo printf cat tee ls cd mkdir rm cp mv ' +
    'touch chmod export unset sleep true false kill killall ps systemctl service docker podman nerdctl crictl kubectl ' +
    'apt apt-get yum dnf nsenter unshare conntrack python python3 bash sh sudo hostname hostnamectl mount umount ' +
    'route ifconfig arp dhclient grep awk sed head tail which readlink ln ovs-vsctl ovs-ofctl wg lsns tree man su exit logout'
  ).split(' '),
);

/** Shell builtins that start a command line (not `type`, `test` or `set`: outputs start with those words too). */
const BUILTINS = new Set(
  'cd export unset alias unalias source . exit logout read wait trap declare local readonly eval exec pushd popd shopt ulimit umask'.split(' '),
);

/** Output lines whose first word is a command's name: `brctl show`'s header, `ip -d link`'s bridge details, conntrack's summary. */
const OUTPUT_LOOKALIKES = [/^bridge\s+(?!-|(?:link|fdb|mdb|vlan|monitor|help)\b)/, /^ip\s+utility\b/, /^conntrack\s+v\d/];

const SCRIPT_LANGS = new Set(['sh', 'bash', 'shell', 'zsh']);

export function firstWord(command: string): string {
  return command.replace(/^sudo\s+(?:-\S+\s+)*/, '').split(/\s+/)[0] ?? '';
}

/**
 * The command after a prompt on `line`, or undefined when it has none. `# ` is a root prompt
 * when a command word follows it; in ```sh/bash/shell blocks anything else after `# ` is a
 * comment, in ```console blocks it is a comment when it reads as prose (a capital letter or a
 * word that is not a command followed by more words).
 */
export function afterPrompt(line: string, lang: string, custom?: UserPattern): string | undefined {
  if (custom) {
    const m = custom.exec(line);
    if (m && m.index === 0) return line.slice(m[0]?.length ?? 0);
  }
  for (const p of PROMPTS) {
    const m = p.exec(line);
    if (m) return line.slice(m[0].length);
  }
  if (!ROOT.test(line)) return undefined;
  const rest = line.slice(2).trimStart();
  const word = firstWord(rest);
  if (COMMAND_WORDS.has(word) || /^[./]/.test(word)) return rest;
  if (SCRIPT_LANGS.has(lang) || /^[A-Z]/.test(rest) || /^\w+ \w+ \w+/.test(rest) || !rest) return undefined;
  return rest;
}

/** A bare `$`, `#` or `[...]#` before a command, with or without a space (`$ip`, `#ip`): how articles print commands in prose and exports. */
const BARE_PROMPT = /^\s*(?:\[[^\]]*\][#$]|[$#])\s*/;

/** The text of an article's line without its prompt (a pasted one, else a bare `$`/`#`), and whether it had one. */
export function withoutPrompt(line: string): { text: string; prompted: boolean } {
  const pasted = afterPrompt(line.trim(), 'console');
  if (pasted !== undefined) return { text: pasted.trim(), prompted: true };
  return { text: line.replace(BARE_PROMPT, '').trim(), prompted: BARE_PROMPT.test(line) };
}

/** A pasted session's continuation prompt (`> `) taken off a line. */
export const withoutContinuationPrompt = (line: string) => line.replace(/^> ?/, '');

/** A line of a script block that is a comment (or blank) rather than a command. */
export const isComment = (line: string) => !line.trim() || /^\s*#/.test(line);

/**
 * A prompt-less line that reads as a command: its first word is a known command, a shell builtin
 * or an executable the sandbox has (`sudo` before it), or it is a path (`./run.sh`), a variable
 * assignment (`NS=red`) or a function definition (`brief() {`).
 */
export function readsAsCommand(line: string): boolean {
  const text = line.trim();
  if (!text || text.startsWith('#')) return false;
  const command = text.replace(/^sudo\s+(?:-\S+\s+)*/, '');
  if (/^\.{0,2}\//.test(command) || /^[A-Za-z_]\w*=/.test(text) || /^[A-Za-z_][\w-]*\s*\(\)\s*(?:\{|$)/.test(text)) return true;
  if (/^(?:for|while|until|if|case|select|function)\s/.test(text) || /^[({]\s/.test(text)) return true;
  if (OUTPUT_LOOKALIKES.some((re) => re.test(command))) return false;
  const word = firstWord(text);
  return COMMAND_WORDS.has(word) || BUILTINS.has(word) || (/^[\w.+-]+$/.test(word) && sandboxExecutable(word) !== undefined);
}

/** Words that make a line prose when nothing in it is shaped like an argument (`# ping for the peer`). */
const PROSE = /\b(?:the|a|an|for|to|of|and|is|are|with|from|this|that|it|now|then|again)\b/i;
const ARGUMENT = /(?:^|\s)(?:-\S|\S*[/=$.:]\S|\S*\d)/;

/** Whether the text after a `#` reads as a command (`sudo ip route add ...`), not as prose (`ping for the peer`). */
export function commandAfterHash(line: string): boolean {
  const text = line.replace(/^\s*#+\s*/, '');
  if (!text || /^[A-Z]/.test(text) || !readsAsCommand(text)) return false;
  const args = text.split(/\s+/).slice(1).join(' ');
  return ARGUMENT.test(args) || !PROSE.test(args);
}

/** `sudo`, `sudo -E`, `| sudo tee`: the sandbox runs as root already. */
export const withoutSudo = (command: string) => command.replace(/(^|[|;&(]\s*)sudo(?:\s+-[A-Za-z]+)*\s+/g, '$1');
