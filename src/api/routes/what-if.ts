/**
 * A version in plain words, and the what-if of a version not yet in force: replayed over the last ended (or
 * closed) periods beside the signed versions, on the same records (services/what-if.service.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { LANGS } from '../../domain/contract/types.js';
import { explainVersion } from '../../services/contracts.service.js';
import { visibleContract } from '../../services/tenancy.service.js';
import { MAX_WHAT_IF_PERIODS } from '../../services/what-if.service.js';
import { ANY } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import { idParam, jsonResponse, problems } from '../schemas.js';
import { PeriodFiguresSchema } from './results.js';

const contractId = idParam('contractId', 'acme-customer-service');
const version = z.coerce
  .number({ error: 'is not a version number' })
  .int({ error: 'is not a whole number' })
  .min(1, { error: 'must be 1 or more' })
  .max(1_000_000, { error: 'is too large' })
  .openapi({ param: { name: 'version', in: 'path' }, example: 2, type: 'integer' });

const MoneySchema = z.object({
  fee: z.string(),
  credits: z.string(),
  earnBack: z.string(),
  bonus: z.string(),
  payable: z.string(),
});

const WhatIfSchema = z.object({
  contract: z.string(),
  asOf: z.string(),
  basis: z.enum(['ended', 'closed']),
  inForce: z.object({ version: z.number().int(), digest: z.string() }),
  proposed: z.object({
    version: z.number().int(),
    status: z.string(),
    digest: z.string(),
    effectiveFrom: z.string(),
    replayedFrom: z
      .string()
      .openapi({ description: 'the replay takes the version to be in force from this day' }),
  }),
  periods: z.array(
    z.object({
      period: z.string(),
      closed: z
        .object({ payable: z.string().nullable() })
        .nullable()
        .openapi({ description: 'a closed period: the payable both parties agreed to' }),
      current: PeriodFiguresSchema,
      proposed: PeriodFiguresSchema,
      changedVerdicts: z.array(z.string()),
      difference: MoneySchema.nullable().openapi({ description: 'proposed − current' }),
    }),
  ),
  totals: z.object({ current: MoneySchema, proposed: MoneySchema, difference: MoneySchema }),
});

const routes = {
  explanation: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/versions/{version}/explanation',
    tags: ['contracts'],
    summary: 'A validated version in plain words: the text of `npx accord contract explain`',
    middleware: [allow(ANY, 'read contracts')] as const,
    request: {
      params: z.object({ contractId, version }),
      query: z.object({ lang: z.enum(LANGS as ['en', 'nl', 'de']).default('en') }),
    },
    responses: {
      200: jsonResponse(
        z.object({
          contract: z.string(),
          version: z.number().int(),
          digest: z.string(),
          lang: z.enum(LANGS as ['en', 'nl', 'de']),
          text: z.string(),
        }),
        'the version in plain words',
      ),
      ...problems(400, 401, 403, 404, 409),
    },
  }),
  whatIf: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/versions/{version}/what-if',
    tags: ['contracts'],
    summary:
      'A version replayed over the last ended (or closed) periods beside the signed versions: verdicts and money side by side',
    middleware: [allow(ANY, 'read evaluations')] as const,
    request: {
      params: z.object({ contractId, version }),
      query: z.object({
        periods: z.coerce
          .number({ error: 'is not a number' })
          .int({ error: 'is not a whole number' })
          .min(1, { error: 'must be 1 or more' })
          .max(MAX_WHAT_IF_PERIODS, { error: `at most ${MAX_WHAT_IF_PERIODS} periods at a time` })
          .default(3)
          .openapi({ example: 3 }),
        basis: z
          .enum(['ended', 'closed'])
          .default('ended')
          .openapi({ description: 'the last ended periods, or the last periods both parties closed' }),
      }),
    },
    responses: {
      200: jsonResponse(WhatIfSchema, 'each period judged both ways, and the totals'),
      ...problems(400, 401, 403, 404, 409, 422),
    },
  }),
};

export function registerWhatIfRoutes(app: AccordApp): void {
  app.openapi(routes.explanation, async (c) => {
    const { store } = c.var.deps;
    const { contractId: id, version: n } = c.req.valid('param');
    const contract = await visibleContract(store, c.var.principal, id);
    return c.json(await explainVersion(store, contract, n, c.req.valid('query').lang), 200);
  });

  app.openapi(routes.whatIf, async (c) => {
    const deps = c.var.deps;
    const { contractId: id, version: n } = c.req.valid('param');
    const { periods, basis } = c.req.valid('query');
    const contract = await visibleContract(deps.store, c.var.principal, id);
    const doc = await deps.work(
      'whatIf',
      { contract, version: n, request: { periods, closed: basis === 'closed' }, now: deps.now() },
      c.req.raw.signal,
    );
    return c.json(doc, 200);
  });
}
