/**
 * A period's report as a download (docs/reports.md): HTML, PDF, XLSX or CSV in English, Dutch or German,
 * built in the worker pool like an evaluation. Every role may read it; finance gets it without the contact
 * ids behind the figures (services/redaction.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { LANGS } from '../../domain/contract/types.js';
import { REPORT_FORMATS } from '../../reports/index.js';
import { boundedPeriod, checkAsOf } from '../../services/bounds.js';
import { signedVersions } from '../../services/contracts.service.js';
import { asOfOf } from '../../services/evaluation.service.js';
import { visibleContract } from '../../services/tenancy.service.js';
import { ANY } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import { idParam, instantSchema, periodSchema, problems } from '../schemas.js';

const binary = (description: string) => ({ schema: z.string().openapi({ format: 'binary', description }) });

const route = createRoute({
  method: 'get',
  path: '/api/v1/contracts/{contractId}/reports/{period}',
  tags: ['results'],
  summary: 'A period as a report to file: every metric with its trend, volume, quality and the statement',
  middleware: [allow(ANY, 'read evaluations')] as const,
  request: {
    params: z.object({
      contractId: idParam('contractId', 'acme-customer-service'),
      period: periodSchema.openapi({ param: { name: 'period', in: 'path' } }),
    }),
    query: z.object({
      format: z.enum(REPORT_FORMATS).default('pdf').openapi({ description: 'the file format (default pdf)' }),
      lang: z.enum(LANGS).default('en').openapi({ description: 'the language of the report (default en)' }),
      asOf: instantSchema
        .optional()
        .openapi({ description: 'judge open contacts at this instant (default: now)' }),
    }),
  },
  responses: {
    200: {
      description: 'the report, with Content-Disposition: attachment and its file name',
      content: {
        'application/pdf': binary('PDF, A4'),
        'text/html': binary('one self-contained page'),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': binary(
          'summary, statement and one sheet per metric',
        ),
        'text/csv': binary('one row per metric and split (RFC 4180)'),
      },
    },
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

export function registerReportRoutes(app: AccordApp): void {
  app.openapi(route, async (c) => {
    const deps = c.var.deps;
    const params = c.req.valid('param');
    const query = c.req.valid('query');
    const now = deps.now();
    const asOf = asOfOf(query.asOf, now, 'query.asOf');
    const contract = await visibleContract(deps.store, c.var.principal, params.contractId);
    const versions = await signedVersions(deps.store, contract);
    const period = boundedPeriod(versions, params.period, now, 'path.period');
    checkAsOf(asOf, now, 'query.asOf', period.end);
    // The job crosses to a worker thread: who asks, without the session's secrets.
    const { session: _, ...principal } = c.var.principal;
    const started = performance.now();
    let report: Awaited<ReturnType<typeof deps.work<'report'>>>;
    try {
      report = await deps.work(
        'report',
        {
          contract,
          period: params.period,
          asOf,
          principal,
          format: query.format,
          lang: query.lang,
        },
        c.req.raw.signal,
      );
    } finally {
      deps.metrics.evaluation((performance.now() - started) / 1000);
    }
    c.header('Content-Type', report.contentType);
    c.header('Content-Disposition', `attachment; filename="${report.filename}"`);
    c.header('Cache-Control', 'private, no-store');
    // The bytes as they came (a worker thread's structured clone keeps them a Uint8Array).
    return c.body(new Uint8Array(report.bytes), 200) as never;
  });
}
