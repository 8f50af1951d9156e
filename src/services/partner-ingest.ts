/**
 * How records arrive for one partner through the server (the ingest route, webhooks, pulls the server runs):
 * only into the partner's own sources, survey comments and personal columns as its contracts say, and the
 * audit entry in the partner's scope. One place, so that every way in stores the same way.
 */
import { DROP_EVERY_COMMENT, KEEP_EVERY_COMMENT } from '../ingest/ingest-batches.js';
import type { Pseudonyms } from '../ingest/pseudonym.js';
import type { Partner, Store } from '../store/index.js';
import type { IngestOptions } from './ingest.service.js';
import { partnerIngestPolicy } from './privacy.service.js';

export interface PartnerIngest {
  readonly store: Store;
  readonly partner: Partner;
  readonly now: number;
  readonly pseudonyms: () => Pseudonyms;
  /** The source of rows without one (default: the partner's default source). */
  readonly defaultSource?: string;
  readonly strict: boolean;
  readonly actor: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export async function partnerIngestOptions(p: PartnerIngest): Promise<IngestOptions> {
  const { partner } = p;
  const owned = new Set(partner.sources);
  const policy = await partnerIngestPolicy(p.store, partner, p.now);
  return {
    store: p.store,
    pseudonymiser: p.pseudonyms,
    sources: {
      defaultSource: p.defaultSource ?? partner.defaultSource,
      refuse: (source) =>
        owned.has(source)
          ? null
          : `"${source}" is not a source of partner ${partner.id} (its sources: ${partner.sources.join(', ')})`,
    },
    // Survey comments only where the partner's contract allows them (data.md `data: { comments: keep }`);
    // the columns its contracts declare personal, and their phone region (docs/privacy.md).
    keepComments: policy.keepComments ? KEEP_EVERY_COMMENT : DROP_EVERY_COMMENT,
    personal: policy.personal,
    strict: p.strict,
    audit: {
      at: p.now,
      actor: p.actor,
      subject: `api:${partner.id}`,
      details: p.details,
      scope: { organisationId: partner.organisationId, partnerId: partner.id },
    },
  };
}
