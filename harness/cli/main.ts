// The `netrecipes` command line: subcommands, options, and the mapping of error kinds to exit
// codes (0 passed, 1 failed, 2 usage or scenario-file error, 3 infrastructure error). Each
// command's module is imported when the command runs, and the backends' names and the options
// each takes come from their descriptors (backends/choices.ts), so `--help` loads no backend.
import { Command, CommanderError, Option } from 'commander';
import { printable } from '../text/printable.js';
import { resumeWorkflowCommands, stopWorkflowCommands } from '../report/github.js';
import { InfrastructureError, ScenarioFileError, UsageError } from '../errors.js';
import { BACKEND_NAMES, DEFAULT_BACKEND, DEFAULT_CAPABILITIES, KERNEL_SUITES, backendsTaking, flagOf } from '../backends/choices.js';
import type { CellOption } from '../backends/descriptor.js';
import { loadProject } from '../config/project-config.js';
import { EXIT } from './exit-codes.js';
import { VERSION } from '../version.js';
import { withProjectDefaults } from './project-defaults.js';
import { rejectOptionsAsValues } from './option-values.js';

// Each command's options as its module takes them (types only: the modules load when their command runs).
type RunOpts = Parameters<typeof import('./run-command.js').runCommand>[1];
type ListOpts = Parameters<typeof import('./list-command.js').listCommand>[1];
type ShellOpts = Parameters<typeof import('./shell-command.js').shellCommand>[1];
type RecordOpts = Parameters<typeof import('./record-command.js').recordCommand>[0];
type DocsCheckOpts = Omit<Parameters<typeof import('./docs-command.js').docsCheckCommand>[1], 'docs'> & { docs?: string };
type DocsExtractOpts = Parameters<typeof import('./docs-command.js').docsExtractCommand>[1];
type DocsRunOpts = Parameters<typeof import('./docs-command.js').docsRunCommand>[1];
type AuditOpts = Parameters<typeof import('./audit-command.js').auditCommand>[1];
type MergeOpts = Parameters<typeof import('./report-command.js').reportMergeCommand>[1];
type DoctorOpts = NonNullable<Parameters<typeof import('./doctor-command.js').doctorCommand>[1]>;

const collect = (v: string, prev: string[] = []) => [...prev, v];
/** --filter, --tag and --bundled, for every command that selects scenarios. */
const withSelection = (cmd: Command) =>
  cmd
    .option('--filter <regex>', 'only scenarios whose id or title matches')
    .option('--tag <tag>', 'only scenarios with this tag (repeatable)', collect)
    .option('--bundled', 'the bundled seed suite, whatever this project holds');
/** --shard, for the commands that say what a CI job runs (run, list). */
const withShard = (cmd: Command) =>
  cmd.option(
    '--shard <i/n>',
    "only the i-th of n shards of the selection (one per CI job): the longest scenarios first into the lightest shard, by the duration cache's timings",
  );
/** --retries and --bail, for the commands that run scenarios as a CI job would (run, docs run). */
const withReruns = (cmd: Command) =>
  cmd
    .option('--retries <n>', 'rerun a failed scenario in a fresh sandbox up to n times; one that then passes is reported flaky (default 0)')
    .option('--bail [n]', 'stop starting scenarios after n failures (default 1); the rest are reported skipped');
const backendOption = () => new Option('--backend <name>', 'where scenarios run').choices(BACKEND_NAMES).default(DEFAULT_BACKEND);
/** --distro, --kernel...: the help says first which backends take it (their descriptors do). */
const cellOption = (option: CellOption, argument: string, text: string) => new Option(`${flagOf(option)} ${argument}`, `${backendsTaking(option)}: ${text}`);

/** Sets the process's exit code: what a command's action ends with. */
type SetExit = (code: number) => void;

/** The options of `cmd`, with what the user did not type taken from the project's config. */
async function optionsOf<T extends object>(cmd: Command, opts: T) {
  const project = await loadProject();
  return { project, opts: withProjectDefaults(cmd, opts, project) };
}

function addRun(program: Command, setExit: SetExit): void {
  withReruns(withShard(withSelection(program.command('run'))))
    .description("run scenarios (default: this project's, from its config or ./scenarios; else the bundled suite) and write reports")
    .argument('[paths...]', 'scenario files or folders')
    .addOption(backendOption())
    .addOption(cellOption('distro', '<list>', 'Debian releases of the user space, e.g. bookworm,trixie (default bookworm)'))
    .addOption(cellOption('iptables', '<list>', 'nft, legacy or both (default nft)'))
    .addOption(cellOption('caps', '<list>', `capabilities to add (default ${DEFAULT_CAPABILITIES.join(',')})`))
    .addOption(cellOption('image', '<name>', 'use this image (with the scenario tools) instead of building one'))
    .addOption(
      cellOption(
        'kernel',
        '<list>',
        `kernels to boot, e.g. 6.1,./bzImage: Debian's (${Object.keys(KERNEL_SUITES).join(', ')}, a suite, or PACKAGE@SUITE; default 6.1), or a path: a kernel image, a build directory, a linux-image .deb`,
      ),
    )
    .addOption(
      cellOption(
        'kernelModules',
        '<dir>',
        'the modules of the kernel image in --kernel (lib/modules/<release>, or a folder holding it); default: beside the image, else none',
      ),
    )
    .option('--jobs <n>', 'scenarios run at once (default: 4 per core, fewer if memory is short; a VM backend: its cores)')
    .option('--junit <file>', 'JUnit XML path (default: <out>/junit.xml)')
    .option('--out <dir>', 'report folder', 'reports')
    .option('--keep', "keep a failed scenario's sandbox until Enter is pressed (runs one job)")
    .option('--watch', 'after the run, rerun each scenario file that is saved again, until Ctrl-C')
    .option(
      '--state-diff',
      'record what each step changed in every namespace (links, addresses, routes, rules, neighbours, iptables rules and counters, conntrack count, net sysctls) for the HTML and JUnit reports',
    )
    .option('--tap <file>', 'also write KTAP (kernel selftests TAP) to this file, or - for stdout (then progress goes to stderr)')
    .option('-v, --verbose', "print every step with its command and that command's output, not only failures")
    .action(async (paths: string[], raw: RunOpts & { watch?: boolean }, cmd: Command) => {
      const { project, opts } = await optionsOf(cmd, raw);
      if (opts.watch) {
        const { watchCommand } = await import('./watch-command.js');
        return setExit(await watchCommand(paths, opts, project));
      }
      const { runCommand } = await import('./run-command.js');
      setExit(await runCommand(paths, opts, undefined, project));
    });
}

/** list and check: what the scenarios are, and whether they load. */
function addListAndCheck(program: Command, setExit: SetExit): void {
  withShard(withSelection(program.command('list')))
    .description('list scenarios: id, tags, title (--json: also source and requirements)')
    .argument('[paths...]')
    .option('--json', 'machine-readable output')
    .action(async (paths: string[], raw: ListOpts, cmd: Command) => {
      const { opts } = await optionsOf(cmd, raw);
      const { listCommand } = await import('./list-command.js');
      setExit(await listCommand(paths, opts));
    });

  program
    .command('check')
    .description('validate scenario files without running them')
    .argument('[paths...]')
    .option('--bundled', 'the bundled seed suite, whatever this project holds')
    .action(async (paths: string[], opts: { bundled?: boolean }) => {
      const { checkCommand } = await import('./list-command.js');
      setExit(await checkCommand(paths, opts));
    });
}

/** shell and record: one sandbox, on a terminal. */
function addShellAndRecord(program: Command, setExit: SetExit): void {
  program
    .command('shell')
    .description("replay a scenario up to a step, then open a shell inside its sandbox; exits with the shell's status")
    .argument('<scenario>', "a scenario file, or the id of one in [paths] (default: this project's scenarios, then the bundled suite)")
    .argument('[paths...]', 'scenario files or folders to find the id in')
    .option('--until <step>', 'step number (1-based), name, or a unique part of a name; default: all steps')
    .addOption(backendOption())
    .addOption(cellOption('distro', '<name>', 'Debian release of the user space'))
    .addOption(cellOption('iptables', '<flavour>', 'nft or legacy'))
    .addOption(cellOption('kernel', '<name>', 'the kernel to boot: a Debian name (default 6.1) or a path (image, build directory, .deb)'))
    .addOption(cellOption('kernelModules', '<dir>', 'the modules of a kernel image given as a path'))
    .option(
      '--record <file>',
      'instead of a plain shell, record what is typed: FILE gets the scenario up to the step and a step per command, with inferred checks',
    )
    .option('--force', 'with --record: overwrite FILE')
    .action(async (scenario: string, paths: string[], raw: ShellOpts, cmd: Command) => {
      const { project, opts } = await optionsOf(cmd, raw);
      const { shellCommand } = await import('./shell-command.js');
      setExit(await shellCommand(scenario, { ...opts, paths }, project));
    });

  program
    .command('record')
    .description(
      'open a shell in a fresh sandbox (or read commands from stdin), run each command as a step, and write a scenario of them with checks inferred from what happened',
    )
    .requiredOption('--out <file>', 'the scenario file to write')
    .addOption(backendOption())
    .addOption(cellOption('distro', '<name>', 'Debian release'))
    .addOption(cellOption('iptables', '<flavour>', 'nft or legacy'))
    .addOption(cellOption('kernel', '<name>', 'the Debian kernel to boot (default 6.1)'))
    .option('--no-world', 'a sandbox without the outside world (uplink, gateway, internet, client)')
    .option('--force', 'overwrite the file')
    .action(async (raw: RecordOpts, cmd: Command) => {
      const { opts } = await optionsOf(cmd, raw);
      const { recordCommand } = await import('./record-command.js');
      setExit(await recordCommand(opts));
    });
}

/** docs check, extract and run: scenarios against the articles they cite, transcripts replayed. */
function addDocs(program: Command, setExit: SetExit): void {
  const docs = program.command('docs').description('check that scenarios and the articles they cite still agree');
  withSelection(docs.command('check'))
    .description('every command a scenario replays must still be in its article; list what no scenario replays')
    .argument('[paths...]', "scenario files or folders (default: this project's, else the bundled suite)")
    .option('--docs <dir>', 'folder holding the articles (scenarios cite seeds/<file> inside it; default: the config\'s "docs")')
    .option('--junit <file>', 'JUnit XML path', 'reports/docs-junit.xml')
    .action(async (paths: string[], raw: DocsCheckOpts, cmd: Command) => {
      const { opts } = await optionsOf(cmd, raw);
      if (!opts.docs) throw new UsageError('docs check needs --docs DIR (or "docs" in netrecipes.config.json)');
      const { docsCheckCommand } = await import('./docs-command.js');
      setExit(await docsCheckCommand(paths, { ...opts, docs: opts.docs }));
    });

  docs
    .command('extract')
    .description("propose scenario skeletons (one per section) from an article's commands")
    .argument('<file>', 'the article')
    .option('--out <dir>', 'write one YAML file per section here (default: print them)')
    .option('--as <doc>', 'the source.doc to cite (default: the path given)')
    .action(async (file: string, opts: DocsExtractOpts) => {
      const { docsExtractCommand } = await import('./docs-command.js');
      setExit(await docsExtractCommand(file, opts));
    });

  withReruns(docs.command('run'))
    .description('replay Markdown shell transcripts (```console blocks) in a sandbox and compare their output')
    .argument('<files...>', 'Markdown files')
    .addOption(backendOption())
    .option('--jobs <n>', 'documents run at once (default: 4 per core, fewer if memory is short)')
    .option('--junit <file>', 'JUnit XML path (default: <out>/docs-run-junit.xml)')
    .option('--out <dir>', 'report folder', 'reports')
    .option('-v, --verbose', 'print every step')
    .option('--update', "rewrite the documents' outputs with what the machine printed (markers and directives kept where they still match)")
    .option('--frozen', 'exit 1 when --update would change a document (and print how)')
    .action(async (files: string[], opts: DocsRunOpts) => {
      const { docsRunCommand } = await import('./docs-command.js');
      setExit(await docsRunCommand(files, opts));
    });
}

/** audit and report merge: what matters in a scenario, and runs compared. */
function addAuditAndReport(program: Command, setExit: SetExit): void {
  program
    .command('audit')
    .description('which commands matter: replay each scenario or document without each state-changing command and report what breaks')
    .argument('<files...>', 'scenario files or folders, or Markdown documents')
    .addOption(backendOption())
    .option('--jobs <n>', 'replays run at once (default: 4 per core, fewer if memory is short)')
    .option('--out <dir>', 'where audit.json goes', 'reports')
    .action(async (files: string[], opts: AuditOpts) => {
      const { auditCommand } = await import('./audit-command.js');
      setExit(await auditCommand(files, opts));
    });

  program
    .command('report')
    .description('reports across runs')
    .command('merge')
    .description('merge JUnit files of many runs into a scenario x (backend, kernel, distro, iptables) matrix; exit 1 when a cell newly fails')
    .argument('<junit...>', 'JUnit files written by netrecipes run')
    .option('--out <dir>', 'where matrix.md, matrix.html and matrix.json go', 'reports/matrix')
    .option('--previous <matrix.json>', 'a previous merge, to show newly failing and newly passing cells')
    .option('--no-fail-on-regression', 'exit 0 even when cells newly fail against --previous')
    .option(
      '--kernel-order <list>',
      'kernels oldest first (releases or their prefixes: 6.1,6.12,7.2): name per scenario the first kernel where it fails after passing on the one before',
    )
    .action(async (files: string[], opts: MergeOpts) => {
      const { reportMergeCommand } = await import('./report-command.js');
      setExit(await reportMergeCommand(files, opts));
    });
}

/** init: a project started. */
function addInit(program: Command, setExit: SetExit): void {
  program
    .command('init')
    .description('start a project: scenarios/example.yaml, netrecipes.config.json and .github/workflows/netrecipes.yml (never overwrites)')
    .action(async () => {
      const { initCommand } = await import('./init-command.js');
      setExit(await initCommand(process.cwd()));
    });
}

/** doctor: this machine checked for the scenarios, or a kernel's config. */
function addDoctor(program: Command, setExit: SetExit): void {
  withSelection(program.command('doctor'))
    .description(
      'check tools and kernel features, print the apt-get line for what is missing; with --kernel-config, whether a kernel built with that config can run the scenarios',
    )
    .argument('[paths...]', "scenario files or folders (default: this project's, else the bundled suite)")
    .option(
      '--kernel-config <file>',
      "check only a kernel's config (.config, /proc/config.gz, /boot/config-*): per scenario the options missing, =m or =y, and the scripts/config line that fixes it; exit 1 when a scenario cannot run",
    )
    .action(async (paths: string[], raw: DoctorOpts, cmd: Command) => {
      const { project, opts } = await optionsOf(cmd, raw);
      const { doctorCommand } = await import('./doctor-command.js');
      setExit(await doctorCommand(paths, opts, project));
    });
}

export function buildProgram(setExit: SetExit): Command {
  const program = new Command('netrecipes')
    .description('Replays container-networking recipes as asserted scenarios in disposable sandboxes')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .hook('preAction', (_, command) => rejectOptionsAsValues(command));
  addRun(program, setExit);
  addListAndCheck(program, setExit);
  addShellAndRecord(program, setExit);
  addInit(program, setExit);
  addDocs(program, setExit);
  addAuditAndReport(program, setExit);
  addDoctor(program, setExit);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram((c) => (code = c));
  stopWorkflowCommands(); // in GitHub Actions: no line a scenario or sandbox prints is a workflow command
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (err instanceof UsageError) {
      process.stderr.write(`netrecipes: ${printable(err.message)}\n`);
      return EXIT.USAGE;
    }
    if (err instanceof ScenarioFileError) {
      process.stderr.write(`${printable(err.message)}\n`);
      return EXIT.USAGE;
    }
    if (err instanceof InfrastructureError) {
      process.stderr.write(`netrecipes: infrastructure error: ${printable(err.message)}\n`);
      return EXIT.INFRA;
    }
    process.stderr.write(`netrecipes: internal error: ${printable(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
    return EXIT.INFRA;
  } finally {
    resumeWorkflowCommands(); // the steps after this one in the job may use them
  }
}
