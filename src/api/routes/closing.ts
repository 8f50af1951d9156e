/**
 * Period close and disputes under a contract (contract.md, Closing and disputes):
 * `GET|POST /api/v1/contracts/{contractId}/periods/{period}/close`, `GET|POST …/disputes`,
 * `POST …/disputes/{disputeId}/decision`. Admins act for their side; every role that reads the contract
 * reads these.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  agreeToClose,
  closeJson,
  decideDispute,
  disputeJson,
  getClose,
  listDisputes,
  raiseDispute,
} from '../../services/closing.service.js';
import { asOfOf } from '../../services/evaluation.service.js';
import { redactDispute } from '../../services/redaction.js';
import { visibleContract } from '../../services/tenancy.service.js';
import { ADMINS, ANY } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import {
  idParam,
  instantSchema,
  jsonBody,
  jsonResponse,
  nameSchema,
  periodSchema,
  problems,
  sourceSchema,
} from '../schemas.js';

const contractId = idParam('contractId', 'acme-customer-service');
const period = periodSchema.openapi({ param: { name: 'period', in: 'path' } });

const CloseSchema = z
  .object({
    contract: z.string(),
    period: z.string(),
    status: z.enum(['proposed', 'closed']),
    asOf: z.string(),
    inputDigest: z.string(),
    agreements: z.object({
      client: z.object({ at: z.string(), by: z.string() }).nullable(),
      partner: z.object({ at: z.string(), by: z.string() }).nullable(),
    }),
    closedAt: z.string().nullable(),
    statement: z.record(z.string(), z.string()).nullable(),
  })
  .openapi('PeriodClose');

const DisputeSchema = z
  .object({
    id: z.string(),
    contract: z.string(),
    source: z.string(),
    contact: z.string().nullable().openapi({ description: 'null for finance, which reads no contact ids' }),
    reason: z.enum(['spam', 'test', 'duplicate', 'other']),
    note: z.string().nullable(),
    status: z.enum(['proposed', 'agreed', 'rejected']),
    raised: z.object({ at: z.string(), by: z.string(), side: z.enum(['client', 'partner']) }),
    decided: z.object({ at: z.string(), by: z.string() }).nullable(),
  })
  .openapi('Dispute');

const routes = {
  getClose: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/periods/{period}/close',
    tags: ['closing'],
    summary: 'The close of a period: proposed by one party, or closed by both',
    middleware: [allow(ANY, 'read period closes')] as const,
    request: { params: z.object({ contractId, period }) },
    responses: { 200: jsonResponse(CloseSchema, 'the close'), ...problems(400, 401, 403, 404) },
  }),
  close: createRoute({
    method: 'post',
    path: '/api/v1/contracts/{contractId}/periods/{period}/close',
    tags: ['closing'],
    summary: "Agree to close a period on the figures reviewed (the evaluation's asOf and inputDigest)",
    middleware: [allow(ADMINS, 'close periods')] as const,
    request: {
      params: z.object({ contractId, period }),
      body: jsonBody(
        z.object({
          asOf: instantSchema,
          inputDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/, { error: 'is not a digest (sha256:…)' }),
        }),
        'the evaluation agreed to: its asOf and inputDigest',
      ),
    },
    responses: {
      200: jsonResponse(CloseSchema, 'agreed; `closed` once both parties have agreed to the same figures'),
      ...problems(400, 401, 403, 404, 409, 413, 415, 422),
    },
  }),
  disputes: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/disputes',
    tags: ['closing'],
    summary: 'Disputed contacts of a contract',
    middleware: [allow(ANY, 'read disputes')] as const,
    request: {
      params: z.object({ contractId }),
      query: z.object({ status: z.enum(['proposed', 'agreed', 'rejected']).optional() }),
    },
    responses: {
      200: jsonResponse(z.object({ disputes: z.array(DisputeSchema) }), 'disputes, oldest first'),
      ...problems(400, 401, 403, 404),
    },
  }),
  raise: createRoute({
    method: 'post',
    path: '/api/v1/contracts/{contractId}/disputes',
    tags: ['closing'],
    summary: "Dispute a contact's inclusion (spam, test, merged duplicate); the other party decides",
    middleware: [allow(ADMINS, 'dispute contacts')] as const,
    request: {
      params: z.object({ contractId }),
      body: jsonBody(
        z.object({
          contact: z.string().min(1).max(256).openapi({ example: 'T-1042' }),
          source: sourceSchema
            .optional()
            .openapi({ description: "needed when two of the partner's sources hold the id" }),
          reason: z.enum(['spam', 'test', 'duplicate', 'other']),
          note: nameSchema.optional(),
        }),
        'the contact and why it should not count',
      ),
    },
    responses: { 201: jsonResponse(DisputeSchema, 'raised'), ...problems(400, 401, 403, 404, 409, 413, 415) },
  }),
  decide: createRoute({
    method: 'post',
    path: '/api/v1/contracts/{contractId}/disputes/{disputeId}/decision',
    tags: ['closing'],
    summary: 'The other party agrees (the contact leaves every population) or rejects',
    middleware: [allow(ADMINS, 'decide disputes')] as const,
    request: {
      params: z.object({ contractId, disputeId: idParam('disputeId', 'dsp_k3v9q2m8x1ab') }),
      body: jsonBody(z.object({ agree: z.boolean() }), 'the decision'),
    },
    responses: {
      200: jsonResponse(DisputeSchema, 'decided'),
      ...problems(400, 401, 403, 404, 409, 413, 415),
    },
  }),
};

export function registerClosingRoutes(app: AccordApp): void {
  app.openapi(routes.getClose, async (c) => {
    const { store } = c.var.deps;
    const params = c.req.valid('param');
    const contract = await visibleContract(store, c.var.principal, params.contractId);
    return c.json(closeJson(await getClose(store, contract, params.period)), 200);
  });

  app.openapi(routes.close, async (c) => {
    const deps = c.var.deps;
    const params = c.req.valid('param');
    const body = c.req.valid('json');
    const contract = await visibleContract(deps.store, c.var.principal, params.contractId);
    const asOf = asOfOf(body.asOf, deps.now(), 'body.asOf');
    const { close, closed } = await agreeToClose(
      deps.store,
      c.var.principal,
      contract,
      { period: params.period, asOf, asOfText: body.asOf, inputDigest: body.inputDigest },
      deps.now(),
    );
    deps.logger.info(
      {
        event: closed ? 'period_closed' : 'period_close_agreed',
        contract: contract.id,
        period: close.period,
      },
      'close',
    );
    return c.json(closeJson(close), 200);
  });

  app.openapi(routes.disputes, async (c) => {
    const { store } = c.var.deps;
    const contract = await visibleContract(store, c.var.principal, c.req.valid('param').contractId);
    const list = await listDisputes(store, contract, c.req.valid('query').status);
    return c.json({ disputes: list.map((d) => redactDispute(c.var.principal, disputeJson(d))) }, 200);
  });

  app.openapi(routes.raise, async (c) => {
    const { store, now } = c.var.deps;
    const contract = await visibleContract(store, c.var.principal, c.req.valid('param').contractId);
    const dispute = await raiseDispute(store, c.var.principal, contract, c.req.valid('json'), now());
    return c.json(disputeJson(dispute), 201);
  });

  app.openapi(routes.decide, async (c) => {
    const { store, now } = c.var.deps;
    const params = c.req.valid('param');
    const contract = await visibleContract(store, c.var.principal, params.contractId);
    const { agree } = c.req.valid('json');
    const decided = await decideDispute(store, c.var.principal, contract, params.disputeId, agree, now());
    return c.json(disputeJson(decided), 200);
  });
}
