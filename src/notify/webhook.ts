/**
 * Alert webhooks: a generic JSON document (the AlertMessage and its links), or the payloads Slack incoming
 * webhooks (`text` + Block Kit `blocks`) and Microsoft Teams accept — an Adaptive Card message for
 * Workflows (Power Automate, `*.logic.azure.com`, `*.powerplatform.com`) and a MessageCard for Office 365
 * connectors (`*.webhook.office.com`, `outlook.office.com`). The format follows the URL's host; a fragment
 * `#format=json|slack|teams|messagecard` overrides it (fragments are never sent). One POST, no redirects
 * followed, bounded in time; any answer but 2xx is a failure.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { AlertMessage } from '../domain/monitor/alert.js';
import type { AlertContent, DashboardLinks } from './alert-text.js';
import { type WebhookFormat, webhookFormatOverride } from './webhook-format.js';
import { checkTargetHost, outsideOnlyLookup } from './webhook-target.js';

export interface WebhookOptions {
  /** The whole request, connection to last byte of the answer (default 10 s). */
  readonly timeoutMs?: number;
  /** Name resolution (tests route hooks.slack.com to a local receiver); default the system's. */
  readonly lookup?: LookupFunction;
  /** Allow receivers on loopback and private networks (webhook-target.ts); default refused. */
  readonly allowPrivate?: boolean;
}

const SLACK_HOSTS = /^hooks\.slack(-gov)?\.com$/;
const WORKFLOW_HOSTS = /(^|\.)(logic\.azure\.com|powerplatform\.com|powerautomate\.com)$/;
const CONNECTOR_HOSTS = /(^|\.)webhook\.office\.com$|^outlook\.office(365)?\.com$/;
const MAX_ANSWER = 64 * 1024;

/** The payload format for a webhook URL: its fragment's override, else its host's, else generic JSON. */
export function webhookFormat(url: string): WebhookFormat {
  const u = new URL(url);
  const named = webhookFormatOverride(u);
  if (named !== undefined) return named;
  const host = u.hostname.toLowerCase();
  if (SLACK_HOSTS.test(host)) return 'slack';
  if (WORKFLOW_HOSTS.test(host)) return 'teams';
  if (CONNECTOR_HOSTS.test(host)) return 'messagecard';
  return 'json';
}

const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function slackPayload(c: AlertContent): unknown {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: c.subject.slice(0, 150), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: slackEscape(c.headline) } },
    {
      type: 'section',
      // Slack takes at most 10 fields
      fields: c.facts.slice(0, 10).map((f) => ({
        type: 'mrkdwn',
        text: `*${slackEscape(f.label)}*\n${slackEscape(f.value)}`,
      })),
    },
  ];
  if (c.risk !== null) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: slackEscape(c.risk) } });
  blocks.push({
    type: 'actions',
    elements: c.links.map((l, i) => ({
      type: 'button',
      action_id: `accord-link-${i}`,
      text: { type: 'plain_text', text: l.label },
      url: l.url,
      ...(l.primary ? { style: 'primary' } : {}),
    })),
  });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(c.escalation) }] });
  return { text: `${c.subject}: ${c.headline}`, blocks };
}

function adaptiveCardMessage(c: AlertContent): unknown {
  const body: unknown[] = [
    { type: 'TextBlock', text: c.subject, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: c.headline, wrap: true },
    { type: 'FactSet', facts: c.facts.map((f) => ({ title: f.label, value: f.value })) },
  ];
  if (c.risk !== null) body.push({ type: 'TextBlock', text: c.risk, wrap: true });
  body.push({ type: 'TextBlock', text: c.escalation, wrap: true, isSubtle: true });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: c.links.map((l) => ({
            type: 'Action.OpenUrl',
            title: l.label,
            url: l.url,
            ...(l.primary ? { style: 'positive' } : {}),
          })),
        },
      },
    ],
  };
}

function messageCard(c: AlertContent, m: AlertMessage): unknown {
  return {
    '@type': 'MessageCard',
    '@context': 'https://schema.org/extensions',
    summary: c.subject,
    themeColor: m.kind === 'at_risk' ? 'F59E0B' : 'DC2626',
    title: c.subject,
    text: c.headline,
    sections: [
      {
        facts: c.facts.map((f) => ({ name: f.label, value: f.value })),
        ...(c.risk === null ? {} : { text: c.risk }),
      },
      { text: c.escalation },
    ],
    potentialAction: c.links.map((l) => ({
      '@type': 'OpenUri',
      name: l.label,
      targets: [{ os: 'default', uri: l.url }],
    })),
  };
}

/** The generic document: the alert as the monitor raised it, its links, and its words. */
function genericPayload(
  c: AlertContent,
  m: AlertMessage,
  links: DashboardLinks,
  ackUrl: string | null,
): unknown {
  return {
    type: 'accord.alert',
    alert: m,
    links: { live: links.live, metric: links.metric, acknowledge: ackUrl },
    text: { language: c.lang, subject: c.subject, headline: c.headline, risk: c.risk },
  };
}

export function webhookPayload(
  format: WebhookFormat,
  c: AlertContent,
  m: AlertMessage,
  links: DashboardLinks,
  ackUrl: string | null,
): unknown {
  switch (format) {
    case 'slack':
      return slackPayload(c);
    case 'teams':
      return adaptiveCardMessage(c);
    case 'messagecard':
      return messageCard(c, m);
    case 'json':
      return genericPayload(c, m, links, ackUrl);
  }
}

/** POSTs `payload` as JSON to `url` (without its fragment); resolves on a 2xx answer, else throws. */
export function postWebhook(
  url: string,
  payload: unknown,
  options: WebhookOptions & { readonly idempotencyKey?: string } = {},
): Promise<void> {
  const target = new URL(url);
  target.hash = '';
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  const client = target.protocol === 'https:' ? https : http;
  const timeout = options.timeoutMs ?? 10_000;
  let lookup = options.lookup;
  if (options.allowPrivate !== true) {
    try {
      checkTargetHost(target);
    } catch (e) {
      return Promise.reject(e);
    }
    lookup = outsideOnlyLookup(lookup);
  }
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': body.length,
          'user-agent': 'Accord-Alerts/1',
          ...(options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey }),
        },
        ...(lookup === undefined ? {} : { lookup }),
        agent: false,
      },
      (res) => {
        let answer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (answer.length < MAX_ANSWER) answer += chunk;
        });
        res.on('end', () => {
          clearTimeout(timer);
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else
            reject(
              new Error(
                `webhook ${target.host} answered ${status}${answer === '' ? '' : `: ${answer.slice(0, 200).replace(/\s+/g, ' ')}`}`,
              ),
            );
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`webhook ${target.host} did not answer within ${timeout} ms`));
    }, timeout);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e.name === 'InsideTargetError' ? e : new Error(`webhook ${target.host}: ${e.message}`));
    });
    req.end(body);
  });
}
