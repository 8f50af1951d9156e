/**
 * `POST /api/v1/privacy/erasures`: erasure on request (data.md "Personal data", docs/privacy.md). The client
 * admin names the customer as the source systems export it (identifier, e-mail address or phone number);
 * every trace of it in the records of the organisation's partners is removed. The answer says whether
 * anything was found; the audit entry holds counts only, never the value or its pseudonym.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { PseudonymKeyError, pseudonymsOf } from '../../ingest/pseudonym.js';
import { eraseCustomer } from '../../services/privacy.service.js';
import { CLIENT_ADMIN } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import { ApiError } from '../problem.js';
import { jsonBody, jsonResponse, problems } from '../schemas.js';

const ErasureSchema = z
  .object({
    matched: z.boolean().openapi({ description: 'false: no record held the customer, nothing was changed' }),
    message: z.string(),
    contacts: z.number().int(),
    surveyComments: z.number().int(),
    qaEvaluations: z.number().int(),
    summaries: z.number().int(),
    auditId: z.number().int(),
  })
  .openapi('Erasure');

const route = createRoute({
  method: 'post',
  path: '/api/v1/privacy/erasures',
  tags: ['privacy'],
  summary: "Erase every trace of one customer from the records of the organisation's partners",
  description:
    'The value is matched in every normal form it may have been stored under: as written, an e-mail address lower-cased, a phone number in E.164 (national numbers read with `region`, else with the region of each contract). 200 with `matched: false` when nothing held it.',
  middleware: [allow(CLIENT_ADMIN, 'erase personal data')] as const,
  request: {
    body: jsonBody(
      z.object({
        customer: z.string().min(1).max(320).openapi({ example: '+31 6 12345678' }),
        region: z
          .string()
          .max(8)
          .optional()
          .openapi({ description: 'country of phone numbers written without +country code', example: 'NL' }),
      }),
      'the customer',
    ),
  },
  responses: {
    200: jsonResponse(ErasureSchema, 'what was erased (counts), or that nothing matched'),
    ...problems(400, 401, 403, 413, 415, 503),
  },
});

export function registerPrivacyRoutes(app: AccordApp): void {
  app.openapi(route, async (c) => {
    const deps = c.var.deps;
    const body = c.req.valid('json');
    let r: Awaited<ReturnType<typeof eraseCustomer>>;
    try {
      r = await eraseCustomer(deps.store, {
        customer: body.customer,
        region: body.region,
        pseudonyms: pseudonymsOf(deps.pseudonymise),
        now: deps.now(),
        actor: c.var.principal.actor,
        organisationId: c.var.principal.organisationId,
      });
    } catch (e) {
      if (e instanceof PseudonymKeyError)
        throw new ApiError(503, 'no_pseudonym_key', `the server cannot pseudonymise: ${e.message}`);
      throw e;
    }
    const message = r.matched
      ? `erased: ${r.contacts} contacts anonymised, ${r.surveyComments} survey comments deleted, ${r.qaEvaluations} QA evaluations cleaned, ${r.summaries} summaries blotted out`
      : 'nothing found for this customer: no record holds it, so nothing was erased';
    return c.json({ ...r, message }, 200);
  });
}
