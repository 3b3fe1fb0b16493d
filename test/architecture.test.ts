// The folders of harness/ depend one way (docs/architecture.md): each may import only the
// folders after it in LAYERS. A new import that points back up fails here, naming the file.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './integration/helpers.js';

/** Top to bottom. "api" is harness/index.ts; "base" is errors.ts and version.ts. */
const LAYERS = [
  'api',
  'cli',
  'record',
  'report',
  'docs',
  'audit',
  'run',
  'state',
  'explain',
  'world',
  'backends',
  'config',
  'scenario',
  'expect',
  'exec',
  'text',
  'base',
];
const HARNESS = join(ROOT, 'harness');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every relative module a source names: import/export ... from, bare import, import(), as TypeScript reads them. */
export function relativeImports(text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((f) => f.startsWith('.'));
}

/** The relative modules a source loads when it loads: no import(), no type-only import (TypeScript drops those). */
function loadedImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.flatMap((s) => {
    const loads = (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly) || (ts.isExportDeclaration(s) && !s.isTypeOnly);
    const spec = loads && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : '';
    return spec.startsWith('.') ? [resolve(dirname(file), spec.replace(/\.js$/, '.ts'))] : [];
  });
}

function layerOf(file: string): string {
  const [first, second] = relative(HARNESS, file).split('/');
  if (second !== undefined) return first!;
  return first === 'index.ts' ? 'api' : 'base';
}

describe('architecture', () => {
  it('sees every kind of import a file can make', () => {
    const text = `import a from './a.js';\nimport type { B } from '../b.js';\nexport { c } from './c.js';\nimport './d.js';\nconst e = await import('../e.js');\nimport x from 'execa';`;
    expect(relativeImports(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', '../e.js']);
  });

  it('every folder of harness/ imports only the folders below it', () => {
    const upward: string[] = [];
    for (const file of sources(HARNESS)) {
      const from = layerOf(file);
      for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
        const to = layerOf(resolve(dirname(file), spec));
        if (from !== to && LAYERS.indexOf(to) < LAYERS.indexOf(from)) upward.push(`${relative(ROOT, file)} (${from}) imports ${spec} (${to})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("the CLI names the backends without loading one (--help): cli/main.ts loads no backend's module", () => {
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      loadedImports(file).forEach(visit);
    };
    visit(join(HARNESS, 'cli/main.ts'));
    expect(loaded).toContain(join(HARNESS, 'backends/choices.ts'));
    expect([...loaded].filter((f) => f.endsWith('-backend.ts')).map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('knows every folder of harness/', () => {
    const folders = readdirSync(HARNESS).filter((e) => statSync(join(HARNESS, e)).isDirectory());
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });
});
