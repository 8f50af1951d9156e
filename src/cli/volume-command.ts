/**
 * `accord volume`: the client's forecast against the contacts actually received, per interval and per
 * period, with the volume-band verdict that evaluation applies (contract.md, Volume band).
 */
import type { Command } from 'commander';
import { parsePercent } from '../domain/percent.js';
import { parsePeriod } from '../domain/period.js';
import type { Forecast } from '../domain/records.js';
import { formatInstant } from '../domain/time/instant.js';
import { readForecastFile } from '../ingest/forecasts.js';
import { formatRecordError } from '../ingest/read-records.js';
import { volumeOf } from '../services/volume.service.js';
import { InputError } from './errors.js';
import { loadContractFile } from './evaluate-command.js';
import { type Io, printJson } from './output.js';
import { DB_OPTION_HELP, withStore } from './store-options.js';

interface VolumeOptions {
  period: string;
  db?: string;
  forecast?: string;
  contract?: string;
  tolerance?: string;
  timezone: string;
  intervals?: boolean;
  json?: boolean;
}

async function forecastsFromFile(file: string): Promise<Forecast[]> {
  const { stored, errors } = await readForecastFile(file);
  if (errors.length > 0)
    throw new InputError(
      `${file}: ${errors.length} bad forecast row(s)`,
      errors.slice(0, 20).map(formatRecordError),
    );
  return stored.map((s) => s.record);
}

export function registerVolumeCommand(program: Command, io: Io): void {
  program
    .command('volume')
    .description('forecast against actual volume per interval and per period, with the volume-band verdict')
    .requiredOption('--period <period>', 'the period: 2026-10, 2026-Q4, 2026-W44')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--forecast <file>', 'forecasts CSV (default: the forecasts in the store)')
    .option('--contract <file>', 'take the time zone and volume.forecast_tolerance from this contract')
    .option('--tolerance <percent>', 'forecast tolerance, e.g. 15% (instead of a contract)')
    .option('--timezone <zone>', 'time zone of the period', 'Europe/Amsterdam')
    .option('--intervals', 'list every forecast interval, not only the totals')
    .option('--json', 'print {"period", "groups": […], "intervals": […]}')
    .addHelpText(
      'after',
      '\nExample:\n  npx accord volume --period 2026-10 --contract examples/contract.yaml --intervals',
    )
    .action(async (opts: VolumeOptions) => {
      const contract = opts.contract === undefined ? undefined : loadContractFile(opts.contract);
      const zone = contract?.timezone ?? opts.timezone;
      const period = parsePeriod(opts.period, zone);
      if (!period)
        throw new InputError(`--period: "${opts.period}" is not a period (2026-10, 2026-Q4, 2026-W44)`);
      let tolerance: number | null = contract?.volume?.forecastTolerancePpm ?? null;
      if (opts.tolerance !== undefined) {
        tolerance = parsePercent(opts.tolerance) ?? null;
        if (tolerance === null)
          throw new InputError(`--tolerance: "${opts.tolerance}" is not a percentage (15%)`);
      }
      const forecasts = opts.forecast === undefined ? undefined : await forecastsFromFile(opts.forecast);
      const result = await withStore(opts.db, (store) =>
        volumeOf(store, {
          period,
          tolerancePpm: tolerance,
          ...(forecasts === undefined ? {} : { forecasts }),
        }),
      );
      const at = (ms: number) => formatInstant(ms, zone);
      if (opts.json) {
        printJson(io, {
          period: period.name,
          tolerance: tolerance === null ? null : tolerance / 1_000_000,
          groups: result.groups,
          intervals: opts.intervals
            ? result.intervals.map((i) => ({ ...i, intervalStart: at(i.intervalStart) }))
            : undefined,
        });
        return;
      }
      const lines = [
        `Volume ${period.name} (${zone}); band: ${tolerance === null ? 'none agreed' : `forecast + ${tolerance / 10_000}%`}`,
        '',
      ];
      lines.push(
        `  ${'channel'.padEnd(10)} ${'queue'.padEnd(14)} ${'forecast'.padStart(10)} ${'actual'.padStart(10)} ${'ratio'.padStart(7)}  band`,
      );
      for (const g of result.groups) {
        const ratio = g.ratio === null ? '—' : `${(g.ratio * 100).toFixed(1)}%`;
        const band = g.withinBand === null ? '' : g.withinBand ? 'within' : 'ABOVE: targets do not bind';
        lines.push(
          `  ${String(g.channel ?? 'any').padEnd(10)} ${String(g.queue ?? 'any').padEnd(14)} ${String(Math.round(g.forecast)).padStart(10)} ${String(g.actual).padStart(10)} ${ratio.padStart(7)}  ${band}`,
        );
      }
      if (opts.intervals) {
        lines.push(
          '',
          `  ${'interval'.padEnd(26)} ${'channel'.padEnd(10)} ${'queue'.padEnd(14)} ${'forecast'.padStart(9)} ${'actual'.padStart(8)}`,
        );
        for (const i of result.intervals) {
          lines.push(
            `  ${at(i.intervalStart).padEnd(26)} ${String(i.channel ?? 'any').padEnd(10)} ${String(i.queue ?? 'any').padEnd(14)} ${String(i.forecast).padStart(9)} ${String(i.actual).padStart(8)}`,
          );
        }
      }
      if (result.groups.length === 0) lines.push('  (no forecast rows in this period)');
      io.out(lines.join('\n'));
    });
}
