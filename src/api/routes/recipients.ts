/**
 * Who receives a contract's alerts (docs/delivery.md): `GET /api/v1/contracts/{contractId}/recipients`,
 * `GET|PUT …/recipients/{who}`. Admins only (the entries hold people's addresses): a client admin sets the
 * client side's entries of a name, the partner's admin the partner side's; each reads both sides'.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  listRecipients,
  MAX_EMAILS,
  MAX_WEBHOOKS,
  MAX_WHO,
  recipientsJson,
  setRecipients,
} from '../../services/recipients.service.js';
import { visibleContract } from '../../services/tenancy.service.js';
import { ADMINS } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import { idParam, jsonBody, jsonResponse, problems } from '../schemas.js';

const contractId = idParam('contractId', 'acme-customer-service');
const who = z
  .string()
  .min(1)
  .max(MAX_WHO)
  .openapi({ param: { name: 'who', in: 'path' }, example: 'partner team lead' });

const RecipientGroupSchema = z
  .object({
    who: z.string(),
    side: z.enum(['client', 'partner']),
    emails: z.array(z.string()),
    webhooks: z.array(z.string()),
    language: z.enum(['en', 'nl', 'de']),
    setAt: z.string(),
    setBy: z.string(),
  })
  .openapi('Recipients');

const RecipientListSchema = z
  .object({ contract: z.string(), recipients: z.array(RecipientGroupSchema) })
  .openapi('RecipientList');

const SetResultSchema = RecipientListSchema.extend({ warnings: z.array(z.string()) }).openapi(
  'RecipientsSet',
);

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/recipients',
    tags: ['alerts'],
    summary: "Who receives the contract's alerts, per escalation name and side",
    middleware: [allow(ADMINS, 'read alert recipients')] as const,
    request: { params: z.object({ contractId }) },
    responses: {
      200: jsonResponse(RecipientListSchema, 'both sides’ entries'),
      ...problems(400, 401, 403, 404),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/recipients/{who}',
    tags: ['alerts'],
    summary: 'The entries of one escalation name, both sides',
    middleware: [allow(ADMINS, 'read alert recipients')] as const,
    request: { params: z.object({ contractId, who }) },
    responses: {
      200: jsonResponse(RecipientListSchema, 'both sides’ entries of the name'),
      ...problems(400, 401, 403, 404),
    },
  }),
  set: createRoute({
    method: 'put',
    path: '/api/v1/contracts/{contractId}/recipients/{who}',
    tags: ['alerts'],
    summary: "Replace the caller's side's entries of an escalation name (empty lists remove them)",
    middleware: [allow(ADMINS, 'set alert recipients')] as const,
    request: {
      params: z.object({ contractId, who }),
      body: jsonBody(
        z.object({
          emails: z
            .array(z.string().max(1000))
            .max(MAX_EMAILS)
            .default([])
            .openapi({ example: ['team.lead@partner.example'] }),
          webhooks: z
            .array(z.string().max(4000))
            .max(MAX_WEBHOOKS)
            .default([])
            .openapi({
              example: ['https://hooks.slack.com/services/T000/B000/XXXX'],
              description:
                'http(s) URLs; the payload follows the host (Slack, Teams Workflows, Office 365 connectors, else generic JSON) unless the URL ends in #format=json|slack|teams|messagecard',
            }),
          language: z.enum(['en', 'nl', 'de']).default('en'),
        }),
        'the addresses and webhooks of the name for the caller’s side, and their language',
      ),
    },
    responses: {
      200: jsonResponse(SetResultSchema, "the caller's side's entries of the name, and warnings"),
      ...problems(400, 401, 403, 404, 413, 415),
    },
  }),
};

export function registerRecipientRoutes(app: AccordApp): void {
  app.openapi(routes.list, async (c) => {
    const { store } = c.var.deps;
    const contract = await visibleContract(store, c.var.principal, c.req.valid('param').contractId);
    return c.json(recipientsJson(contract.id, await listRecipients(store, contract)), 200);
  });

  app.openapi(routes.get, async (c) => {
    const { store } = c.var.deps;
    const params = c.req.valid('param');
    const contract = await visibleContract(store, c.var.principal, params.contractId);
    return c.json(recipientsJson(contract.id, await listRecipients(store, contract, params.who.trim())), 200);
  });

  app.openapi(routes.set, async (c) => {
    const { store, now } = c.var.deps;
    const params = c.req.valid('param');
    const body = c.req.valid('json');
    const contract = await visibleContract(store, c.var.principal, params.contractId);
    const result = await setRecipients(store, c.var.principal, contract, params.who, body, now());
    return c.json({ ...recipientsJson(contract.id, result.entries), warnings: [...result.warnings] }, 200);
  });
}
