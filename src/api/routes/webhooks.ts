/**
 * `POST /api/v1/webhooks/{system}/{source}`: what Zendesk, Freshdesk, Intercom and Amazon Connect (through
 * Kinesis Data Firehose) push (services/webhooks.service.ts, docs/connectors.md "Webhooks"). No session or
 * token: the system's signature over the raw body, with the source's secret, is the authentication.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { mapConnectorFiles } from '../../ingest/connectors/read-files.js';
import { PseudonymKeyError, pseudonymsOf } from '../../ingest/pseudonym.js';
import { realPullDeps } from '../../ingest/pull/http.js';
import { notFound } from '../../services/errors.js';
import { ingest, nothingStored } from '../../services/ingest.service.js';
import { partnerIngestOptions } from '../../services/partner-ingest.js';
import { PullScheduler, type PullSystem, pullSetupProblem, sync } from '../../services/sync.service.js';
import { checkWebhook, webhookWork } from '../../services/webhooks.service.js';
import type { Partner, Store } from '../../store/index.js';
import type { AccordApp, AppDeps } from '../context.js';
import { ApiError } from '../problem.js';
import { IngestSummarySchema, jsonResponse, problems } from '../schemas.js';

const route = createRoute({
  method: 'post',
  path: '/api/v1/webhooks/{system}/{source}',
  tags: ['data'],
  summary: "A system's webhook: records it pushes, or a change that starts a pull",
  description:
    "Authenticated by the system's own signature with the secret `ACCORD_WEBHOOK_SECRET_<SOURCE>` of the server's environment: Zendesk `X-Zendesk-Webhook-Signature`, Intercom `X-Hub-Signature`, Amazon Connect through Firehose `X-Amz-Firehose-Access-Key`, Freshdesk `Authorization: Bearer <secret>`. Intercom conversations and Amazon Connect contact records are stored at once (200); a Zendesk or Freshdesk webhook starts a pull of that system for the source (202). 404 when the source has no webhook.",
  request: {
    params: z.object({
      system: z.string().openapi({ example: 'intercom' }),
      source: z.string().max(200).openapi({ example: 'intercom' }),
    }),
  },
  responses: {
    200: jsonResponse(
      z.union([
        IngestSummarySchema,
        z.object({ requestId: z.string(), timestamp: z.number().int() }).openapi('FirehoseReply'),
        z.object({ ignored: z.string() }),
      ]),
      'stored (the ingest summary; for Firehose its reply), or nothing to store',
    ),
    202: jsonResponse(z.object({ pull: z.enum(['started', 'queued']) }), 'a pull of the system follows'),
    ...problems(400, 401, 404, 413, 422, 503),
  },
});

const schedulers = new WeakMap<Store, PullScheduler>();

/** The server's pulls: one at a time per system and source, into the partner that owns the source. */
function schedulerOf(deps: AppDeps): PullScheduler {
  let s = schedulers.get(deps.store);
  if (s === undefined) {
    s = new PullScheduler(
      async (system, source) => {
        const partner = await ownerOf(deps, source);
        const pseudonyms = pseudonymsOf(deps.pseudonymise);
        await sync({
          store: deps.store,
          system,
          source,
          since: deps.now() - 30 * 86_400_000,
          maxPages: 10_000,
          env: process.env,
          deps: realPullDeps,
          ingestPage: async (files) => {
            const options = await partnerIngestOptions({
              store: deps.store,
              partner,
              now: deps.now(),
              pseudonyms: () => pseudonyms,
              defaultSource: source,
              strict: false,
              actor: `webhook:${system}`,
              details: { via: 'pull', system, source },
            });
            return (
              await ingest(
                [
                  {
                    name: files.map((f) => f.name).join(' '),
                    mapped: mapConnectorFiles(system, { files, errors: [] }),
                  },
                ],
                options,
              )
            ).summary;
          },
        });
      },
      (system, source, e) =>
        deps.logger.error({ event: 'pull', system, source, err: (e as Error).message }, 'pull failed'),
    );
    schedulers.set(deps.store, s);
  }
  return s;
}

/** For tests and shutdown: resolves when the server's pulls are done. */
export async function pullsIdle(store: Store): Promise<void> {
  await schedulers.get(store)?.idle();
}

async function ownerOf(deps: AppDeps, source: string): Promise<Partner> {
  const owner = (await deps.store.tenancy.ownersOf([source])).get(source);
  const partner = owner === undefined ? undefined : await deps.store.tenancy.partnerById(owner);
  if (partner === undefined) throw notFound(`no webhook is configured for source "${source}"`);
  return partner;
}

export function registerWebhookRoutes(app: AccordApp): void {
  app.openapi(route, async (c) => {
    const deps = c.var.deps;
    const { system: name, source } = c.req.valid('param');
    const body = new Uint8Array(await c.req.arrayBuffer());
    const now = deps.now();
    const system = checkWebhook(name, source, process.env, (h) => c.req.header(h), body, now);
    const partner = await ownerOf(deps, source);
    const work = webhookWork(system, body, `${system} webhook ${c.var.requestId}`, now);
    if (work.kind === 'nothing') return c.json(work.reply ?? { ignored: work.why }, 200);
    if (work.kind === 'pull') {
      const problem = pullSetupProblem(system as PullSystem, process.env);
      if (problem !== null)
        throw new ApiError(503, 'pull_not_configured', `the server cannot pull from ${system}: ${problem}`);
      return c.json({ pull: schedulerOf(deps).request(system as PullSystem, source) }, 202);
    }
    const pseudonyms = pseudonymsOf(deps.pseudonymise);
    let outcome: Awaited<ReturnType<typeof ingest>>;
    try {
      const options = await partnerIngestOptions({
        store: deps.store,
        partner,
        now,
        pseudonyms: () => pseudonyms,
        defaultSource: source,
        strict: false,
        actor: `webhook:${system}`,
        details: { via: 'webhook', system, source },
      });
      const mapped = mapConnectorFiles(system, { files: work.files, errors: [] });
      outcome = await ingest([{ name: work.files[0]!.name, mapped }], options);
    } catch (e) {
      if (e instanceof PseudonymKeyError)
        throw new ApiError(
          503,
          'no_pseudonym_key',
          `the server cannot pseudonymise personal data: ${e.message}`,
        );
      throw e;
    }
    if (outcome.refused) throw nothingStored(outcome);
    return c.json(work.reply ?? outcome.summary, 200);
  });
}
