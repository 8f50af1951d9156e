/** An alert's words: every kind in every language, times in the contract's zone, risk figures, escaping. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertKind } from '../../src/domain/monitor/alert.js';
import { alertContent, dashboardLinks } from '../../src/notify/alert-text.js';
import { renderMail } from '../../src/notify/mail.js';
import { webhookFormat } from '../../src/notify/webhook.js';
import { retryDelay } from '../../src/services/alert-delivery.service.js';
import { alertMessage } from '../support/alerts.js';

const CTX = {
  timezone: 'Europe/Berlin',
  publicUrl: 'https://accord.example/',
  ackUrl: 'https://accord.example/alerts/acknowledge?token=t.s',
};
const KINDS: readonly AlertKind[] = ['at_risk', 'breached', 'missed_periods', 'escalated', 'action_overdue'];

describe('alert wording', () => {
  it('says every kind in every language, differently per language, with times in the contract zone', () => {
    for (const kind of KINDS) {
      const subjects = new Set<string>();
      for (const lang of ['en', 'nl', 'de'] as const) {
        const c = alertContent(alertMessage({ kind, missedPeriods: 2 }), lang, CTX);
        subjects.add(c.subject);
        expect(c.subject).toContain('Chat support');
        expect(c.headline.length).toBeGreaterThan(10);
        expect(c.headline).not.toContain('undefined');
        expect(c.headline).not.toMatch(/ {2}/);
        // 09:00:30 UTC is 11:00:30 in Berlin in October
        expect(c.facts.map((f) => f.value).join('\n')).toContain('11:00:30 (Europe/Berlin)');
      }
      expect(subjects.size).toBe(3);
    }
    const de = alertContent(alertMessage(), 'de', CTX);
    expect(de.facts.find((f) => f.label === 'Frist')?.value).toBe(
      '5. Oktober 2026 11:00:30 (Europe/Berlin), 0 Sek. zu spät',
    );
  });

  it("names the metric by the contract's title in the recipient's language", () => {
    const m = alertMessage({
      metricNames: { en: 'Chats answered within 20 s', nl: 'Chats binnen 20 s beantwoord' },
      metricName: 'Chats answered within 20 s',
    });
    expect(alertContent(m, 'nl', CTX).subject).toContain('Chats binnen 20 s beantwoord');
    expect(alertContent(m, 'en', CTX).subject).toContain('Chats answered within 20 s');
    // A language the contract does not write falls back to the title it does.
    expect(alertContent(m, 'de', CTX).subject).toContain('Chats answered within 20 s');
  });

  it('gives the time left before the deadline for a contact at risk, and the period figures for a metric at risk', () => {
    const contact = alertContent(
      alertMessage({ kind: 'at_risk', raisedAt: '2026-10-05T09:00:24Z' }),
      'en',
      CTX,
    );
    expect(contact.headline).toBe('Contact chat web/42 is about to miss the deadline of Chat service level.');
    expect(contact.facts.find((f) => f.label === 'Deadline')?.value).toContain(', 6 s left');
    const period = alertContent(
      alertMessage({
        kind: 'at_risk',
        contact: null,
        deadline: null,
        periodRisk: {
          period: '2026-10',
          value: 0.7612,
          target: 0.8,
          needed: null,
          remaining: 20,
          thresholdMs: 30_000,
        },
      }),
      'en',
      CTX,
    );
    expect(period.headline).toBe('Chat service level is forecast to miss its target in 2026-10.');
    expect(period.risk).toBe('The target of 80% can no longer be met this period (so far 76.12%).');
    expect(period.facts.map((f) => f.label)).toContain('Since');
    const score = alertContent(
      alertMessage({
        kind: 'at_risk',
        periodRisk: { period: '2026-10', value: 7.9, target: 8.2, needed: 40, remaining: 50 },
      }),
      'nl',
      CTX,
    );
    const calls = alertContent(
      alertMessage({
        kind: 'at_risk',
        periodRisk: {
          period: '2026-10',
          value: 0.78,
          target: 0.8,
          needed: 82,
          remaining: 140,
          thresholdMs: 30_000,
        },
      }),
      'en',
      { ...CTX, records: 'calls' },
    );
    expect(calls.risk).toBe(
      '82 of the next 140 calls must be answered within 30 s to reach 80% (so far 78%).',
    );
    expect(score.risk).toBe(
      '40 van de volgende 50 contacten moeten aan de norm voldoen om 8,2 te halen (tot nu toe 7,9).',
    );
  });

  it('links the live view, the metric in its period and the acknowledge link; the last level says so', () => {
    const c = alertContent(alertMessage({ acknowledgeBy: null }), 'en', CTX);
    expect(c.links.map((l) => [l.url, l.primary])).toEqual([
      [CTX.ackUrl, true],
      ['https://accord.example/contracts/c1/live', false],
      ['https://accord.example/contracts/c1/periods/2026-10/metrics/chat_sl', false],
    ]);
    expect(c.escalation).toBe('This is the last escalation level.');
    expect(dashboardLinks('http://x', alertMessage({ contract: 'a b', metric: null })).metric).toBeNull();
    expect(dashboardLinks('http://x', alertMessage({ contract: 'a b' })).live).toBe(
      'http://x/contracts/a%20b/live',
    );
  });

  it('escapes what the contract wrote in the HTML part', () => {
    const c = alertContent(alertMessage({ contractName: '<script>alert("x")</script> & co' }), 'en', CTX);
    const mail = renderMail(c);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(mail.text).toContain('<script>alert("x")</script> & co');
  });
});

describe('webhook format by URL', () => {
  it.each([
    ['https://hooks.slack.com/services/T/B/X', 'slack'],
    ['https://acme.webhook.office.com/webhookb2/x', 'messagecard'],
    ['https://outlook.office.com/webhook/x', 'messagecard'],
    ['https://prod-07.westeurope.logic.azure.com:443/workflows/x', 'teams'],
    ['https://default123.environment.api.powerplatform.com/powerautomate/x', 'teams'],
    ['https://example.com/hook', 'json'],
    ['https://evil-hooks.slack.com.example/x', 'json'],
    ['https://example.com/hook#format=messagecard', 'messagecard'],
    ['https://hooks.slack.com/services/T/B/X#format=json', 'json'],
  ])('%s → %s', (url, format) => {
    expect(webhookFormat(url)).toBe(format);
  });
});

describe('retry backoff', () => {
  it('doubles from the base up to the cap, with up to half taken off at random', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, r) => {
          const full = Math.min(3_600_000, 30_000 * 2 ** (n - 1));
          const d = retryDelay(n, 30_000, 3_600_000, r);
          return d <= full && d >= full / 2 - 1;
        },
      ),
    );
    expect(retryDelay(1, 30_000, 3_600_000, 0)).toBe(30_000);
    expect(retryDelay(3, 30_000, 3_600_000, 0)).toBe(120_000);
    expect(retryDelay(30, 30_000, 3_600_000, 0)).toBe(3_600_000);
  });
});
