/** The payload formats of alert webhooks and the explicit choice of one in a URL (docs/delivery.md). */

export const WEBHOOK_FORMATS = ['json', 'slack', 'teams', 'messagecard'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/**
 * The format a webhook URL names in its fragment (`#format=slack`), or undefined: chosen by its host.
 * A fragment is never sent in an HTTP request, so naming the format there leaves the URL as the receiver
 * gave it.
 */
export function webhookFormatOverride(url: URL): WebhookFormat | undefined {
  const m = /^#format=([a-z]+)$/.exec(url.hash);
  return m !== null && (WEBHOOK_FORMATS as readonly string[]).includes(m[1]!)
    ? (m[1] as WebhookFormat)
    : undefined;
}
