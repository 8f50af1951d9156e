import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary, runCli, tempFiles } from '../support/cli.js';

const dir = tempFiles({
  'b.yaml': 'timezone: Europe/Amsterdam\nhours:\n  mon-fri: "08:00-22:00"\nholidays:\n  country: NL\n',
  'a.json': JSON.stringify({
    timezone: 'Europe/Amsterdam',
    hours: { 'mon-fri': '08:00-22:00', 'sat-sun': '09:00-18:00' },
    holidays: { country: 'NL' },
  }),
  '247.yaml': 'timezone: Europe/Amsterdam\nhours: 24/7\n',
  'bad.yaml': 'timezone: Europe/Amsterdam\nhours:\n  mon-fri: "08:00-25:00"\n',
});
const B = join(dir, 'b.yaml');
const A = join(dir, 'a.json');
const ALWAYS = join(dir, '247.yaml');

describe('accord clock deadline: the worked examples through the CLI', () => {
  it.each([
    [B, '2026-11-27T21:55+01:00', '24h', [], '2026-12-01T17:55:00+01:00'],
    [B, '2026-11-28T10:00+01:00', '4h', [], '2026-11-30T12:00:00+01:00'],
    [A, '2026-11-28T17:00+01:00', '2h', [], '2026-11-29T10:00:00+01:00'],
    [B, '2026-12-24T21:00+01:00', '2h', [], '2026-12-28T09:00:00+01:00'],
    [ALWAYS, '2026-10-24T12:00+02:00', '24h', [], '2026-10-25T11:00:00+01:00'],
    [B, '2026-03-27T20:00+01:00', '4h', [], '2026-03-30T10:00:00+02:00'],
    [
      B,
      '2026-11-30T09:00+01:00',
      '4h',
      ['2026-11-30T10:00+01:00/2026-11-30T12:00+01:00'],
      '2026-11-30T15:00:00+01:00',
    ],
    [
      B,
      '2026-11-30T21:00+01:00',
      '2h',
      ['2026-11-30T21:30+01:00/2026-12-01T09:00+01:00'],
      '2026-12-01T10:30:00+01:00',
    ],
    [B, '2026-11-30T20:00+01:00', '2h', [], '2026-11-30T22:00:00+01:00'],
  ])('%s from %s plus %s', async (cal, start, target, pauses, expected) => {
    const args = ['clock', 'deadline', '--calendar', cal, '--start', start, '--target', target, '--json'];
    for (const p of pauses) args.push('--pause', p);
    const r = await runCli(args);
    expect(r).toEqual({ code: 0, stdout: `${JSON.stringify({ deadline: expected })}\n`, stderr: '' });
  });

  it('example 10: elapsed', async () => {
    const r = await runCli([
      'clock',
      'elapsed',
      '--calendar',
      B,
      '--from',
      '2026-11-27T21:00+01:00',
      '--to',
      '2026-11-30T09:00+01:00',
      '--json',
    ]);
    expect(JSON.parse(r.stdout)).toEqual({ seconds: 7200 });
  });

  it('the built binary prints exactly the JSON of interfaces.md', () => {
    const r = runBinary([
      'clock',
      'deadline',
      '--calendar',
      B,
      '--start',
      '2026-11-27T21:55+01:00',
      '--target',
      '24h',
      '--json',
    ]);
    expect(r.stdout).toBe('{"deadline":"2026-12-01T17:55:00+01:00"}\n');
    expect(r.code).toBe(0);
  });

  it('prints plain text without --json, and fractional seconds unrounded', async () => {
    const r = await runCli([
      'clock',
      'elapsed',
      '--calendar',
      ALWAYS,
      '--from',
      '2026-11-27T21:00:00.250+01:00',
      '--to',
      '2026-11-27T21:00:30.650+01:00',
    ]);
    expect(r.stdout).toBe('30.4\n');
  });
});

describe('errors and exit codes', () => {
  it('a start without offset is wrong input (exit 1) and says so', async () => {
    const r = await runCli([
      'clock',
      'deadline',
      '--calendar',
      B,
      '--start',
      '2026-11-27T21:55',
      '--target',
      '24h',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatchInlineSnapshot(`
      "accord: --start: "2026-11-27T21:55" has no offset (expected e.g. 2026-11-27T21:55+01:00)
      "
    `);
  });

  it('a bad target duration is wrong input', async () => {
    const r = await runCli([
      'clock',
      'deadline',
      '--calendar',
      B,
      '--start',
      '2026-11-27T21:55Z',
      '--target',
      '30 sec',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--target: "30 sec" is not a duration');
  });

  it('an invalid calendar names the key, the value and the line', async () => {
    const r = await runCli([
      'clock',
      'elapsed',
      '--calendar',
      join(dir, 'bad.yaml'),
      '--from',
      '2026-11-27T21:00Z',
      '--to',
      '2026-11-28T21:00Z',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('hours.mon-fri: "08:00-25:00" has a time of day that does not exist (line 3)');
  });

  it('a missing file is wrong input', async () => {
    const r = await runCli([
      'clock',
      'elapsed',
      '--calendar',
      join(dir, 'nope.yaml'),
      '--from',
      '2026-11-27T21:00Z',
      '--to',
      '2026-11-28T21:00Z',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.yaml: cannot read (no such file)');
  });

  it('with --json an error is still one JSON document on stdout', async () => {
    const r = await runCli([
      'clock',
      'deadline',
      '--calendar',
      B,
      '--start',
      'soon',
      '--target',
      '1h',
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      error: { message: '--start: "soon" is not an ISO 8601 instant (expected e.g. 2026-11-27T21:55+01:00)' },
    });
  });

  it('a missing option or an unknown one is a usage error (exit 2)', async () => {
    expect((await runCli(['clock', 'deadline', '--calendar', B])).code).toBe(2);
    expect(
      (
        await runCli([
          'clock',
          'deadline',
          '--calendar',
          B,
          '--start',
          '2026-11-27T21:55Z',
          '--target',
          '1h',
          '--bogus',
        ])
      ).code,
    ).toBe(2);
    expect((await runCli([])).code).toBe(2);
  });

  it('--help exits 0 and lists the options', async () => {
    const r = await runCli(['clock', 'deadline', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--pause <from/to>');
  });
});
