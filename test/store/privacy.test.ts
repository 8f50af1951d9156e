import { describe, expect, it } from 'vitest';
import { PERSONAL_COLUMNS } from '../../src/ingest/normalise.js';
import { contact, incident, MINUTE, privacyIncident, qa, rec, survey, T0 } from '../support/records.js';
import { DIALECTS, useStore, withRawDb } from '../support/stores.js';

const isPersonal = (name: string) => PERSONAL_COLUMNS.includes(name);
const ANN = 'a'.repeat(64);
const ANN_MAIL = 'b'.repeat(64);
const BOB = 'c'.repeat(64);
const DAY = 24 * 60 * MINUTE;
const audit = { at: T0 + 100 * DAY, actor: 'test' };

/** Every cell of the tables that could hold a trace, as text, for "no trace" checks. */
async function allText(url: string): Promise<string> {
  return withRawDb(url, async (db) => {
    const parts: string[] = [];
    for (const table of ['contacts', 'surveys', 'qa_evaluations', 'audit_log']) {
      parts.push(JSON.stringify(await db.selectFrom(table).selectAll().execute()));
    }
    return parts.join('\n');
  });
}

describe.each(DIALECTS)('privacy on $name', (d) => {
  const t = useStore(d);

  it('erases one customer: pseudonym, personal attributes, survey comments; others untouched', async () => {
    await t.store.records.write([
      rec.contacts(
        contact('C1', { customer: ANN, attributes: { customer_email: ANN_MAIL, region: 'noord' } }),
      ),
      rec.contacts(contact('C2', { customer: ANN })),
      rec.contacts(contact('C3', { customer: BOB, attributes: { customer_email: 'd'.repeat(64) } })),
      rec.surveys(survey('C1', { comment: 'Ann here, call me back' })),
      rec.surveys(survey('C3', { comment: 'Bob is happy' })),
      rec.qa_evaluations(qa('C1', { attributes: { caller_id: 'e'.repeat(64), form: 'v2' } })),
    ]);
    const r = await t.store.privacy.eraseCustomer([ANN], isPersonal, audit);
    expect({
      contacts: r.contacts,
      surveyComments: r.surveyComments,
      qaEvaluations: r.qaEvaluations,
    }).toEqual({
      contacts: 2,
      surveyComments: 1,
      qaEvaluations: 1,
    });
    const text = await allText(t.url);
    expect(text).not.toContain(ANN);
    expect(text).not.toContain(ANN_MAIL);
    expect(text).not.toContain('e'.repeat(64));
    expect(text).not.toContain('Ann here');
    expect(text).toContain(BOB);
    expect(text).toContain('Bob is happy');

    const data = await t.store.records.readPeriodData({ from: T0 - DAY, to: T0 + DAY });
    const c1 = data.contacts.find((c) => c.id === 'C1')!;
    expect(c1.customer).toBeNull();
    expect(c1.attributes).toEqual({ region: 'noord' });
    expect(data.qa_evaluations[0]?.attributes).toEqual({ form: 'v2' });

    const entries = await t.store.audit.list({ action: 'privacy.erase' });
    expect(entries.length).toBe(1);
    expect(entries[0]?.details).toEqual({ contacts: 2, surveyComments: 1, qaEvaluations: 1, summaries: 0 });
    expect(JSON.stringify(entries[0])).not.toContain(ANN);
  });

  it('does not bring an erased pseudonym back when the same export is imported again', async () => {
    const original = [rec.contacts(contact('C1', { customer: ANN }))];
    await t.store.records.write(original);
    await t.store.privacy.eraseCustomer([ANN], isPersonal, audit);
    expect(await t.store.records.write(original)).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await allText(t.url)).not.toContain(ANN);
  });

  it('purges free text older than the cut-off and logs counts', async () => {
    await t.store.records.write([
      rec.contacts(contact('C1')),
      rec.surveys(survey('C1', { comment: 'old', answeredAt: T0 })),
      rec.surveys(survey('C1', { kind: 'nps', comment: 'new', answeredAt: T0 + 50 * DAY })),
      rec.incidents(incident('I-old', { summary: 'old incident' })),
      rec.incidents(
        incident('I-new', { raisedAt: T0 + 50 * DAY, acknowledgedAt: null, summary: 'new incident' }),
      ),
      rec.privacy_incidents(privacyIncident('P-old')),
    ]);
    const r = await t.store.privacy.purgeFreeText(T0 + 10 * DAY, { ...audit, olderThan: '90d' });
    expect({
      surveyComments: r.surveyComments,
      incidentSummaries: r.incidentSummaries,
      privacyIncidentSummaries: r.privacyIncidentSummaries,
    }).toEqual({ surveyComments: 1, incidentSummaries: 1, privacyIncidentSummaries: 1 });
    const data = await t.store.records.readPeriodData({ from: T0 - DAY, to: T0 + 100 * DAY });
    expect(data.surveys.map((s) => s.comment).sort()).toEqual(['new', null]);
    expect(data.incidents.map((i) => i.summary).sort()).toEqual(['new incident', null]);
    expect(data.privacy_incidents[0]?.summary).toBeNull();
    const [entry] = await t.store.audit.list({ action: 'privacy.purge' });
    expect(entry?.details).toMatchObject({ olderThan: '90d', before: T0 + 10 * DAY, surveyComments: 1 });
  });
});
