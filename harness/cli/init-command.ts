// `netrecipes init`: what a project needs to start: a passing example scenario and the page it
// cites (so `docs check` passes too), a config file, a GitHub workflow that runs the scenarios
// through the netrecipes action, and reports/ in .gitignore. Never overwrites a file; adds one
// line to an existing .gitignore.
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import { VERSION } from '../version.js';

const template = (name: string) => readFileSync(new URL(`./init/${name}`, import.meta.url), 'utf8');

const CONFIG = { scenarios: ['scenarios'], docs: 'docs', backend: 'netns', out: 'reports' };

/** The workflow's install step: the project's own netrecipes when package.json lists it. */
function installCommand(dir: string): string {
  const pkgFile = join(dir, 'package.json');
  const pkg = existsSync(pkgFile) ? (JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, Record<string, string> | undefined>) : {};
  const listed = !!(pkg.dependencies?.netrecipes ?? pkg.devDependencies?.netrecipes);
  if (!listed) return `npm install --no-save --no-audit --no-fund netrecipes@${VERSION}`;
  return existsSync(join(dir, 'package-lock.json')) ? 'npm ci --no-audit --no-fund' : 'npm install --no-audit --no-fund';
}

export function initFiles(dir: string): Record<string, string> {
  return {
    'scenarios/example.yaml': template('example.yaml'),
    'docs/network-recipes.md': template('example.md'),
    'netrecipes.config.json': `${JSON.stringify(CONFIG, null, 2)}\n`,
    '.github/workflows/netrecipes.yml': template('workflow.yml').replace('__INSTALL__', installCommand(dir)),
  };
}

export async function initCommand(dir: string): Promise<number> {
  const files = initFiles(dir);
  const present = Object.keys(files).filter((f) => existsSync(join(dir, f)));
  if (present.length) throw new UsageError(`init writes nothing: ${present.join(', ')} already exist${present.length === 1 ? 's' : ''} (move them away first)`);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), text, { flag: 'wx' });
    process.stdout.write(`wrote ${file}\n`);
  }
  if (await ignoreReports(dir)) process.stdout.write('added reports/ to .gitignore\n');
  process.stdout.write('next, as root (the sandboxes need namespaces): npx netrecipes run, then npx netrecipes docs check\n');
  return EXIT.OK;
}

/** Adds `reports/` to the project's .gitignore (made if absent) unless a line already ignores it; whether it did. */
async function ignoreReports(dir: string): Promise<boolean> {
  const file = join(dir, '.gitignore');
  const text = existsSync(file) ? await readFile(file, 'utf8') : '';
  if (/^\/?reports\/?\s*$/m.test(text)) return false;
  await appendFile(file, `${text && !text.endsWith('\n') ? '\n' : ''}reports/\n`);
  return true;
}
