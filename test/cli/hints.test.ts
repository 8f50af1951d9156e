/**
 * Every hint Accord prints names the command as a user runs it from the repository (interfaces.md: "Run
 * from the repository root … as `npx accord …`"), issue 12.11. The test reads every string and template of
 * src/ with the TypeScript parser (comments do not count) and finds each `accord <command>` of the commander
 * program that is not `npx accord <command>`. Not hints, and so left alone: a message's own prefix
 * (`accord evaluate: …`) and the exit of a command run inside another (`accord demo exited 1`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

const ROOT = resolve(import.meta.dirname, '../..');
const COMMANDS = buildProgram({ out: () => undefined, err: () => undefined }).commands.map((c) => c.name());

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/**
 * The text of every string literal and template part of a file: a small scanner that skips comments and
 * regular expressions (TypeScript 7, the compiler here, has no JavaScript API to parse with).
 */
function strings(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  const templates: number[] = []; // brace depth inside each open `${`
  let i = 0;
  let last = ''; // the last significant character of code, to tell a regular expression from a division
  const quoted = (quote: string): string => {
    let text = '';
    for (i++; i < src.length && src[i] !== quote; i++) {
      if (src[i] === '\\') i++;
      text += src[i];
    }
    i++;
    return text;
  };
  const template = (): void => {
    let text = '';
    for (; i < src.length; i++) {
      const c = src[i]!;
      if (c === '\\') {
        text += src[i + 1];
        i++;
      } else if (c === '`') {
        i++;
        break;
      } else if (c === '$' && src[i + 1] === '{') {
        i += 2;
        templates.push(0);
        break;
      } else text += c;
    }
    out.push(text);
    last = '`';
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') i = src.indexOf('\n', i) === -1 ? src.length : src.indexOf('\n', i);
    else if (c === '/' && src[i + 1] === '*') i = src.indexOf('*/', i + 2) + 2;
    else if (c === '/' && (last === '' || '(,=:[!&|?{};'.includes(last))) {
      // A regular expression: up to the closing slash outside a character class.
      let inClass = false;
      for (i++; i < src.length; i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        else if (src[i] === '/' && !inClass) break;
      }
      i++;
      last = '/';
    } else if (c === "'" || c === '"') {
      out.push(quoted(c));
      last = c;
    } else if (c === '`') {
      i++;
      template();
    } else {
      if (templates.length > 0 && c === '{') templates[templates.length - 1]!++;
      if (templates.length > 0 && c === '}') {
        if (templates.at(-1) === 0) {
          templates.pop();
          i++;
          template();
          continue;
        }
        templates[templates.length - 1]!--;
      }
      if (!/\s/.test(c)) last = c;
      i++;
    }
  }
  return out;
}

const HINT = new RegExp(
  `(^|[^\\w/.-])(npx )?accord (${COMMANDS.join('|')})\\b(?!( [a-z-]+)?:)(?! exited)`,
  'g',
);

it('every hint says `npx accord …`', () => {
  expect(COMMANDS).toEqual(expect.arrayContaining(['evaluate', 'contract', 'serve', 'token']));
  const bare: string[] = [];
  for (const file of sources(join(ROOT, 'src'))) {
    for (const text of strings(file)) {
      for (const m of text.matchAll(HINT)) {
        if (m[2] === undefined) bare.push(`${relative(ROOT, file)}: …${text.slice(m.index, m.index + 60)}…`);
      }
    }
  }
  expect(bare.join('\n')).toBe('');
});
