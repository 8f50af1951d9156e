/**
 * The alert delivery outbox for admins (docs/delivery.md): `GET /api/v1/deliveries?state=dead` lists
 * deliveries (the dead letters: every attempt failed), `POST /api/v1/deliveries/{deliveryId}/retry` makes a
 * dead one pending again and wakes this process's delivery worker.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  deliveryJson,
  listDeliveries,
  MAX_DELIVERY_LIST,
  retryDelivery,
} from '../../services/alert-delivery.service.js';
import { ADMINS } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import { idParam, idString, jsonResponse, problems } from '../schemas.js';

const DeliverySchema = z
  .object({
    id: z.string(),
    contract: z.string(),
    alert: z.string(),
    kind: z.string(),
    level: z.number(),
    channel: z.enum(['email', 'webhook']),
    target: z.string(),
    language: z.enum(['en', 'nl', 'de']),
    state: z.enum(['pending', 'sent', 'dead']),
    attempts: z.number(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('Delivery');

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/v1/deliveries',
    tags: ['alerts'],
    summary: "Alert deliveries of the caller's tenant, newest first (state=dead: the dead letters)",
    middleware: [allow(ADMINS, 'read alert deliveries')] as const,
    request: {
      query: z.object({
        state: z.enum(['pending', 'sent', 'dead']).optional(),
        contract: idString('acme-customer-service').optional(),
        limit: z.coerce.number().int().min(1).max(MAX_DELIVERY_LIST).optional(),
      }),
    },
    responses: {
      200: jsonResponse(z.object({ deliveries: z.array(DeliverySchema) }), 'deliveries'),
      ...problems(400, 401, 403),
    },
  }),
  retry: createRoute({
    method: 'post',
    path: '/api/v1/deliveries/{deliveryId}/retry',
    tags: ['alerts'],
    summary: 'Send a dead delivery again (its attempts start from zero)',
    middleware: [allow(ADMINS, 'retry alert deliveries')] as const,
    request: { params: z.object({ deliveryId: idParam('deliveryId', 'dlv_3f0c9a1b2d4e5f6a7b8c9d0e') }) },
    responses: {
      200: jsonResponse(DeliverySchema, 'pending again'),
      ...problems(400, 401, 403, 404, 409),
    },
  }),
};

export function registerDeliveryRoutes(app: AccordApp): void {
  app.openapi(routes.list, async (c) => {
    const { store } = c.var.deps;
    const q = c.req.valid('query');
    const list = await listDeliveries(store, c.var.principal, q);
    return c.json({ deliveries: list.map((d) => deliveryJson(d)) }, 200);
  });

  app.openapi(routes.retry, async (c) => {
    const deps = c.var.deps;
    const d = await retryDelivery(deps.store, c.var.principal, c.req.valid('param').deliveryId, deps.now());
    deps.deliveryWorker?.wake();
    return c.json(deliveryJson(d), 200);
  });
}
