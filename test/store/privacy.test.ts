import { describe, expect, it } from 'vitest';
import { PERSONAL_COLUMNS } from '../../src/ingest/normalise.js';
import {
  contact,
  incident,
  MINUTE,
  outage,
  privacyIncident,
  qa,
  rec,
  survey,
  T0,
} from '../support/records.js';
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

  it('erases by several pseudonyms at once, in free text of every table, within the given sources', async () => {
    const ANN_PHONE = 'f'.repeat(64);
    await t.store.records.write([
      rec.contacts(
        contact('C1', { customer: ANN_PHONE, attributes: { notes: `call ${ANN}`, tier: 'gold' } }),
      ),
      rec.contacts(contact('C2', { customer: BOB, attributes: { remark: `referred by ${ANN_PHONE}` } })),
      rec.contacts(contact('C3', { source: 'other', customer: ANN, attributes: {} })),
      rec.surveys(survey('C2', { comment: `friend of ${ANN}` })),
      rec.incidents(incident('I1', { summary: `complaint of ${ANN} escalated` })),
      rec.privacy_incidents(privacyIncident('P1', { summary: `mail of ${ANN_PHONE} to wrong customer` })),
      rec.outages(outage(T0, T0 + MINUTE, { reason: `reported by ${ANN}` })),
    ]);
    const org = await t.store.tenancy.createOrganisation({ id: 'org-1', name: 'Org', createdAt: T0 });
    const r = await t.store.privacy.eraseCustomer([ANN, ANN_PHONE], isPersonal, audit, {
      sources: ['crm'],
      scope: { organisationId: org.id, partnerId: null },
    });
    expect({
      contacts: r.contacts,
      surveyComments: r.surveyComments,
      qaEvaluations: r.qaEvaluations,
      summaries: r.summaries,
    }).toEqual({ contacts: 2, surveyComments: 1, qaEvaluations: 0, summaries: 3 });
    const data = await t.store.records.readPeriodData({ from: T0 - DAY, to: T0 + DAY });
    const byId = Object.fromEntries(data.contacts.map((c) => [`${c.source}/${c.id}`, c]));
    expect(byId['crm/C1']).toMatchObject({ customer: null, attributes: { tier: 'gold' } });
    expect(byId['crm/C2']).toMatchObject({ customer: BOB, attributes: {} });
    // Another organisation's source is not touched.
    expect(byId['other/C3']?.customer).toBe(ANN);
    expect(data.incidents[0]?.summary).toBe('complaint of [erased] escalated');
    expect(data.privacy_incidents[0]?.summary).toBe('mail of [erased] to wrong customer');
    expect(data.outages[0]?.reason).toBe('reported by [erased]');
    expect(data.surveys[0]?.comment).toBeNull();
    const scoped = await t.store.audit.listScoped({
      organisationId: org.id,
      action: 'privacy.erase',
      limit: 10,
    });
    expect(scoped.map((e) => e.details)).toEqual([
      { contacts: 2, surveyComments: 1, qaEvaluations: 0, summaries: 3 },
    ]);
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
