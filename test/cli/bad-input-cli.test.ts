/**
 * Wrong input never ends in a stack trace (issue 12.7). Every command of the program — read from the
 * commander tree itself, so a new command is covered without touching this file — is run with each of its
 * required options or arguments left out (a usage error: exit 2, one line on stderr) and with a nonsense
 * value in each option that takes one (exit 1 or 2, one line on stderr). Nothing may print `    at …`.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { type CliResult, runCli, tempFiles } from '../support/cli.js';

interface Leaf {
  readonly path: readonly string[];
  readonly command: Command;
}

function leaves(command: Command, path: readonly string[] = []): Leaf[] {
  return command.commands.flatMap((sub) => {
    const here = [...path, sub.name()];
    return sub.commands.length === 0 ? [{ path: here, command: sub }] : leaves(sub, here);
  });
}

const LEAVES = leaves(buildProgram({ out: () => undefined, err: () => undefined }));
const NONSENSE = '@@nonsense@@';
/** Nonsense that cannot be mistaken for something usable: no store address, no folder one can write. */
const NONSENSE_OF: Record<string, string> = { '--db': 'nonsense://x', '--out': '/dev/null/nonsense' };
/** Options whose value is the user's own words: any text is a good one. */
// Any text is a value of these (a customer's identifier may be anything): exit 0 is a right answer.
const FREE_TEXT = new Set(['--label', '--new-org', '--note', '--customer']);
const nonsenseOf = (o: Option) => NONSENSE_OF[o.long ?? ''] ?? NONSENSE;
const takesValue = (o: Option) => o.required || o.optional;

// Runs in a folder of its own, so that a command that wrongly goes ahead writes nothing into the repository.
const home = process.cwd();
let store = '';
beforeAll(() => {
  process.chdir(tempFiles({}));
  store = `sqlite:${join(mkdtempSync(join(process.cwd(), 'store-')), 'accord.db')}`;
});
afterAll(() => process.chdir(home));

/** The arguments that keep a run away from shared state: a store of its own, no server, no demo folder. */
function harmless(leaf: Leaf, except: string): string[] {
  const has = (flag: string) => flag !== except && leaf.command.options.some((o) => o.long === flag);
  return [
    ...(has('--db') ? ['--db', store] : []),
    ...(has('--out') ? ['--out', NONSENSE_OF['--out']!] : []),
    ...(has('--no-serve') ? ['--no-serve'] : []),
  ];
}

const nonsenseArguments = (leaf: Leaf) =>
  leaf.command.registeredArguments.filter((a) => a.required).map(() => NONSENSE);

/** The other required options, with nonsense values (a choice of theirs when they have choices). */
function requiredOptions(leaf: Leaf, except?: Option): string[] {
  return leaf.command.options
    .filter((o) => o.mandatory && o !== except)
    .flatMap((o) =>
      takesValue(o)
        ? [o.long!, except === undefined ? nonsenseOf(o) : (o.argChoices?.[0] ?? nonsenseOf(o))]
        : [o.long!],
    );
}

async function run(args: string[]): Promise<CliResult> {
  try {
    return await runCli(args);
  } catch (e) {
    // What the binary would print: an uncaught error with its stack.
    return { code: -1, stdout: '', stderr: (e as Error).stack ?? String(e) };
  }
}

function expectOneLine(r: CliResult, args: string[]): void {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(r.stderr, `accord ${args.join(' ')}`).not.toMatch(/^ {4}at /m);
  expect(lines, `accord ${args.join(' ')}`).toHaveLength(1);
  expect(r.stderr, `accord ${args.join(' ')}`).not.toMatch(/unexpected error/);
}

const withRequiredOptions = LEAVES.flatMap((leaf) =>
  leaf.command.options
    .filter((o) => o.mandatory)
    .map((o) => [leaf.path.join(' '), o.long!, leaf, o] as const),
);
const withRequiredArguments = LEAVES.filter((l) => l.command.registeredArguments.some((a) => a.required));
const withValues = LEAVES.flatMap((leaf) =>
  leaf.command.options.filter(takesValue).map((o) => [leaf.path.join(' '), o.long!, leaf, o] as const),
);

describe('every command, from the program itself', () => {
  it('finds the commands and their options', () => {
    expect(LEAVES.map((l) => l.path.join(' '))).toEqual(
      expect.arrayContaining(['evaluate', 'clock deadline', 'token create', 'period close', 'staffing']),
    );
    expect(withRequiredOptions.length).toBeGreaterThan(10);
    expect(withValues.length).toBeGreaterThan(40);
  });

  it.each(withRequiredOptions)(
    'accord %s without %s: exit 2, one line naming it',
    async (_, flag, leaf, o) => {
      const args = [
        ...leaf.path,
        ...nonsenseArguments(leaf),
        ...requiredOptions(leaf, o),
        // Not the option under test: a required --out must stay left out.
        ...harmless(leaf, flag),
      ];
      const r = await run(args);
      expectOneLine(r, args);
      expect(r.stderr).toContain(flag);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
    },
  );

  it.each(withRequiredArguments.map((l) => [l.path.join(' '), l] as const))(
    'accord %s without its arguments: exit 2, one line',
    async (_, leaf) => {
      const args = [...leaf.path, ...requiredOptions(leaf), ...harmless(leaf, '')];
      const r = await run(args);
      expectOneLine(r, args);
      expect(r.code, r.stderr).toBe(2);
    },
  );

  it.each(withValues)(
    'accord %s %s with a value that means nothing: exit 1 or 2, one line',
    async (_, flag, leaf, o) => {
      const args = [
        ...leaf.path,
        ...nonsenseArguments(leaf),
        ...requiredOptions(leaf, o),
        flag,
        nonsenseOf(o),
        ...harmless(leaf, flag),
      ];
      const r = await run(args);
      if (r.code === 0 && FREE_TEXT.has(flag)) return;
      expectOneLine(r, args);
      expect([1, 2], r.stderr).toContain(r.code);
    },
  );

  it('accord evaluate --period 2026-11 without --contract names the missing option (the report of 12.7)', async () => {
    const r = await run(['evaluate', '--period', '2026-11', '--db', store]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      "accord evaluate: required option '--contract <file...>' not specified (npx accord evaluate --help shows the usage)",
    );
    expect(r.stdout).toBe('');
  });

  it('with --json a usage error is one JSON document on stdout too (interfaces.md)', async () => {
    const missing = await run(['evaluate', '--period', '2026-11', '--db', store, '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({
      error: { message: "required option '--contract <file...>' not specified", details: [] },
    });
    const choice = await run(['report', '--period', '2026-11', '--format', 'docx', '--json']);
    expect(choice.code).toBe(2);
    expect(JSON.parse(choice.stdout).error.message).toMatch(/docx/);
  });
});
