/**
 * `POST /api/v1/ingest?kind=contacts[&partner=…][&source=…][&strict=true]`: a JSON array of records
 * (application/json), NDJSON (application/x-ndjson) or CSV (text/csv). Partner admins write for their own
 * partner; client admins name the partner (or the organisation has only one).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { RECORD_KINDS } from '../../domain/records.js';
import { CONNECTOR_FORMATS, type ConnectorFormat } from '../../ingest/connectors/connector.js';
import { fileFromBytes, mapConnectorFiles } from '../../ingest/connectors/read-files.js';
import { parsedJsonProblem } from '../../ingest/json-text.js';
import { PseudonymKeyError, pseudonymsOf } from '../../ingest/pseudonym.js';
import { type IngestInput, ingest, nothingStored } from '../../services/ingest.service.js';
import { partnerIngestOptions } from '../../services/partner-ingest.js';
import { visiblePartner, visiblePartners } from '../../services/tenancy.service.js';
import { ADMINS } from '../access.js';
import { allow } from '../auth.js';
import type { AccordApp } from '../context.js';
import { ApiError, badRequest, forbidden, notFound, unprocessable } from '../problem.js';
import { ID_PATTERN, IngestSummarySchema, jsonResponse, problems, sourceSchema } from '../schemas.js';

const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson'] as const;
/** The name errors give the request's body. */
const BODY = 'body';

const route = createRoute({
  method: 'post',
  path: '/api/v1/ingest',
  tags: ['data'],
  summary: 'Store a batch of records; the answer is the summary of `npx accord ingest --json`',
  description:
    "Acknowledged means committed. Rows without `source` get the partner's default source (or `source`); rows with a source the partner does not own are rejected. 200 when something was stored (check `rejected`), 422 when nothing could be stored.",
  middleware: [allow(ADMINS, 'ingest data')] as const,
  request: {
    query: z.object({
      kind: z
        .enum(RECORD_KINDS as unknown as [string, ...string[]])
        .optional()
        .openapi({
          description: 'kind of every record (required for CSV; NDJSON/JSON records may say it in `type`)',
        }),
      partner: z
        .string()
        .regex(ID_PATTERN, { error: 'is not an id' })
        .optional()
        .openapi({ description: 'the partner the data belongs to (client-admin with several partners)' }),
      source: sourceSchema
        .optional()
        .openapi({ description: "source for rows without one; one of the partner's" }),
      format: z
        .enum(CONNECTOR_FORMATS, { error: `is not a system (${CONNECTOR_FORMATS.join(', ')})` })
        .optional()
        .openapi({
          description:
            "the body is one page of that system's export or API, as it returns it (application/json; docs/connectors.md); its source defaults to the system's name when the partner owns it",
        }),
      strict: z
        .enum(['true', 'false'], { error: 'is not true or false' })
        .optional()
        .openapi({ description: 'store nothing when any record is bad' }),
    }),
    body: {
      required: false,
      description: 'the records',
      content: {
        'application/json': {
          // Each item is checked by the ingest readers (a row that is not an object is a rejected row);
          // a schema over every key of every row would cost a third of a millisecond per 500 (B4).
          schema: z
            .union([
              z
                .array(z.unknown().openapi({ type: 'object', additionalProperties: true }))
                .openapi({ description: 'records (data.md field names)' }),
              z
                .record(z.string(), z.unknown())
                .openapi({ description: 'with `format`: one page of the system (an object)' }),
            ])
            .openapi({
              description: 'records (data.md field names), or with `format` one page of the system',
            }),
        },
        'application/x-ndjson': { schema: z.string().openapi({ description: 'one JSON record a line' }) },
        'application/ndjson': { schema: z.string() },
        'text/csv': { schema: z.string().openapi({ description: 'a header line, then one record a line' }) },
      },
    },
  },
  responses: {
    200: jsonResponse(IngestSummarySchema, 'stored (some records may have been rejected: see `rejected`)'),
    ...problems(400, 401, 403, 404, 413, 415, 422, 503, 507),
  },
});

export function registerIngestRoutes(app: AccordApp): void {
  app.openapi(route, async (c) => {
    const deps = c.var.deps;
    const pseudonyms = pseudonymsOf(deps.pseudonymise);
    const p = c.var.principal;
    const query = c.req.valid('query');
    const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    let partnerId = query.partner;
    if (p.partnerId !== null) {
      if (partnerId !== undefined && partnerId !== p.partnerId)
        throw notFound(`partner "${partnerId}" not found`);
      partnerId = p.partnerId;
    }
    if (partnerId === undefined) {
      const partners = await visiblePartners(deps.store, p);
      if (partners.length !== 1)
        throw badRequest('query.partner: is required: name the partner the data belongs to', [
          {
            path: 'query.partner',
            message: 'is required when the organisation has several partners (or none)',
          },
        ]);
      partnerId = partners[0]!.id;
    }
    const partner = await visiblePartner(deps.store, p, partnerId);
    if (query.source !== undefined && !partner.sources.includes(query.source))
      throw forbidden(
        `source "${query.source}" is not one of partner ${partner.id}'s sources (${partner.sources.join(', ')})`,
      );

    const kind = query.kind as (typeof RECORD_KINDS)[number] | undefined;
    const of = kind === undefined ? {} : { kind };
    let input: IngestInput;
    let format: 'csv' | 'ndjson' | 'json';
    const system = query.format as ConnectorFormat | undefined;
    if (system !== undefined) {
      if (mediaType !== 'application/json')
        throw new ApiError(415, 'unsupported_media_type', `send the ${system} page as application/json`);
      if (kind !== undefined)
        throw badRequest(`query.kind: the ${system} connector tells the kinds of records itself`, [
          { path: 'query.kind', message: 'is not taken with format' },
        ]);
      format = 'json';
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      input = {
        name: BODY,
        mapped: mapConnectorFiles(system, { files: [fileFromBytes(BODY, bytes)], errors: [] }),
      };
    } else if (mediaType === 'application/json' || /^application\/[\w.-]+\+json$/.test(mediaType)) {
      format = 'json';
      const rows = c.req.valid('json');
      if (!Array.isArray(rows))
        throw badRequest("body: is not a JSON array of records (a system's page needs query.format)", [
          { path: 'body', message: 'is not a JSON array' },
        ]);
      // Duplicate keys (JSON.parse keeps the last silently) and excessive nesting: refused before any work.
      const shape = parsedJsonProblem(await c.req.text(), rows);
      if (shape !== undefined) {
        const path = `body${shape.item === undefined ? '' : `[${shape.item - 1}]`}`;
        throw badRequest(`${path}: ${shape.message}`, [{ path, message: shape.message }]);
      }
      input = { name: BODY, rows, ...of };
    } else if ((NDJSON_TYPES as readonly string[]).includes(mediaType)) {
      format = 'ndjson';
      input = { name: BODY, bytes: new Uint8Array(await c.req.arrayBuffer()), format, ...of };
    } else if (mediaType === 'text/csv') {
      format = 'csv';
      input = { name: BODY, bytes: new Uint8Array(await c.req.arrayBuffer()), format, ...of };
    } else {
      throw new ApiError(
        415,
        'unsupported_media_type',
        'send the records as application/json (an array), application/x-ndjson or text/csv',
      );
    }
    if (format === 'csv' && kind === undefined)
      throw badRequest('query.kind: is required for CSV: which kind of records the rows are', [
        { path: 'query.kind', message: `is required for CSV (${RECORD_KINDS.join(', ')})` },
      ]);
    if (input.mapped === undefined && (input.bytes?.byteLength ?? input.rows?.length ?? 0) === 0)
      throw unprocessable('the body holds no records', {
        read: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        rejected: 0,
        errors: [],
        warnings: [],
      });

    const owned = new Set(partner.sources);
    const defaultSource =
      query.source ?? (system !== undefined && owned.has(system) ? system : partner.defaultSource);
    let outcome: Awaited<ReturnType<typeof ingest>>;
    try {
      const options = await partnerIngestOptions({
        store: deps.store,
        partner,
        now: deps.now(),
        pseudonyms: () => pseudonyms,
        defaultSource,
        strict: query.strict === 'true',
        actor: p.actor,
        details: {
          via: 'api',
          partner: partner.id,
          kind: kind ?? null,
          format: system ?? format,
          source: defaultSource,
        },
      });
      outcome = await ingest([input], options);
    } catch (e) {
      if (e instanceof PseudonymKeyError)
        throw new ApiError(
          503,
          'no_pseudonym_key',
          `the server cannot pseudonymise personal data: ${e.message}`,
        );
      throw e;
    }
    const { summary } = outcome;
    deps.metrics.ingested({
      read: summary.read,
      inserted: summary.inserted,
      updated: summary.updated,
      unchanged: summary.unchanged,
      rejected: summary.rejected,
    });
    if (outcome.refused) throw nothingStored(outcome);
    return c.json(summary, 200);
  });
}
