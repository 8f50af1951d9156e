/**
 * What customers and quality coaches say about handled contacts: CSAT (1..5) for about 15 % of them, NPS
 * (0..10) from about 60 % of those who answered the CSAT question, and QA evaluations (score 0..100,
 * script compliance, tone of voice) for about 2 %. A bad experience (a complaint, a reopening, a long wait
 * or a late reply) lowers the scores.
 */

import type { BusinessClock } from '../domain/clock.js';
import type { QaEvaluation, Survey } from '../domain/records.js';
import { cumulative, type Random } from './random.js';

export const SURVEY_SHARE = 0.15;
export const NPS_SHARE_OF_RESPONDENTS = 0.6;
export const QA_SHARE = 0.022;

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** P(score = 1..5). Good experience: normalised mean ≈ 8.5, top box 88 %; bad: ≈ 7.0 and 65 %. */
const CSAT_GOOD = cumulative([0.02, 0.03, 0.07, 0.35, 0.53]);
const CSAT_BAD = cumulative([0.09, 0.09, 0.17, 0.37, 0.28]);
/** P(NPS = 0..10) given the CSAT answer 1..5. */
const NPS_BY_CSAT = [
  cumulative([0.2, 0.15, 0.15, 0.15, 0.1, 0.1, 0.08, 0.04, 0.03, 0, 0]),
  cumulative([0.05, 0.08, 0.1, 0.15, 0.15, 0.17, 0.15, 0.1, 0.05, 0, 0]),
  cumulative([0, 0, 0.02, 0.05, 0.1, 0.15, 0.23, 0.25, 0.15, 0.04, 0.01]),
  cumulative([0, 0, 0, 0, 0.01, 0.03, 0.06, 0.17, 0.33, 0.28, 0.12]),
  cumulative([0, 0, 0, 0, 0, 0, 0.01, 0.04, 0.12, 0.35, 0.48]),
];

const COMMENT_SHARE = 0.07;
/** Canned comments per language, good then bad; some hold commas and quotes (CSV quoting is exercised). */
const COMMENTS: Readonly<Record<string, readonly [readonly string[], readonly string[]]>> = {
  nl: [
    ['Snel en vriendelijk geholpen, dank je!', 'Duidelijke uitleg.', 'Prima service'],
    [
      'Lang moeten wachten, en daarna doorverbonden.',
      'Mijn vraag is nog steeds niet opgelost',
      'Het "antwoord" klopte niet',
    ],
  ],
  de: [
    ['Schnell und freundlich, danke!', 'Sehr kompetente Beratung.', 'Alles bestens'],
    ['Zu lange Wartezeit, leider.', 'Problem nicht gelöst', 'Die "Lösung" hat nicht funktioniert'],
  ],
  en: [
    ['Quick, friendly and helpful.', 'Great service, thanks', 'Solved in one call'],
    ['Waited far too long, then got cut off.', 'Still not fixed', 'The agent said "try again later"'],
  ],
  fr: [
    ['Rapide et aimable, merci !', 'Très bonne explication.', 'Service parfait'],
    ['Attente trop longue, puis transféré.', 'Toujours pas résolu', 'On m\'a dit "rappelez plus tard"'],
  ],
};

const QA_EVALUATORS = ['qa-01', 'qa-02', 'qa-03', 'qa-04', 'qa-05'] as const;
const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

export interface Handled {
  readonly source: string;
  readonly id: string;
  readonly language: string;
  /** When the conversation ended (call or chat) or the contact was last solved (tickets). */
  readonly endedAt: number;
  readonly resolvedAt: number;
  readonly bad: boolean;
  readonly complaint: boolean;
  /** An in-channel survey right after the call or chat (IVR, post-chat) is possible. */
  readonly live: 'phone' | 'chat' | null;
}

const ceilSecond = (ms: number) => Math.ceil(ms / 1000) * 1000;

/** The survey answers of one handled contact (none for most). */
export function surveysFor(h: Handled, rng: Random, emit: (s: Survey) => void): void {
  if (!rng.chance(SURVEY_SHARE)) return;
  let answeredAt: number;
  if (h.live === 'phone' && h.resolvedAt === h.endedAt && rng.chance(0.5)) {
    answeredAt = h.endedAt + (30 + rng.int(120)) * 1000;
  } else if (h.live === 'chat' && h.resolvedAt === h.endedAt && rng.chance(0.7)) {
    answeredAt = h.endedAt + (10 + rng.int(80)) * 1000;
  } else {
    // An e-mail invitation on resolution, answered within days.
    const delay = Math.min(7 * DAY, Math.max(120_000, rng.lognormal(5 * HOUR, 1.2)));
    answeredAt = ceilSecond(h.resolvedAt + delay);
  }
  const csat = rng.pick(h.bad ? CSAT_BAD : CSAT_GOOD) + 1;
  let comment: string | null = null;
  if (rng.chance(COMMENT_SHARE)) {
    const set = COMMENTS[h.language]?.[csat >= 4 ? 0 : 1];
    if (set !== undefined) comment = set[rng.int(set.length)] ?? null;
  }
  emit({
    source: h.source,
    contactId: h.id,
    kind: 'csat',
    score: csat,
    scaleMin: 1,
    scaleMax: 5,
    answeredAt,
    comment,
  });
  if (rng.chance(NPS_SHARE_OF_RESPONDENTS)) {
    emit({
      source: h.source,
      contactId: h.id,
      kind: 'nps',
      score: rng.pick(NPS_BY_CSAT[csat - 1]!),
      scaleMin: 0,
      scaleMax: 10,
      answeredAt,
      comment: null,
    });
  }
}

/** A QA evaluation of a handled call, chat or e-mail (about 2 % of them), written in office hours. */
export function qaFor(h: Handled, rng: Random, clock: BusinessClock, emit: (q: QaEvaluation) => void): void {
  if (!rng.chance(QA_SHARE)) return;
  const evaluatedAt = ceilSecond(clock.deadline(h.endedAt + 18 * HOUR, rng.between(0.5, 30) * HOUR));
  const raw = 100 - rng.exponential(7.8) - (h.complaint ? 5 : 0);
  const score = Math.max(30, Math.min(100, Math.round(raw)));
  emit({
    source: h.source,
    contactId: h.id,
    evaluatedAt,
    score,
    scriptCompliant: score >= 75 ? rng.chance(0.99) : rng.chance(0.6),
    toneOfVoiceOk: score >= 70 ? rng.chance(0.99) : rng.chance(0.7),
    evaluator: QA_EVALUATORS[rng.int(QA_EVALUATORS.length)]!,
    attributes: NO_ATTRIBUTES,
  });
}
