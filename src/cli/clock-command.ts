/** `accord clock deadline|elapsed`: the SLA clock on a calendar file (interfaces.md). */
import type { Command } from 'commander';
import { BusinessClock } from '../domain/clock.js';
import { parseDuration } from '../domain/duration.js';
import { formatInstant, parseInstant } from '../domain/time/instant.js';
import { InputError } from './errors.js';
import { loadCalendarFile } from './files.js';
import { type Io, printJson } from './output.js';

function instant(text: string, option: string): number {
  const r = parseInstant(text);
  if (!r.ok) throw new InputError(`${option}: "${text}" ${r.reason} (expected e.g. 2026-11-27T21:55+01:00)`);
  return r.ms;
}

/** `FROM/TO` pairs → the flat pause list the clock takes. */
function pauses(values: readonly string[]): number[] {
  const flat: number[] = [];
  for (const v of values) {
    const parts = v.split('/');
    if (parts.length !== 2)
      throw new InputError(`--pause: "${v}" is not FROM/TO (two instants joined by "/")`);
    const from = instant(parts[0]!, '--pause');
    const to = instant(parts[1]!, '--pause');
    if (to < from) throw new InputError(`--pause: "${v}" ends before it starts`);
    flat.push(from, to);
  }
  return flat;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerClockCommands(program: Command, io: Io): void {
  const clock = program
    .command('clock')
    .description('business time on a calendar: deadlines and elapsed time');

  clock
    .command('deadline')
    .description('the instant at which TARGET of business time has run from START')
    .requiredOption('--calendar <file>', 'calendar file (YAML or JSON)')
    .requiredOption('--start <iso>', 'when the clock starts, with offset: 2026-11-27T21:55+01:00')
    .requiredOption('--target <duration>', 'business time to run: 45s, 30m, 24h, 2h30m')
    .option('--pause <from/to>', 'a pause of real time, repeatable', collect, [])
    .option('--json', 'print {"deadline": …}')
    .action((opts: { calendar: string; start: string; target: string; pause: string[]; json?: boolean }) => {
      const calendar = loadCalendarFile(opts.calendar);
      const target = parseDuration(opts.target);
      if (target === undefined)
        throw new InputError(`--target: "${opts.target}" is not a duration (45s, 30m, 24h, 2h30m)`);
      const clk = new BusinessClock(calendar);
      const deadline = formatInstant(
        clk.deadline(instant(opts.start, '--start'), target, pauses(opts.pause)),
        calendar.timezone,
      );
      if (opts.json) printJson(io, { deadline });
      else io.out(deadline);
    });

  clock
    .command('elapsed')
    .description('business seconds between FROM and TO')
    .requiredOption('--calendar <file>', 'calendar file (YAML or JSON)')
    .requiredOption('--from <iso>', 'start instant, with offset')
    .requiredOption('--to <iso>', 'end instant, with offset')
    .option('--pause <from/to>', 'a pause of real time, repeatable', collect, [])
    .option('--json', 'print {"seconds": …}')
    .action((opts: { calendar: string; from: string; to: string; pause: string[]; json?: boolean }) => {
      const calendar = loadCalendarFile(opts.calendar);
      const from = instant(opts.from, '--from');
      const to = instant(opts.to, '--to');
      if (to < from) throw new InputError(`--to: "${opts.to}" is before --from "${opts.from}"`);
      const seconds = new BusinessClock(calendar).elapsed(from, to, pauses(opts.pause)) / 1000;
      if (opts.json) printJson(io, { seconds });
      else io.out(`${seconds}`);
    });
}
