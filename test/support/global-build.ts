/**
 * Vitest global set-up: compiles `src/` once per test run into a build of the run's own
 * (`.test-build/<pid>/dist`, with a copy of `bin/accord.js` beside it), so that tests of the binary always run
 * the sources as they are now — never a stale `dist/` — and two test runs side by side never read a build
 * that the other is half-way through writing. `runBinary` (test/support/cli.ts) takes its path from here.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

const ROOT = resolve(import.meta.dirname, '../..');
const BUILDS = join(ROOT, '.test-build');
/** `accord-run-<pid>` in the temporary folder: the pid tells whether its run is still going. */
const TEMP_PREFIX = 'accord-run-';

declare module 'vitest' {
  export interface ProvidedContext {
    accordBin: string;
    /** The run's own temporary folder, removed when the run ends (tempFiles in test/support/cli.ts). */
    testTemp: string;
  }
}

export default function setup(project: TestProject): () => void {
  const build = join(BUILDS, String(process.pid));
  const temp = join(tmpdir(), `${TEMP_PREFIX}${process.pid}`);
  sweepRunsThatDied();
  buildInto(build);
  project.provide('accordBin', join(build, 'bin/accord.js'));
  // Test folders (a demo store of 150,000 contacts is 139 MB) were left in /tmp after every run: 3 GB here.
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  project.provide('testTemp', temp);
  // A command run without ACCORD_PSEUDONYM_KEY (the demo's ingest) created and read the user's own key,
  // ~/.config/accord/pseudonym.key, one file for every run on the machine: each run gets a key of its own.
  // The test workers and the binaries they start inherit this environment.
  process.env.ACCORD_PSEUDONYM_KEY_FILE = join(temp, 'pseudonym.key');
  // The server's JSON log lines (pino, written straight to stderr by `accord serve`) are for operators, not
  // for test output: silent in the tests and the binaries they start, unless a level is asked for
  // (`ACCORD_LOG_LEVEL=info npx vitest run test/api` shows them). Outside the tests the default stays info.
  process.env.ACCORD_LOG_LEVEL ??= 'silent';
  return () => {
    rmSync(build, { recursive: true, force: true });
    rmSync(temp, { recursive: true, force: true });
  };
}

function buildInto(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'bin'), { recursive: true });
  const tsc = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      join(dir, 'dist'),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (tsc.status !== 0) throw new Error(`the build for the CLI tests failed:\n${tsc.stdout}${tsc.stderr}`);
  // bin/accord.js imports ../dist/cli/main.js: the copy finds the run's own build; packages resolve from ROOT.
  copyFileSync(join(ROOT, 'bin/accord.js'), join(dir, 'bin/accord.js'));
  // The example files ship beside dist/ in the package (the demo's contract is examples/contract.yaml).
  symlinkSync(join(ROOT, 'examples'), join(dir, 'examples'));
}

/** A run that was killed (a time-out around `vitest`) never tore down: its build and folder go now. */
function sweepRunsThatDied(): void {
  const dead = (pid: string) => /^\d+$/.test(pid) && !alive(Number(pid));
  for (const name of existsSync(BUILDS) ? readdirSync(BUILDS) : []) {
    if (dead(name)) rmSync(join(BUILDS, name), { recursive: true, force: true });
  }
  for (const name of readdirSync(tmpdir())) {
    if (name.startsWith(TEMP_PREFIX) && dead(name.slice(TEMP_PREFIX.length))) {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
