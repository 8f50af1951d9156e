/**
 * The zod schemas shared by routes. They validate requests and, through @hono/zod-openapi, make up the
 * OpenAPI document at /api/v1/openapi.json, so that the document and the checks cannot drift apart.
 */
import { z } from '@hono/zod-openapi';
import { ROLES } from '../services/roles.js';

/** Ids of organisations, partners, users, tokens and contracts (a contract's id is its `contract:` key). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Source names: the `source` of records (data.md). */
export const SOURCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;

/** An id inside a body or query. */
export const idString = (example: string) =>
  z
    .string()
    .regex(ID_PATTERN, { error: 'is not an id (letters, digits, ".", "_", "-"; at most 64)' })
    .openapi({ example });

export const idParam = (name: string, example: string) =>
  z
    .string()
    .regex(ID_PATTERN, { error: 'is not an id (letters, digits, ".", "_", "-"; at most 64)' })
    .openapi({ param: { name, in: 'path' }, example });

// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

export const nameSchema = z
  .string()
  .trim()
  .min(1, { error: 'is empty' })
  .max(200, { error: 'is longer than 200 characters' })
  .regex(NO_CONTROL, { error: 'contains control characters' });

export const sourceSchema = z
  .string()
  .regex(SOURCE_PATTERN, { error: 'is not a source name (letters, digits, ". _ : @ / -"; at most 128)' })
  .openapi({ example: 'genesys-nl' });

export const emailSchema = z
  .string()
  .trim()
  .max(254, { error: 'is longer than 254 characters' })
  .regex(/^[^\s@]+@[^\s@]+$/, { error: 'is not an e-mail address' })
  .transform((s) => s.toLowerCase())
  .openapi({ example: 'vendor.manager@acme.example' });

export const passwordSchema = z
  .string()
  .min(12, { error: 'must have at least 12 characters' })
  .max(256, { error: 'must have at most 256 characters' })
  .openapi({ example: 'correct horse battery staple' });

export const roleSchema = z.enum(ROLES).openapi({ example: 'client-viewer' });

export const periodSchema = z
  .string()
  .regex(/^\d{4}-(?:\d{2}|Q[1-4]|W\d{2})$/i, { error: 'is not a period (2026-10, 2026-Q4, 2026-W53)' })
  .openapi({ example: '2026-10' });

export const instantSchema = z.string().max(64).openapi({ example: '2026-11-28T09:00:00+01:00' });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:accord:problem:not_found' }),
    title: z.string().openapi({ example: 'Not found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().openapi({ example: 'contract "acme-customer-service" not found' }),
    instance: z.string().openapi({ example: '/api/v1/contracts/acme-customer-service' }),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          line: z.number().int().nullable().optional(),
        }),
      )
      .optional(),
  })
  .catchall(z.unknown())
  .openapi('Problem');

const PROBLEM_TEXT: Record<number, string> = {
  400: 'Malformed JSON, a wrong type or a value out of range; `errors` names each path',
  401: 'No credentials, or an unknown, revoked or expired token or session',
  403: 'The role may not do this, or a cookie-authenticated write lacks its CSRF token',
  404: 'No such resource, or not one the caller may see',
  409: 'The state does not allow it (signed versions never change, a name is taken)',
  413: 'The body is larger than the limit',
  415: 'The body has another media type than the route takes',
  422: 'The content is well-formed but cannot be used (an invalid contract, no records stored)',
  429: 'Too many failed logins; retry after the number of seconds in Retry-After',
  503: 'The store cannot be reached, is busy, or lost its connection mid-request: send it again (Retry-After)',
  507: 'The store is full (disk full); batches committed before are kept, the failed one is absent in full',
};

/** Response entries for the problem statuses a route can answer. */
export function problems(...statuses: number[]) {
  const out: Record<
    number,
    { description: string; content: Record<string, { schema: typeof ProblemSchema }> }
  > = {};
  for (const s of statuses)
    out[s] = {
      description: PROBLEM_TEXT[s] ?? 'Error',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  return out;
}

export const COMMON_PROBLEMS = [400, 401, 403, 404] as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const OrganisationSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string() })
  .openapi('Organisation');

export const PartnerSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    name: z.string(),
    defaultSource: z.string(),
    sources: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi('Partner');

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    organisationId: z.string(),
    partnerId: z.string().nullable(),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .openapi('User');

export const TokenSchema = z
  .object({
    id: z.string(),
    role: roleSchema,
    organisationId: z.string(),
    partnerId: z.string().nullable(),
    label: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('Token');

export const SignatureSchema = z.object({ at: z.string(), by: z.string() }).nullable().openapi('Signature');

export const VersionSummarySchema = z
  .object({
    version: z.number().int(),
    status: z.enum(['draft', 'validated', 'signed']),
    digest: z.string().nullable(),
    effectiveFrom: z.string().nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    signatures: z.object({ client: SignatureSchema, partner: SignatureSchema }),
  })
  .openapi('VersionSummary');

export const ContractErrorSchema = z.object({
  path: z.string(),
  line: z.number().int().nullable(),
  message: z.string(),
});

export const ContractWarningSchema = z
  .object({
    code: z.enum(['retroactive']),
    message: z.string(),
  })
  .openapi('ContractWarning', {
    description:
      'a version that takes effect before the day both parties signed it judges past periods again',
  });

export const VersionSchema = VersionSummarySchema.extend({
  contract: z.string(),
  text: z.string(),
  errors: z.array(ContractErrorSchema).nullable(),
  canonical: z.record(z.string(), z.unknown()).nullable(),
}).openapi('Version');

export const ContractSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    partnerId: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    inForce: z.number().int().nullable().openapi({ description: 'the signed version in force today' }),
    versions: z.array(VersionSummarySchema),
  })
  .openapi('Contract');

export const IngestSummarySchema = z
  .object({
    read: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    errors: z.array(
      z.object({
        file: z.string(),
        line: z.number().int(),
        field: z.string().nullable(),
        message: z.string(),
      }),
    ),
    errorsOmitted: z.number().int().optional(),
    warnings: z.array(z.string()),
  })
  .openapi('IngestSummary');

/** The evaluate document of interfaces.md (its members are described there). */
export const EvaluationSchema = z
  .object({
    contract: z.string(),
    version: z.number().int(),
    contractDigest: z.string(),
    period: z.string(),
    asOf: z.string(),
    provisional: z.boolean().openapi({
      description:
        'the period has not ended by asOf: figures so far, its money an estimate, counted in no streak',
    }),
    inputDigest: z.string(),
    metrics: z.array(z.record(z.string(), z.unknown())),
    verdicts: z.record(z.string(), z.enum(['met', 'missed', 'unjudged'])),
    credits: z.record(z.string(), z.unknown()).nullable(),
    earnBack: z.record(z.string(), z.unknown()).nullable(),
    bonus: z.record(z.string(), z.unknown()).nullable(),
    acceptance: z.record(z.string(), z.unknown()),
    statement: z.record(z.string(), z.unknown()).nullable(),
    warnings: z.array(z.object({ code: z.string(), contact: z.string().nullable(), message: z.string() })),
  })
  .openapi('Evaluation');

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subject: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    digest: z.string(),
    partnerId: z.string().nullable(),
  })
  .openapi('AuditEntry');

/** Instants in API answers: ISO 8601 in UTC. */
export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
