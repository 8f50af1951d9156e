/**
 * Period close and disputes under a contract (contract.md, Closing and disputes):
 * `GET|POST /api/v1/contracts/{contractId}/periods/{period}/close`, `GET|POST …/disputes`,
 * `POST …/disputes/{disputeId}/decision`. Admins act for their side; every role that reads the contract
 * reads these.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { parseInstant } from '../../domain/time/instant.js';
import type { PeriodClose } from '../../store/server/index.js';
import { ADMINS, ANY } from '../access.js';
import type { AccordApp } from '../app.js';
import { allow } from '../auth.js';
import { closeJson, disputeJson, periodDocument, sideOf } from '../closing-service.js';
import { periodOf, signedVersions } from '../evaluation-service.js';
import { badRequest, conflict, notFound, unprocessable } from '../problem.js';
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
import { newId } from '../../services/secrets.js';
import { visibleContract } from '../../services/tenancy.service.js';

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
    contact: z.string(),
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
    const close = await store.server.closing.close(
      contract.organisationId,
      contract.id,
      params.period.toUpperCase(),
    );
    if (close === undefined)
      throw notFound(`period ${params.period} of "${contract.id}" has no close proposed`);
    return c.json(closeJson(close), 200);
  });

  app.openapi(routes.close, async (c) => {
    const deps = c.var.deps;
    const p = c.var.principal;
    const side = sideOf(p);
    const params = c.req.valid('param');
    const body = c.req.valid('json');
    const contract = await visibleContract(deps.store, p, params.contractId);
    const versions = await signedVersions(deps, contract);
    const target = periodOf(versions, params.period, 'path.period');
    const parsed = parseInstant(body.asOf);
    if (!parsed.ok)
      throw badRequest(`body.asOf: "${body.asOf}" ${parsed.reason}`, [
        { path: 'body.asOf', message: parsed.reason },
      ]);
    const asOf = parsed.ms;
    const now = deps.now();
    if (asOf > now)
      throw unprocessable('body.asOf: lies in the future: agree to figures as they are now or earlier');
    if (asOf < target.end)
      throw conflict(`period ${target.name} was still running at ${body.asOf}: close it after it ends`);
    const doc = await periodDocument(deps, contract, versions, target, asOf);
    if (doc.closed !== undefined) throw conflict(`period ${target.name} is closed already`);
    if (doc.statement === null)
      throw unprocessable(
        `${target.name} is not a judgement period of "${contract.id}": only those are closed`,
      );
    if (doc.inputDigest !== body.inputDigest)
      throw conflict(
        `the figures of ${target.name} at ${body.asOf} have input digest ${doc.inputDigest}, not ${body.inputDigest}: the data changed since they were reviewed; review them again`,
      );
    const agreed = { at: now, by: p.actor };
    const { close, closed } = await deps.store.server.transaction(async (tx) => {
      const existing = await tx.closing.close(contract.organisationId, contract.id, target.name, {
        lock: true,
      });
      if (existing?.status === 'closed') throw conflict(`period ${target.name} is closed already`);
      const sameFigures =
        existing !== undefined && existing.inputDigest === doc.inputDigest && existing.asOf === asOf;
      if (sameFigures && (side === 'client' ? existing.clientAgreedAt : existing.partnerAgreedAt) !== null)
        throw conflict(`the ${side} agreed to these figures already: the other party closes the period`);
      const base: PeriodClose = sameFigures
        ? existing
        : {
            organisationId: contract.organisationId,
            contractId: contract.id,
            period: target.name,
            status: 'proposed',
            asOf,
            inputDigest: doc.inputDigest,
            document: JSON.stringify(doc),
            clientAgreedAt: null,
            clientAgreedBy: null,
            partnerAgreedAt: null,
            partnerAgreedBy: null,
            closedAt: null,
          };
      const signedSide =
        side === 'client'
          ? { ...base, clientAgreedAt: agreed.at, clientAgreedBy: agreed.by }
          : { ...base, partnerAgreedAt: agreed.at, partnerAgreedBy: agreed.by };
      const both = signedSide.clientAgreedAt !== null && signedSide.partnerAgreedAt !== null;
      const close: PeriodClose = both ? { ...signedSide, status: 'closed', closedAt: now } : signedSide;
      await tx.closing.saveClose(close, existing !== undefined);
      await tx.appendAudit({
        at: now,
        actor: p.actor,
        action: both ? 'period.closed' : 'period.close_agreed',
        subject: contract.id,
        details: {
          contract: contract.id,
          period: target.name,
          side,
          asOf: doc.asOf,
          inputDigest: doc.inputDigest,
          payable: doc.statement?.payable ?? null,
          replacedProposal: existing !== undefined && !sameFigures,
        },
        scope: { organisationId: contract.organisationId, partnerId: contract.partnerId },
      });
      return { close, closed: both };
    });
    deps.logger.info(
      { event: closed ? 'period_closed' : 'period_close_agreed', contract: contract.id, period: target.name },
      'close',
    );
    return c.json(closeJson(close), 200);
  });

  app.openapi(routes.disputes, async (c) => {
    const { store } = c.var.deps;
    const contract = await visibleContract(store, c.var.principal, c.req.valid('param').contractId);
    const list = await store.server.closing.disputes(
      contract.organisationId,
      contract.id,
      c.req.valid('query').status,
    );
    return c.json({ disputes: list.map(disputeJson) }, 200);
  });

  app.openapi(routes.raise, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const side = sideOf(p);
    const contract = await visibleContract(store, p, c.req.valid('param').contractId);
    const body = c.req.valid('json');
    const partner = await store.server.tenancy.partnerById(contract.partnerId);
    const sources = partner?.sources ?? [];
    const candidates = body.source === undefined ? sources : sources.filter((s) => s === body.source);
    const found = await store.server.records.contactSources(candidates, body.contact);
    if (found.length === 0)
      throw notFound(`contact "${body.contact}" is not in the data of contract "${contract.id}"`);
    if (found.length > 1)
      throw badRequest(
        `body.source: contact "${body.contact}" is in ${found.join(' and ')}: name the source`,
        [{ path: 'body.source', message: `is required: the contact is in ${found.join(', ')}` }],
      );
    const source = found[0]!;
    const at = now();
    const dispute = await store.server.transaction(async (tx) => {
      const open = (await tx.closing.disputes(contract.organisationId, contract.id)).find(
        (d) => d.source === source && d.contactId === body.contact && d.status !== 'rejected',
      );
      if (open !== undefined)
        throw conflict(`contact "${body.contact}" is disputed already (${open.id}, ${open.status})`);
      const d = {
        id: newId('dsp'),
        organisationId: contract.organisationId,
        contractId: contract.id,
        source,
        contactId: body.contact,
        reason: body.reason,
        note: body.note ?? null,
        status: 'proposed' as const,
        raisedAt: at,
        raisedBy: p.actor,
        raisedSide: side,
        decidedAt: null,
        decidedBy: null,
      };
      await tx.closing.createDispute(d);
      await tx.appendAudit({
        at,
        actor: p.actor,
        action: 'dispute.raised',
        subject: contract.id,
        details: {
          contract: contract.id,
          dispute: d.id,
          source,
          contact: body.contact,
          reason: body.reason,
          side,
        },
        scope: { organisationId: contract.organisationId, partnerId: contract.partnerId },
      });
      return d;
    });
    return c.json(disputeJson(dispute), 201);
  });

  app.openapi(routes.decide, async (c) => {
    const { store, now } = c.var.deps;
    const p = c.var.principal;
    const side = sideOf(p);
    const params = c.req.valid('param');
    const { agree } = c.req.valid('json');
    const contract = await visibleContract(store, p, params.contractId);
    const at = now();
    const decided = await store.server.transaction(async (tx) => {
      const d = await tx.closing.dispute(contract.organisationId, contract.id, params.disputeId, {
        lock: true,
      });
      if (d === undefined) throw notFound(`dispute "${params.disputeId}" not found`);
      if (d.status !== 'proposed') throw conflict(`dispute ${d.id} is ${d.status} already`);
      if (d.raisedSide === side)
        throw conflict(`the ${side} raised this dispute: the other party decides it`);
      const status = agree ? ('agreed' as const) : ('rejected' as const);
      await tx.closing.decideDispute(d.id, status, at, p.actor);
      await tx.appendAudit({
        at,
        actor: p.actor,
        action: agree ? 'dispute.agreed' : 'dispute.rejected',
        subject: contract.id,
        details: {
          contract: contract.id,
          dispute: d.id,
          source: d.source,
          contact: d.contactId,
          reason: d.reason,
          side,
        },
        scope: { organisationId: contract.organisationId, partnerId: contract.partnerId },
      });
      return { ...d, status, decidedAt: at, decidedBy: p.actor };
    });
    return c.json(disputeJson(decided), 200);
  });
}
