/**
 * The domain and the wording it shares (src/locales/) run in the browser as well as in Node
 * (architecture.md): no Node built-ins, no YAML parser (files are read and parsed at the edge,
 * src/ingest/contract-text.ts), and no import cycles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PURE = [join(ROOT, 'src', 'domain'), join(ROOT, 'src', 'locales')];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module a file names in an import or export, static or dynamic, type-only included. */
function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(pattern)) specifiers.push(m[1]!);
  return specifiers;
}

const FORBIDDEN: readonly [RegExp, string][] = [
  [/^node:/, 'a Node built-in'],
  [/^(fs|path|crypto|os|url|util|stream|worker_threads|child_process)(\/|$)/, 'a Node built-in'],
  [/^yaml(\/|$)/, 'the YAML parser (parse at the edge: src/ingest/contract-text.ts)'],
];

/** `file: import "x" is …` for every forbidden import. */
function forbiddenImports(file: string, text: string): string[] {
  return importsOf(text).flatMap((spec) =>
    FORBIDDEN.filter(([re]) => re.test(spec)).map(([, why]) => `${file}: import "${spec}" is ${why}`),
  );
}

/** The cycles among the files' relative imports, each as the list of files around it. */
function cycles(files: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const next of files.get(f) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next) && files.has(next)) visit(next);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...files.keys()].sort()) if (!state.has(f)) visit(f);
  return found;
}

describe('the domain and the locales are pure', () => {
  const files = PURE.flatMap(sourceFiles).sort();

  it('imports no Node built-in and no YAML parser', () => {
    const bad = files.flatMap((f) => forbiddenImports(relative(ROOT, f), readFileSync(f, 'utf8')));
    expect(bad).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(
      files.map((f) => [
        relative(ROOT, f),
        importsOf(readFileSync(f, 'utf8'))
          .filter((s) => s.startsWith('.'))
          .map((s) => relative(ROOT, resolve(dirname(f), s.replace(/\.js$/, '.ts')))),
      ]),
    );
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('the checks see what they look for', () => {
    const text = `import { createHash } from 'node:crypto';\nimport type { Document } from "yaml";\nconst m = await import('node:fs');\nimport './side-effect.js';\nexport { x } from './x.js';`;
    expect(importsOf(text)).toEqual(['node:crypto', 'yaml', 'node:fs', './side-effect.js', './x.js']);
    expect(forbiddenImports('f.ts', text)).toHaveLength(3);
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
