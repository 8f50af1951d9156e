/**
 * Action plans and scheduled reports end to end, on SQLite and PostgreSQL (issue 17, points 4 and 5):
 * - a plan the contract requires is opened when an ended month's evaluation shows the miss (once), shows
 *   in the next month's report (HTML, XLSX) as carried and overdue, and in every report until the month in
 *   which it is closed;
 * - the scheduled monthly report arrives at a real SMTP server with the PDF and XLSX attached, once per
 *   recipient; a second run, a restart and a second instance running at the same time send nothing more.
 */
import { Command } from 'commander';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { registerServeCommand } from '../../src/cli/serve-command.js';
import { parsePeriod } from '../../src/domain/period.js';
import { reportMailer } from '../../src/notify/report-mail.js';
import { renderReport } from '../../src/reports/index.js';
import {
  type AlertSink,
  nextOverdueAt,
  raiseOverdueActions,
} from '../../src/services/action-plans.service.js';
import { operatorPrincipal, signedVersions } from '../../src/services/contracts.service.js';
import { storedReport } from '../../src/services/report.service.js';
import { RETRY_AFTER_FAILURE_MS, startScheduler } from '../../src/services/scheduler.js';
import { runDueReports } from '../../src/services/schedules.service.js';
import { type ContractRecord, openStore, type Store } from '../../src/store/index.js';
import { buildWorld, call, contractText, NOW, type World } from '../api/support.js';
import { pdfText } from '../support/pdf.js';
import { type MailReceiver, startMailReceiver } from '../support/receivers.js';
import { DIALECTS, useStore } from '../support/stores.js';

const at = (iso: string) => Date.parse(iso);
const ZONE = 'Europe/Amsterdam';
/** Partner A's October: 3 of 4 calls answered within 30 s, 75% against 80%: missed. */
const PLANNED = `${contractText('acme-plan').replace(
  '    target: 80%\n',
  '    target: 80%\n    action_plan: { when: missed, due_within: 10d }\n',
)}escalation:\n  - level: 1\n    who: [account-manager]\n    when: breached\n    acknowledge_within: 2h\n`;
const WHAT = 'Action plan for phone-service-level: target missed in 2026-10';

interface Setup {
  world: World;
  contract: ContractRecord;
  clock: { now: number };
}

async function setUp(store: Store): Promise<Setup> {
  const clock = { now: NOW };
  const world = await buildWorld(store, { now: () => clock.now });
  const created = await call(world.app, 'POST', '/api/v1/contracts', {
    token: world.tokens['client-admin'],
    json: { partner: world.partnerA, text: PLANNED },
  });
  expect(created.status, created.text).toBe(201);
  for (const t of [world.tokens['client-admin'], world.tokens['partner-admin-a']]) {
    const s = await call(world.app, 'POST', '/api/v1/contracts/acme-plan/versions/1/signatures', {
      token: t,
      json: { digest: created.body.versions[0].digest },
    });
    expect(s.status, s.text).toBe(200);
  }
  const contract = (await store.contracts.contract(world.organisationId, 'acme-plan'))!;
  return { world, contract, clock };
}

async function report(store: Store, contract: ContractRecord, period: string, asOf: string) {
  const versions = await signedVersions(store, contract);
  return storedReport(
    store,
    contract,
    versions,
    parsePeriod(period, ZONE)!,
    at(asOf),
    operatorPrincipal(contract, 'client', 'test'),
  );
}

async function actionPlanSheet(bytes: Uint8Array): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Action plan');
  const rows: string[][] = [];
  ws?.eachRow((row) => {
    rows.push(
      (row.values as unknown[])
        .slice(1)
        .map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v ?? ''))),
    );
  });
  return rows;
}

describe.each(DIALECTS)('action plans on $name', (d) => {
  const t = useStore(d);

  it("opens the plan on an ended month's miss once, and shows it in every report until the month it is closed", async () => {
    const { world, contract, clock } = await setUp(t.store);
    const admin = world.tokens['client-admin'];

    // Judging October as of now (15 November) opens the required plan; judging it again opens no second one.
    for (let i = 0; i < 2; i++) {
      const e = await call(world.app, 'GET', '/api/v1/contracts/acme-plan/evaluations/2026-10', {
        token: admin,
      });
      expect(e.status, e.text).toBe(200);
      expect(e.body.verdicts['phone-service-level']).toBe('missed');
    }
    const plan = await call(world.app, 'GET', '/api/v1/contracts/acme-plan/action-plan?period=2026-11', {
      token: world.tokens['partner-viewer-a'],
    });
    expect(plan.status, plan.text).toBe(200);
    expect(plan.body.actions).toHaveLength(1);
    expect(plan.body.actions[0]).toMatchObject({
      period: '2026-10',
      metric: 'phone-service-level',
      what: WHAT,
      owner: { side: 'partner', person: null },
      dueDate: '2026-11-10',
      status: 'open',
      required: true,
      overdue: true,
      carried: true,
    });
    // Both parties see the same list.
    const client = await call(world.app, 'GET', '/api/v1/contracts/acme-plan/action-plan?period=2026-11', {
      token: world.tokens.finance,
    });
    expect(client.body.actions).toEqual(plan.body.actions);
    const id: string = plan.body.actions[0].id;

    // Notes of November, and November's report: the plan carried from October, overdue.
    const notes = await call(world.app, 'PUT', '/api/v1/contracts/acme-plan/periods/2026-11/notes', {
      token: world.tokens['partner-admin-a'],
      json: { text: 'Late shift understaffed; hiring two agents.' },
    });
    expect(notes.status, notes.text).toBe(200);
    const november = await report(t.store, contract, '2026-11', '2026-12-01T09:00:00+01:00');
    expect(november.actionPlan?.actions.map((a) => [a.what, a.carried, a.overdue, a.status])).toEqual([
      [WHAT, true, true, 'open'],
    ]);
    expect(november.actionPlan?.notes).toEqual([
      { period: '2026-11', text: 'Late shift understaffed; hiring two agents.' },
    ]);
    const html = new TextDecoder().decode((await renderReport(november, 'html', 'en')).bytes);
    expect(html).toContain('<section id="action-plan">');
    expect(html).toContain(WHAT);
    expect(html).toContain('carried from 2026-10');
    const nl = new TextDecoder().decode((await renderReport(november, 'html', 'nl')).bytes);
    expect(nl).toContain('overgenomen uit 2026-10');
    expect(await actionPlanSheet((await renderReport(november, 'xlsx', 'en')).bytes)).toContainEqual([
      WHAT,
      'phone-service-level',
      'partner',
      '2026-11-10',
      'open — overdue',
      '2026-10',
    ]);

    // Closed on 10 December: December's report lists it done; January's no longer.
    clock.now = at('2026-12-10T10:00:00Z');
    const done = await call(world.app, 'PATCH', `/api/v1/contracts/acme-plan/actions/${id}`, {
      token: world.tokens['partner-admin-a'],
      json: { status: 'done' },
    });
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', overdue: false, closedAt: '2026-12-10T10:00:00.000Z' });
    const december = await report(t.store, contract, '2026-12', '2027-01-05T09:00:00+01:00');
    expect(december.actionPlan?.actions.map((a) => [a.what, a.status])).toEqual([[WHAT, 'done']]);
    const january = await report(t.store, contract, '2027-01', '2027-02-03T09:00:00+01:00');
    expect(january.actionPlan?.actions).toEqual([]);
    // The reports judged October again: still one plan.
    expect(await t.store.actionPlans.items(world.organisationId, 'acme-plan')).toHaveLength(1);

    // Every change is in the audit log.
    const audit = await call(world.app, 'GET', '/api/v1/audit?limit=200', { token: admin });
    const actions = (audit.body.entries as { action: string; subject: string }[])
      .filter((e) => e.subject === 'acme-plan')
      .map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['action_plan.opened', 'notes.set', 'action.updated']));
    expect(actions.filter((a) => a === 'action_plan.opened')).toHaveLength(1);
  });

  it('alerts an overdue action once, through the delivery outbox, and a plan opens when a period closes', async () => {
    const { world, contract } = await setUp(t.store);
    await t.store.recipients.replace(
      {
        organisationId: contract.organisationId,
        contractId: contract.id,
        who: 'account-manager',
        side: 'client',
      },
      [{ channel: 'email', target: 'vera@acme.example', language: 'en' }],
      NOW,
      'test',
    );
    // October closed by both parties (no evaluation as of now before): the close opens the plan.
    const e = await call(
      world.app,
      'GET',
      `/api/v1/contracts/acme-plan/evaluations/2026-10?asOf=${encodeURIComponent('2026-11-15T12:00:00Z')}`,
      {
        token: world.tokens['client-admin'],
      },
    );
    expect(await t.store.actionPlans.items(world.organisationId, 'acme-plan')).toEqual([]);
    for (const who of ['client-admin', 'partner-admin-a'] as const) {
      const c = await call(world.app, 'POST', '/api/v1/contracts/acme-plan/periods/2026-10/close', {
        token: world.tokens[who],
        json: { asOf: '2026-11-15T12:00:00Z', inputDigest: e.body.inputDigest },
      });
      expect(c.status, c.text).toBe(200);
    }
    const [plan] = await t.store.actionPlans.items(world.organisationId, 'acme-plan');
    expect(plan).toMatchObject({ trigger: 'phone-service-level|2026-10', dueDate: '2026-11-10' });

    // Not yet overdue on the due date; overdue from the next local midnight, alerted once.
    const sink: AlertSink = async (tx, alert) => {
      await tx.deliveries.enqueue(alert);
    };
    expect(await raiseOverdueActions(t.store, at('2026-11-10T22:59:59Z'), sink)).toEqual([]);
    expect(await nextOverdueAt(t.store, at('2026-11-10T12:00:00Z'))).toBe(at('2026-11-10T23:00:00Z'));
    const raised = await raiseOverdueActions(t.store, NOW, sink);
    expect(raised.map((a) => [a.kind, a.contract, a.who, a.period])).toEqual([
      ['action_overdue', 'acme-plan', ['account-manager'], '2026-10'],
    ]);
    expect(await raiseOverdueActions(t.store, NOW + 60_000, sink)).toEqual([]);
    const deliveries = await t.store.deliveries.list({ contractId: 'acme-plan', limit: 10 });
    expect(deliveries.map((d) => [d.target, d.message.kind])).toEqual([
      ['vera@acme.example', 'action_overdue'],
    ]);
    expect(await nextOverdueAt(t.store, NOW)).toBeUndefined();
  });

  it('after a failed round the scheduler waits before it tries again, instead of firing at once', async () => {
    const { world } = await setUp(t.store);
    const e = await call(world.app, 'GET', '/api/v1/contracts/acme-plan/evaluations/2026-10', {
      token: world.tokens['client-admin'],
    });
    expect(e.status, e.text).toBe(200);
    let attempts = 0;
    const errors: unknown[] = [];
    const scheduler = startScheduler({
      store: t.store,
      now: () => NOW,
      raise: async () => {
        attempts++;
        throw new Error('outbox refuses');
      },
      instance: 'failing',
      onError: (err) => errors.push(err),
    });
    try {
      await waitFor(() => scheduler.nextAt !== undefined, 30_000);
      await scheduler.idle();
      expect(attempts).toBe(1);
      expect(errors.map((x) => (x as Error).message)).toEqual(['outbox refuses']);
      expect(scheduler.nextAt).toBe(NOW + RETRY_AFTER_FAILURE_MS);
    } finally {
      await scheduler.stop();
    }
    // The action is not marked alerted: the next round raises it.
    expect(
      (await t.store.actionPlans.items(world.organisationId, 'acme-plan'))[0]?.overdueAlertedAt,
    ).toBeNull();
  });

  it("schedules no run for a period before the contract's first one", async () => {
    const { world, clock } = await setUp(t.store);
    clock.now = at('2026-09-20T00:00:00Z');
    const r = await call(world.app, 'GET', '/api/v1/contracts/acme-plan/schedules', {
      token: world.tokens.finance,
    });
    expect(r.status, r.text).toBe(200);
    // 2 October would report September, before effective_from 2026-10-01: the first run reports October.
    expect(r.body.schedules[0].nextRun).toEqual({ at: '2026-11-03T07:00:00.000Z', period: '2026-10' });
  });

  it('refuses writes by viewers and finance, unknown metrics, bad dates and statuses', async () => {
    const { world } = await setUp(t.store);
    const post = (token: string, json: unknown) =>
      call(world.app, 'POST', '/api/v1/contracts/acme-plan/actions', { token, json });
    expect((await post(world.tokens.finance, { what: 'x', owner: 'client' })).status).toBe(403);
    expect((await post(world.tokens['client-viewer'], { what: 'x', owner: 'client' })).status).toBe(403);
    const bad = await post(world.tokens['client-admin'], { what: 'x', owner: 'client', metric: 'no-such' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('"no-such" is not a metric of the contract');
    expect(
      (await post(world.tokens['client-admin'], { what: 'x', owner: 'client', dueDate: '2026-02-30' }))
        .status,
    ).toBe(400);
    expect((await post(world.tokens['client-admin'], { what: '', owner: 'client' })).status).toBe(400);
    const ok = await post(world.tokens['client-admin'], {
      what: 'Review IVR menu',
      owner: 'client',
      person: 'Vera',
    });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body).toMatchObject({
      period: '2026-11',
      owner: { side: 'client', person: 'Vera' },
      required: false,
    });
    const patch = await call(world.app, 'PATCH', `/api/v1/contracts/acme-plan/actions/${ok.body.id}`, {
      token: world.tokens['client-admin'],
      json: { status: 'finished' },
    });
    expect(patch.status).toBe(400);
  });
});

describe.each(DIALECTS)('scheduled reports on $name', (d) => {
  const t = useStore(d);
  let receiver: MailReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('mails the monthly report with the PDF and XLSX attached once, also across a restart and a second instance', {
    timeout: 180_000,
  }, async () => {
    const { world, contract, clock } = await setUp(t.store);
    receiver = await startMailReceiver();
    for (const [side, address] of [
      ['client', 'vera@acme.example'],
      ['partner', 'pat@alpha.example'],
    ] as const)
      await t.store.recipients.replace(
        { organisationId: contract.organisationId, contractId: contract.id, who: 'account-manager', side },
        [{ channel: 'email', target: address, language: 'en' }],
        NOW,
        'test',
      );
    const schedules = await call(world.app, 'GET', '/api/v1/contracts/acme-plan/schedules', {
      token: world.tokens['client-viewer'],
    });
    // The default of `report: [month]`: the 2nd working day 08:00; December 2026 starts on a Tuesday.
    expect(schedules.body.schedules).toEqual([
      expect.objectContaining({
        period: 'month',
        workingDay: 2,
        time: '08:00',
        source: 'contract',
        nextRun: { at: '2026-12-02T07:00:00.000Z', period: '2026-11' },
      }),
    ]);

    clock.now = at('2026-12-02T07:00:05Z');
    const mail = { smtpUrl: receiver.url, from: 'Accord <accord@acme.example>' };
    const mailer = reportMailer(t.store, mail, { now: () => clock.now });
    const scheduler = startScheduler({
      store: t.store,
      now: () => clock.now,
      deliver: mailer.deliver,
      instance: 'one',
    });
    try {
      await waitFor(() => receiver!.mails.length >= 2, 120_000);
      await scheduler.idle();
      // The timer is set for later, not now: the next run or a re-plan.
      expect(scheduler.nextAt).toBeGreaterThan(clock.now);
    } finally {
      await scheduler.stop();
    }
    const received = receiver.mails;
    expect(received.flatMap((m) => m.to).sort()).toEqual(['pat@alpha.example', 'vera@acme.example']);
    for (const m of received) {
      expect(m.headers.get('subject')).toBe('SLA report acme-plan 2026-11');
      const files = attachments(m.raw);
      expect([...files.keys()].sort()).toEqual(['acme-plan-2026-11.pdf', 'acme-plan-2026-11.xlsx']);
      expect(Buffer.from(files.get('acme-plan-2026-11.pdf')!).subarray(0, 5).toString()).toBe('%PDF-');
      // The printed report carries November's action plan too.
      const pdf = (await pdfText(files.get('acme-plan-2026-11.pdf')!)).text.replace(/\s+/g, ' ');
      expect(pdf).toContain('Action plan');
      expect(pdf).toContain('carried from 2026-10');
      // The attached workbook carries November's action plan: October's miss, carried.
      expect((await actionPlanSheet(files.get('acme-plan-2026-11.xlsx')!)).map((r) => r[0])).toContain(WHAT);
    }
    const runs = await t.store.schedules.runs(contract.organisationId, 'acme-plan');
    expect(runs.map((r) => [r.period, r.status, r.detail])).toEqual([['2026-11', 'sent', '2 recipients']]);

    // Again a minute later, after a restart (a store opened anew), and by two instances at once: nothing.
    clock.now += 60_000;
    const again = await runDueReports(t.store, clock.now, mailer.deliver, 'two');
    expect(again.find((o) => o.contract === 'acme-plan')?.status).toBe('skipped');
    const restarted = await openStore(t.url);
    try {
      const [a, b] = await Promise.all([
        runDueReports(restarted, clock.now, mailer.deliver, 'three'),
        runDueReports(t.store, clock.now, mailer.deliver, 'four'),
      ]);
      expect([...a, ...b].filter((o) => o.contract === 'acme-plan').map((o) => o.status)).toEqual([
        'skipped',
        'skipped',
      ]);
    } finally {
      await restarted.close();
    }
    expect(receiver.mails).toHaveLength(2);

    // A weekly schedule due now, run by two instances at the same moment: one sends, to each address once.
    const weekly = await call(world.app, 'PUT', '/api/v1/contracts/acme-plan/schedules/week', {
      token: world.tokens['client-admin'],
      json: { weekday: 'mon', time: '08:00' },
    });
    expect(weekly.status, weekly.text).toBe(200);
    clock.now = at('2026-12-07T07:00:05Z');
    const second = await openStore(t.url);
    try {
      const [a, b] = await Promise.all([
        runDueReports(second, clock.now, mailer.deliver, 'five'),
        runDueReports(t.store, clock.now, mailer.deliver, 'six'),
      ]);
      const mine = [...a, ...b].filter((o) => o.contract === 'acme-plan' && o.schedule === 'week');
      expect(mine.map((o) => o.status).sort()).toEqual(['sent', 'skipped']);
    } finally {
      await second.close();
      mailer.close();
    }
    expect(receiver.mails).toHaveLength(4);
    expect(receiver.mails.slice(2).map((m) => m.headers.get('subject'))).toEqual([
      'SLA report acme-plan 2026-W49',
      'SLA report acme-plan 2026-W49',
    ]);
  });
});

describe.each(DIALECTS.slice(0, 1))('accord serve runs the scheduler on $name', (d) => {
  const t = useStore(d);

  it('mails the due monthly report from inside accord serve, with ACCORD_SMTP_URL', {
    timeout: 180_000,
  }, async () => {
    const { contract } = await setUp(t.store);
    const receiver = await startMailReceiver();
    await t.store.recipients.replace(
      {
        organisationId: contract.organisationId,
        contractId: contract.id,
        who: 'account-manager',
        side: 'client',
      },
      [{ channel: 'email', target: 'vera@acme.example', language: 'en' }],
      NOW,
      'test',
    );
    const saved = { smtp: process.env.ACCORD_SMTP_URL, level: process.env.ACCORD_LOG_LEVEL };
    process.env.ACCORD_SMTP_URL = receiver.url;
    process.env.ACCORD_LOG_LEVEL = 'silent';
    const abort = new AbortController();
    const lines: string[] = [];
    const program = new Command('accord').exitOverride();
    registerServeCommand(
      program,
      { out: (l) => lines.push(l), err: (l) => lines.push(l) },
      {
        signal: abort.signal,
        now: () => at('2026-12-02T07:30:00Z'),
      },
    );
    const serving = program.parseAsync(['serve', '--port', '0', '--db', t.url], { from: 'user' });
    try {
      await waitFor(() => receiver.mails.length >= 1, 120_000);
      expect(receiver.mails[0]!.headers.get('subject')).toBe('SLA report acme-plan 2026-11');
      expect([...attachments(receiver.mails[0]!.raw).keys()].sort()).toEqual([
        'acme-plan-2026-11.pdf',
        'acme-plan-2026-11.xlsx',
      ]);
    } finally {
      abort.abort();
      await serving.catch(() => undefined);
      await receiver.close();
      for (const [k, v] of [
        ['ACCORD_SMTP_URL', saved.smtp],
        ['ACCORD_LOG_LEVEL', saved.level],
      ] as const)
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
    expect(receiver.mails).toHaveLength(1);
    expect((await t.store.schedules.runs(contract.organisationId, 'acme-plan')).map((r) => r.status)).toEqual(
      ['sent'],
    );
  });
});

/** The attachments of a raw MIME message, by file name, base64-decoded to bytes. */
function attachments(raw: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (boundary === undefined) return out;
  for (const part of raw.split(`--${boundary}`)) {
    const at = part.search(/\r?\n\r?\n/);
    if (at < 0) continue;
    const head = part.slice(0, at).replace(/\r?\n[ \t]+/g, ' ');
    const name = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
    if (name === undefined || !/content-transfer-encoding:\s*base64/i.test(head)) continue;
    out.set(name, new Uint8Array(Buffer.from(part.slice(at).replace(/\s+/g, ''), 'base64')));
  }
  return out;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 50));
  }
}
