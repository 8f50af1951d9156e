/**
 * The live monitor's alerts (docs/monitor.md): the in-app feed of a contract
 * (`GET /api/v1/contracts/{contractId}/alerts`), acknowledging an alert as a signed-in user or token
 * (`POST …/alerts/{alertId}/acknowledge`), and the signed one-click link of an alert mail
 * (`GET /api/v1/alerts/acknowledge?token=…` shows what the link acknowledges, `POST` with the same query
 * acknowledges it: a mail scanner that fetches every link acknowledges nothing). The link is its own
 * credential: it names one alert and expires (services/ack-link.ts). The page the mail's link opens
 * (`ackPagePath`) is the dashboard's (web/src/alerts/AcknowledgePage.tsx), which calls these two routes.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { ackSecret, verifyAck } from '../../services/ack-link.js';
import { acknowledgeAlert, acknowledgeByLink, alertJson, listAlerts } from '../../services/alerts.service.js';
import { notFound, unauthenticated } from '../../services/errors.js';
import { ADMINS, ANY } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import { idParam, jsonResponse, problems } from '../schemas.js';

const contractId = idParam('contractId', 'acme-customer-service');
const alertId = z
  .string()
  .regex(/^[0-9a-f]{32}$/, { error: 'is not an alert id (32 hexadecimal digits)' })
  .openapi({ param: { name: 'alertId', in: 'path' }, example: '3f1c0a9e5b7d2468ace0f13579bdf024' });

const AlertSchema = z
  .object({
    id: z.string(),
    contract: z.string(),
    kind: z.enum(['at_risk', 'breached', 'missed_periods', 'escalated', 'action_overdue']),
    level: z.number().int(),
    who: z.array(z.string()),
    metric: z.string().nullable(),
    contact: z
      .object({
        source: z.string(),
        key: z.string(),
        channel: z.string(),
        createdAt: z.string(),
        language: z.string().optional(),
        queue: z.string().optional(),
      })
      .nullable(),
    period: z.string().nullable(),
    dueAt: z.string().openapi({ description: 'when the condition began: the at-risk point, the deadline' }),
    deadline: z.string().nullable(),
    raisedAt: z.string(),
    acknowledgeBy: z.string().nullable().openapi({ description: 'null at the last escalation level' }),
    state: z.enum(['open', 'acknowledged', 'escalated']),
    open: z.boolean().openapi({ description: 'not acknowledged (open, or escalated to the next level)' }),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    periodRisk: z
      .object({
        period: z.string(),
        value: z.number().nullable(),
        target: z.number(),
        needed: z.number().nullable(),
        remaining: z.number(),
        thresholdMs: z.number().optional(),
      })
      .optional(),
    missedPeriods: z.number().optional(),
  })
  .openapi('Alert');

const tokenQuery = z.object({
  token: z.string().min(1).max(2048).openapi({ description: 'the token of the acknowledge link' }),
});

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/v1/contracts/{contractId}/alerts',
    tags: ['alerts'],
    summary: 'The alerts of a contract (the in-app feed), newest first',
    middleware: [allow(ANY, 'read alerts')] as const,
    request: {
      params: z.object({ contractId }),
      query: z.object({
        state: z.enum(['open', 'acknowledged', 'all']).optional().openapi({
          description: 'open: not acknowledged (open or escalated); default all',
        }),
        limit: z.coerce.number().int().min(1).max(1000).optional(),
      }),
    },
    responses: {
      200: jsonResponse(z.object({ alerts: z.array(AlertSchema) }), 'alerts, newest first'),
      ...problems(400, 401, 403, 404),
    },
  }),
  acknowledge: createRoute({
    method: 'post',
    path: '/api/v1/contracts/{contractId}/alerts/{alertId}/acknowledge',
    tags: ['alerts'],
    summary: 'Acknowledge an alert: its escalation stops (again: no change)',
    middleware: [allow(ADMINS, 'acknowledge alerts')] as const,
    request: { params: z.object({ contractId, alertId }) },
    responses: { 200: jsonResponse(AlertSchema, 'the alert, acknowledged'), ...problems(400, 401, 403, 404) },
  }),
  linkShow: createRoute({
    method: 'get',
    path: '/api/v1/alerts/acknowledge',
    tags: ['alerts'],
    summary: 'The alert a signed acknowledge link names (acknowledges nothing)',
    request: { query: tokenQuery },
    responses: { 200: jsonResponse(AlertSchema, 'the alert'), ...problems(400, 401, 404) },
  }),
  linkAcknowledge: createRoute({
    method: 'post',
    path: '/api/v1/alerts/acknowledge',
    tags: ['alerts'],
    summary: 'Acknowledge the alert a signed acknowledge link names (one click from the mail)',
    request: { query: tokenQuery },
    responses: { 200: jsonResponse(AlertSchema, 'the alert, acknowledged'), ...problems(400, 401, 404) },
  }),
};

/** The alert id a link's token names; 401 when its signature fails or it expired. */
async function linkedAlert(
  store: Parameters<typeof ackSecret>[0],
  token: string,
  now: number,
): Promise<string> {
  const v = verifyAck(token, await ackSecret(store), now);
  if (!v.ok)
    throw unauthenticated(
      v.reason === 'expired'
        ? 'the acknowledge link has expired: acknowledge in Accord instead'
        : 'the acknowledge link is not valid',
    );
  return v.alertId;
}

export function registerAlertRoutes(app: AccordApp): void {
  app.openapi(routes.list, async (c) => {
    const { store } = c.var.deps;
    const query = c.req.valid('query');
    const alerts = await listAlerts(
      store,
      c.var.principal,
      c.req.valid('param').contractId,
      query.state ?? 'all',
      query.limit ?? 200,
    );
    return c.json({ alerts }, 200);
  });

  app.openapi(routes.acknowledge, async (c) => {
    const { store, now } = c.var.deps;
    const params = c.req.valid('param');
    return c.json(
      await acknowledgeAlert(store, c.var.principal, params.contractId, params.alertId, now()),
      200,
    );
  });

  app.openapi(routes.linkShow, async (c) => {
    const { store, now } = c.var.deps;
    const id = await linkedAlert(store, c.req.valid('query').token, now());
    const found = await store.alerts.get(id);
    if (found === undefined) throw notFound(`alert "${id}" not found`);
    return c.json(alertJson(found), 200);
  });

  app.openapi(routes.linkAcknowledge, async (c) => {
    const { store, now } = c.var.deps;
    const id = await linkedAlert(store, c.req.valid('query').token, now());
    return c.json(await acknowledgeByLink(store, id, now()), 200);
  });
}
