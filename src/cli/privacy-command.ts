/**
 * `accord privacy erase --customer VALUE`, `accord privacy purge` (each contract's `data.retention`) and
 * `accord privacy purge --older-than 90d` (free text) (data.md, "Personal data"). Each is recorded in the
 * audit log with counts only, never the personal value or its pseudonym.
 */
import type { Command } from 'commander';
import { parseDuration } from '../domain/duration.js';
import { parseInstant } from '../domain/time/instant.js';
import { loadPseudonymKey, Pseudonymiser, PseudonymKeyError } from '../ingest/pseudonym.js';
import { applyRetention, checkRegion, eraseCustomer } from '../services/privacy.service.js';
import { InputError } from './errors.js';
import { type Io, printJson } from './output.js';
import { cliActor, DB_OPTION_HELP, withStore } from './store-options.js';

/** `--now` for reproducible runs and tests; the wall clock otherwise. */
function nowFrom(option: string | undefined): number {
  if (option === undefined) return Date.now();
  const r = parseInstant(option);
  if (!r.ok) throw new InputError(`--now: "${option}" ${r.reason} (expected e.g. 2026-11-28T09:00+01:00)`);
  return r.ms;
}

export function registerPrivacyCommands(program: Command, io: Io): void {
  const privacy = program
    .command('privacy')
    .description('erasure on request and retention of free text (AVG/GDPR)');

  privacy
    .command('erase')
    .description(
      "remove every trace of one customer: pseudonym, personal attributes, their contacts' survey comments",
    )
    .requiredOption(
      '--customer <value>',
      'the customer identifier, e-mail address or phone number as the source systems export it',
    )
    .option(
      '--region <code>',
      "country of phone numbers written without +country code (default: each contract's calendar country or time zone)",
    )
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print what was done as JSON')
    .action(async (opts: { customer: string; region?: string; db?: string; json?: boolean }) => {
      const value = opts.customer.trim();
      if (value === '') throw new InputError('--customer: the value is empty');
      const region = checkRegion(opts.region);
      let pseudonyms: Pseudonymiser;
      try {
        // Never create a key here: a new key would match nothing that was stored.
        pseudonyms = new Pseudonymiser(
          loadPseudonymKey({ create: false, warn: (m) => io.err(`accord: ${m}`) }).key,
        );
      } catch (e) {
        if (e instanceof PseudonymKeyError)
          throw new InputError(`${e.message}; without it nothing can be matched`);
        throw e;
      }
      await withStore(opts.db, async (store) => {
        const r = await eraseCustomer(store, {
          customer: value,
          region,
          pseudonyms,
          now: Date.now(),
          actor: cliActor(),
        });
        if (opts.json) printJson(io, r);
        else if (!r.matched)
          io.out(
            'nothing found for this customer: no record holds its pseudonym (as written, as e-mail address ' +
              `or phone number), so nothing was erased; audit entry ${r.auditId} records the request`,
          );
        else
          io.out(
            `erased: ${r.contacts} contacts anonymised, ${r.surveyComments} survey comments deleted, ` +
              `${r.qaEvaluations} QA evaluations cleaned, ${r.summaries} summaries blotted out; ` +
              `audit entry ${r.auditId} records the counts only`,
          );
      });
    });

  privacy
    .command('purge')
    .description(
      "without --older-than: delete the records older than each contract's data.retention; with it: delete free text (survey comments, incident summaries) older than that",
    )
    .option('--older-than <duration>', 'delete only free text older than this: 90d, 365d')
    .option('--now <iso>', 'the reference instant (default: now)')
    .option('--db <url>', DB_OPTION_HELP)
    .option('--json', 'print what was done as JSON')
    .action(async (opts: { olderThan?: string; now?: string; db?: string; json?: boolean }) => {
      const now = nowFrom(opts.now);
      if (opts.olderThan === undefined) {
        const outcomes = await withStore(opts.db, (store) => applyRetention(store, now, cliActor()));
        const result = outcomes.map((o) => ({ ...o, before: new Date(o.before).toISOString() }));
        if (opts.json) printJson(io, { retention: result });
        else if (result.length === 0)
          io.out(
            "no contract in the store sets data.retention for all of its partner's data: nothing deleted",
          );
        else
          io.out(
            result
              .map((o) => {
                const total = Object.values(o.deleted).reduce((a, b) => a + b, 0);
                const kinds = Object.entries(o.deleted)
                  .filter(([, n]) => n > 0)
                  .map(([k, n]) => `${n} ${k}`)
                  .join(', ');
                return `${o.contracts.join(', ')} (retention ${o.retention}): ${total} records from before ${o.before} deleted${kinds ? ` (${kinds})` : ''}; audit entry ${o.auditId}`;
              })
              .join('\n'),
          );
        return;
      }
      const age = parseDuration(opts.olderThan);
      if (age === undefined || age <= 0)
        throw new InputError(`--older-than: "${opts.olderThan}" is not a duration (90d)`);
      const before = now - age;
      const olderThan = opts.olderThan;
      await withStore(opts.db, async (store) => {
        const r = await store.privacy.purgeFreeText(before, { at: Date.now(), actor: cliActor(), olderThan });
        const result = {
          before: new Date(before).toISOString(),
          surveyComments: r.surveyComments,
          incidentSummaries: r.incidentSummaries,
          privacyIncidentSummaries: r.privacyIncidentSummaries,
          auditId: r.audit.id,
        };
        if (opts.json) printJson(io, result);
        else
          io.out(
            `purged free text from before ${result.before}: ${r.surveyComments} survey comments, ` +
              `${r.incidentSummaries} incident summaries, ${r.privacyIncidentSummaries} privacy-incident summaries`,
          );
      });
    });
}
