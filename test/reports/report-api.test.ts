/**
 * The report as a download through the API (docs/api.md, docs/reports.md), on SQLite and PostgreSQL: the
 * file with its type and `Content-Disposition`, the same figures as a hand count of partner A's October
 * (test/api/support.ts), and finance's copy without the contact ids behind the figures.
 *
 * By hand: partner A's four phone calls wait 10 s, 20 s, 120 s and 5 s → 3 of 4 within 30 s = 75%
 * < 80%, missed; first-time-right 3 of 4 = 75% < 85%, missed. At risk 10% × 100 000.00 = 10 000.00,
 * allocations 50% + 50% → credits 5 000.00 + 5 000.00; payable 100 000.00 − 10 000.00 = 90 000.00.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import type { AccordApp } from '../../src/api/context.js';
import { createWorkPool } from '../../src/api/worker-pool.js';
import { buildWorld, call, expectProblem, NOW, testPseudonymise } from '../api/support.js';
import { pdfText } from '../support/pdf.js';
import { DIALECTS, useStore } from '../support/stores.js';

async function download(app: AccordApp, path: string, token: string) {
  const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Every cell of every sheet as text, with the sheets by name. */
async function workbook(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells = (name: string) => {
    const out: unknown[] = [];
    wb.getWorksheet(name)?.eachRow((r) => r.eachCell((c) => out.push(c.value)));
    return out;
  };
  return { wb, cells };
}

describe.each(DIALECTS)('GET …/reports/{period} on $name', (d) => {
  const t = useStore(d);

  it('downloads the workbook with its name, the figures, and the records behind them', async () => {
    const w = await buildWorld(t.store);
    const { res, bytes } = await download(
      w.app,
      '/api/v1/contracts/acme-a/reports/2026-10?format=xlsx&lang=nl',
      w.tokens['client-admin'],
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="acme-a-2026-10.xlsx"');
    const { wb, cells } = await workbook(bytes);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Samenvatting',
      'Afrekening',
      'phone-service-level',
      'first-time-right',
    ]);
    const statement = cells('Afrekening').filter((v) => typeof v === 'number');
    expect(statement.slice(0, 5)).toEqual([100000, -10000, 0, 0, 90000]);
    expect(statement.slice(5)).toEqual([5000, 5000]);
    expect(cells('phone-service-level')).toContain('A-3');
    expect(cells('phone-service-level')).toContain(0.75);
  });

  it('gives finance the money without the contact ids', async () => {
    const w = await buildWorld(t.store);
    const x = await download(w.app, '/api/v1/contracts/acme-a/reports/2026-10?format=xlsx', w.tokens.finance);
    expect(x.res.status).toBe(200);
    const { cells } = await workbook(x.bytes);
    expect(cells('phone-service-level')).not.toContain('A-3');
    expect(cells('phone-service-level')).toContain(
      'The records behind the figures are not shown to this role.',
    );
    const h = await download(
      w.app,
      '/api/v1/contracts/acme-a/reports/2026-10?format=html&lang=de',
      w.tokens.finance,
    );
    expect(h.res.status).toBe(200);
    const html = new TextDecoder().decode(h.bytes);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('90.000,00 EUR');
    expect(html).not.toContain('A-3');
    // The operational roles see them.
    const viewer = await download(
      w.app,
      '/api/v1/contracts/acme-a/reports/2026-10?format=html',
      w.tokens['client-viewer'],
    );
    expect(new TextDecoder().decode(viewer.bytes)).toContain('A-3');
  });

  it('reports a closed period with the agreed figures, marked closed', async () => {
    const w = await buildWorld(t.store);
    const asOf = '2026-11-10T09:00:00+01:00';
    const path = '/api/v1/contracts/acme-a/periods/2026-10/close';
    const reviewed = await call(
      w.app,
      'GET',
      `/api/v1/contracts/acme-a/evaluations/2026-10?asOf=${encodeURIComponent(asOf)}`,
      { token: w.tokens['client-admin'] },
    );
    const json = { asOf, inputDigest: reviewed.body.inputDigest };
    for (const who of ['client-admin', 'partner-admin-a'] as const) {
      const r = await call(w.app, 'POST', path, { token: w.tokens[who], json });
      expect(r.status, r.text).toBe(200);
    }
    const h = await download(
      w.app,
      '/api/v1/contracts/acme-a/reports/2026-10?format=html',
      w.tokens['client-viewer'],
    );
    const html = new TextDecoder().decode(h.bytes);
    expect(html).toContain('<p class="banner closed">');
    expect(html).toContain('EUR 90,000.00');
    expect(html).toContain(reviewed.body.inputDigest);
    expect(html).toContain('The agreed figures of a closed period are kept without the records behind them.');
  });

  it('refuses an unknown format or language as a problem', async () => {
    const w = await buildWorld(t.store);
    const token = w.tokens['client-admin'];
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/reports/2026-10?format=docx', { token }),
      400,
    );
    expectProblem(
      await call(w.app, 'GET', '/api/v1/contracts/acme-a/reports/2026-10?lang=fr', { token }),
      400,
    );
    expectProblem(await call(w.app, 'GET', '/api/v1/contracts/acme-a/reports/2027-10', { token }), 409);
  });

  it('renders the same report in a worker thread of the pool (accord serve)', async () => {
    const w = await buildWorld(t.store);
    const pool = createWorkPool({ storeUrl: t.url, size: 1 });
    try {
      const app = createApp({
        store: t.store,
        now: () => NOW,
        pseudonymise: testPseudonymise,
        work: pool.run,
      });
      for (const q of ['format=csv&lang=de', 'format=html&lang=nl']) {
        const path = `/api/v1/contracts/acme-a/reports/2026-10?${q}&asOf=2026-11-15T00:00:00Z`;
        const inThread = await download(w.app, path, w.tokens.finance);
        const inWorker = await download(app, path, w.tokens.finance);
        expect(inWorker.res.status).toBe(200);
        expect(inWorker.res.headers.get('content-disposition')).toBe(
          inThread.res.headers.get('content-disposition'),
        );
        expect(Buffer.from(inWorker.bytes).equals(Buffer.from(inThread.bytes))).toBe(true);
      }
      if (d.name === 'sqlite') {
        const pdf = await download(
          app,
          '/api/v1/contracts/acme-a/reports/2026-10?format=pdf',
          w.tokens.finance,
        );
        expect(pdf.res.status).toBe(200);
        expect((await pdfText(pdf.bytes)).text).toContain('EUR 90,000.00');
      }
    } finally {
      await pool.close();
    }
  }, 90_000);

  it('prints the PDF by default', async () => {
    const w = await buildWorld(t.store);
    const { res, bytes } = await download(
      w.app,
      '/api/v1/contracts/acme-a/reports/2026-10',
      w.tokens['client-admin'],
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="acme-a-2026-10.pdf"');
    const { text } = await pdfText(bytes);
    expect(text).toContain('EUR 90,000.00');
    expect(text).toContain('75.0%');
  }, 60_000);
});
