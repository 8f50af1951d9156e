import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkContractText } from '../../../src/ingest/contract-text.js';
import { reconcile } from '../../../src/services/reconcile.service.js';
import { runCli } from '../../support/cli.js';
import { at, fixtureFiles, writeTemp } from './support.js';

const CONTRACT = 'examples/contract.yaml';
const contract = () => {
  const r = checkContractText(readFileSync(CONTRACT, 'utf8'), CONTRACT);
  if (!r.ok) throw new Error('example contract is invalid');
  return r.contract;
};
const AS_OF = at('2026-11-05T00:00:00Z');

const brief = (doc: Awaited<ReturnType<typeof reconcile>>) =>
  doc.differences.map((d) => [d.contact, d.metric, d.source, d.accord, d.reasons.map((r) => r.code)]);

describe('reconcile: Zendesk', () => {
  it("names each ticket where Zendesk's breach events and Accord's verdict differ, with the reason", async () => {
    const doc = await reconcile({
      format: 'zendesk',
      files: fixtureFiles('zendesk'),
      versions: [contract()],
      asOf: AS_OF,
    });
    expect(doc.periods).toEqual(['2026-10']);
    expect(doc.errors).toEqual([]);
    expect(brief(doc)).toEqual([
      // Zendesk's policy counts calendar hours (24h ran out on Saturday); the contract's "standard"
      // calendar counts open hours only: 16 of them by the reply on Sunday.
      ['102', 'email-first-response', 'breached', 'met', ['different_calendar']],
      // Still open at asOf: Accord's resolution clock ran out; Zendesk applied no resolution target.
      ['102', 'question-resolution', 'none', 'breached', ['no_source_sla']],
      // Zendesk's "Urgent 8 business hours" policy against the contract's 24h.
      ['103', 'email-first-response', 'breached', 'met', ['different_target']],
      // Two days pending: the contract pauses pending_customer on open hours; Zendesk's resolution_time
      // counts every hour and does not pause.
      ['104', 'question-resolution', 'breached', 'met', ['different_calendar', 'pauses']],
      // No SLA policy in Zendesk; 26 open hours to the first reply in Accord.
      ['105', 'email-first-response', 'none', 'breached', ['no_source_sla']],
      // A chat: Zendesk's chat policy breached, the contract's e-mail metric does not count chats.
      ['107', 'email-first-response', 'breached', 'not_counted', ['not_in_population']],
      ['107', 'question-resolution', 'none', 'breached', ['no_source_sla']],
    ]);
    // Agreed: 101 (met), 106 (both breached), 109 (met; Zendesk's early breach event was withdrawn) and
    // 101's requester wait time.
    expect(doc.compared - doc.agreed).toBe(7);
    expect(doc.agreed).toBe(5);
    const d102 = doc.differences[0]!;
    expect(d102).toEqual({
      contact: '102',
      period: '2026-10',
      metric: 'email-first-response',
      sourceMetric: 'reply_time',
      source: 'breached',
      accord: 'met',
      sourcePolicy: 'Email 24h',
      reasons: [
        {
          code: 'different_calendar',
          message: 'calendar: Zendesk counts every hour, the contract the open hours of calendar "standard"',
        },
      ],
    });
  });

  it('agrees when the contract judges the way Zendesk does: every hour, no pauses, the same target', async () => {
    const text = readFileSync(CONTRACT, 'utf8').replace(
      'clock: { calendar: standard }\n    threshold: 24h',
      'clock: { calendar: always }\n    threshold: 24h',
    );
    const r = checkContractText(text, 'always.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const doc = await reconcile({
      format: 'zendesk',
      files: fixtureFiles('zendesk'),
      versions: [r.contract],
      asOf: AS_OF,
    });
    const firstReply = brief(doc).filter(([, metric]) => metric === 'email-first-response');
    // 102 and 103 (24.5 hours) now breach on both sides. 107 is a chat: a response time counts written
    // contacts only (kpis.md), so no contract can judge its reply the way Zendesk's chat policy does.
    expect(firstReply).toEqual([
      ['105', 'email-first-response', 'none', 'breached', ['no_source_sla']],
      ['107', 'email-first-response', 'breached', 'not_counted', ['not_in_population']],
    ]);
  });

  it('compares the periods asked for: the same differences for 2026-10, none in a month without tickets', async () => {
    const base = {
      format: 'zendesk' as const,
      files: fixtureFiles('zendesk'),
      versions: [contract()],
      asOf: AS_OF,
    };
    const october = await reconcile({ ...base, periods: ['2026-10'] });
    expect(october.differences).toHaveLength(7);
    const september = await reconcile({ ...base, periods: ['2026-09'] });
    expect(september).toMatchObject({ periods: ['2026-09'], compared: 0, agreed: 0, differences: [] });
  });

  it('says the reasons in Dutch and German too', async () => {
    for (const [lang, word] of [
      ['nl', 'kalender: Zendesk telt elk uur'],
      ['de', 'Kalender: Zendesk zählt jede Stunde'],
    ] as const) {
      const doc = await reconcile({
        format: 'zendesk',
        files: fixtureFiles('zendesk'),
        versions: [contract()],
        asOf: AS_OF,
        lang,
      });
      expect(doc.differences[0]!.reasons[0]!.message).toContain(word);
    }
  });
});

describe('reconcile: Freshdesk', () => {
  it('compares fr_escalated and is_escalated with the first-response and resolution metrics', async () => {
    const doc = await reconcile({
      format: 'freshdesk',
      files: fixtureFiles('freshdesk'),
      versions: [contract()],
      asOf: AS_OF,
    });
    expect(brief(doc)).toEqual([
      ['202', 'email-first-response', 'breached', 'met', ['source_deadline']],
      [
        '203',
        'question-resolution, complaint-resolution',
        'breached',
        'not_counted',
        ['not_in_population', 'not_in_population'],
      ],
      ['204', 'email-first-response', 'none', 'breached', ['no_source_sla']],
    ]);
  });
});

describe('accord reconcile', () => {
  it('prints one line per difference and the summary; --json one document', async () => {
    const args = [
      'reconcile',
      '--format',
      'zendesk',
      '--contract',
      CONTRACT,
      '--as-of',
      '2026-11-05T00:00Z',
      ...fixtureFiles('zendesk'),
    ];
    const text = await runCli(args);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(
      '102 email-first-response 2026-10: Zendesk breached (reply_time, "Email 24h"), Accord met — calendar: Zendesk counts every hour, the contract the open hours of calendar "standard"',
    );
    expect(lines[7]).toBe("12 verdicts of Zendesk compared: 7 differ from Accord's");
    const json = await runCli([...args, '--json']);
    expect(json.code).toBe(0);
    expect(json.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(json.stdout).differences).toHaveLength(7);
  });

  it('refuses a format without verdicts of its own and files that cannot be read (exit 1)', async () => {
    const intercom = await runCli([
      'reconcile',
      '--format',
      'intercom',
      '--contract',
      CONTRACT,
      ...fixtureFiles('intercom'),
    ]);
    expect(intercom.code).toBe(1);
    expect(intercom.stderr).toContain('the Intercom connector reads no SLA verdicts');
    const [other] = writeTemp({ 'other.json': '{"users": []}' });
    const none = await runCli(['reconcile', '--format', 'zendesk', '--contract', CONTRACT, other!]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('is not a Zendesk page');
    expect((await runCli(['reconcile', '--contract', CONTRACT, other!])).code).toBe(2);
  });
});
