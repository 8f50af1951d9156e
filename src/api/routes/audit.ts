/**
 * `GET /api/v1/audit`: the audit entries of the caller's tenant, oldest first, paged by id. A client admin
 * sees its organisation's entries; a partner admin those that concern its partner. Entries written by CLI
 * commands outside the API (operator ingests, privacy erasure) carry no tenant and are not listed here.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { tenantAudit } from '../../services/tenancy.service.js';
import { ADMINS } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import { AuditEntrySchema, iso, jsonResponse, problems } from '../schemas.js';

const route = createRoute({
  method: 'get',
  path: '/api/v1/audit',
  tags: ['audit'],
  summary: "Audit entries (who, when, what, digest) of the caller's tenant",
  middleware: [allow(ADMINS, 'read the audit log')] as const,
  request: {
    query: z.object({
      afterId: z.coerce
        .number({ error: 'is not a number' })
        .int()
        .min(0)
        .optional()
        .openapi({ description: 'entries after this id (paging)' }),
      limit: z.coerce
        .number({ error: 'is not a number' })
        .int()
        .min(1)
        .max(1000)
        .optional()
        .openapi({ description: 'at most this many (default 100, at most 1000)' }),
      action: z
        .string()
        .regex(/^[a-z][a-z0-9._]{0,63}$/, {
          error: 'is not an action name (contract.version.signed, ingest, …)',
        })
        .optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ entries: z.array(AuditEntrySchema), nextAfterId: z.number().int().nullable() }),
      'entries, oldest first; pass nextAfterId as afterId for the next page',
    ),
    ...problems(400, 401, 403),
  },
});

export function registerAuditRoutes(app: AccordApp): void {
  app.openapi(route, async (c) => {
    const p = c.var.principal;
    const q = c.req.valid('query');
    const limit = q.limit ?? 100;
    const entries = await tenantAudit(c.var.deps.store, p, { action: q.action, afterId: q.afterId, limit });
    return c.json(
      {
        entries: entries.map((e) => ({
          id: e.id,
          at: iso(e.at),
          actor: e.actor,
          action: e.action,
          subject: e.subject,
          details: { ...e.details },
          digest: e.digest,
          partnerId: e.partnerId,
        })),
        nextAfterId: entries.length === limit ? entries[entries.length - 1]!.id : null,
      },
      200,
    );
  });
}
