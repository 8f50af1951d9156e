/**
 * The server's log lines (pino, JSON on stderr) are for operators: a test run prints none of them (issue
 * 12.11). The vitest global set-up (test/support/global-build.ts) makes ACCORD_LOG_LEVEL `silent` for the
 * tests and every binary they start, unless the developer set a level (`ACCORD_LOG_LEVEL=info npx vitest`);
 * outside the tests `accord serve` logs at `info` as before.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempFiles } from '../support/cli.js';

/** Starts `accord serve` on a fresh store and a free port, stops it with SIGTERM once it is up; its stderr. */
async function serveOnce(env: Record<string, string | undefined>): Promise<string> {
  const db = `sqlite:${join(tempFiles({}), 'accord.db')}`;
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db], {
    cwd: resolve(import.meta.dirname, '../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let stopped = false;
  await new Promise<void>((done, fail) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      // At the first line of its start-up output, as a supervisor might: the server hears SIGTERM before it
      // prints anything, so it stops cleanly and writes what its logger holds (a signal that came before the
      // handler was installed killed it with its log lines unwritten, under load, now and then).
      if (stderr.includes('accord serve: listening on') && !stopped) stopped = child.kill('SIGTERM');
    });
    child.on('error', fail);
    child.on('exit', () => done());
  });
  return stderr;
}

const logLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('{"level"'));

describe('log lines of accord serve', () => {
  it('are silent in the tests', async () => {
    expect(process.env.ACCORD_LOG_LEVEL).toBeDefined();
    const stderr = await serveOnce({});
    expect(stderr).toContain('accord serve: listening on');
    if (process.env.ACCORD_LOG_LEVEL === 'silent') expect(logLines(stderr)).toEqual([]);
  });

  it('are written at info outside them', async () => {
    const stderr = await serveOnce({ ACCORD_LOG_LEVEL: undefined });
    expect(stderr).toContain('accord serve: listening on');
    expect(logLines(stderr).map((l) => JSON.parse(l).event)).toContain('listening');
  });
});
