/**
 * Who receives a contract's alerts (issue 15, point 4; docs/delivery.md): per escalation name (`who`), the
 * e-mail addresses and webhook URLs each side set. A client admin sets the client side's entries, a partner
 * admin of the contract's partner the partner side's; a side replaces only its own entries of a name, and
 * both sides' are delivered. Every input is bounded and checked before anything is written.
 */
import type { Lang } from '../domain/contract/types.js';
import { WEBHOOK_FORMATS, webhookFormatOverride } from '../notify/webhook-format.js';
import type {
  ContractRecord,
  RecipientEntry,
  RecipientSide,
  RecipientTarget,
  Store,
} from '../store/index.js';
import { sideOf } from './closing.service.js';
import { contractAudit } from './contract-audit.js';
import { signedVersions } from './contracts.service.js';
import { invalid, type ProblemDetail } from './errors.js';
import type { Principal } from './roles.js';

export const MAX_EMAILS = 20;
export const MAX_WEBHOOKS = 10;
export const MAX_WHO = 100;
export const MAX_EMAIL = 254;
export const MAX_URL = 2048;
/** Entries of one contract, both sides and every name together. */
export const MAX_ENTRIES_PER_CONTRACT = 500;

export interface RecipientsInput {
  readonly emails: readonly string[];
  readonly webhooks: readonly string[];
  readonly language?: string | undefined;
}

export interface RecipientsResult {
  readonly who: string;
  readonly side: RecipientSide;
  readonly entries: readonly RecipientEntry[];
  /** Sentences for the caller: a name no escalation level of the signed contract names. */
  readonly warnings: readonly string[];
}

const LANG_SET: ReadonlySet<string> = new Set<Lang>(['en', 'nl', 'de']);
// Control characters (header injection in a mail's To:) and the characters an address never holds unquoted.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse control characters
const CONTROL = /[\u0000-\u001f\u007f]/;
const EMAIL = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[^\s@<>()[\]",;:\\.]+$/;

function checkWho(who: string, problems: ProblemDetail[]): string {
  const trimmed = who.trim();
  if (trimmed === '' || trimmed.length > MAX_WHO || CONTROL.test(trimmed))
    problems.push({
      path: 'who',
      message: `must be 1 to ${MAX_WHO} characters without control characters, as the contract's escalation names it`,
    });
  return trimmed;
}

/** A checked address, lower-cased as the accounts keep theirs (the same address twice is one entry). */
export function checkEmail(address: string, path: string, problems: ProblemDetail[]): string {
  const a = address.trim().toLowerCase();
  if (a.length > MAX_EMAIL) problems.push({ path, message: `is longer than ${MAX_EMAIL} characters` });
  else if (CONTROL.test(a) || !EMAIL.test(a))
    problems.push({ path, message: `"${a.slice(0, 80)}" is not an e-mail address (name@example.com)` });
  return a;
}

export function checkWebhook(url: string, path: string, problems: ProblemDetail[]): string {
  const u = url.trim();
  if (u.length > MAX_URL) {
    problems.push({ path, message: `is longer than ${MAX_URL} characters` });
    return u;
  }
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    problems.push({ path, message: `"${u.slice(0, 80)}" is not a URL` });
    return u;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    problems.push({ path, message: `must be an http or https URL, not ${parsed.protocol}` });
  else if (parsed.hash !== '' && webhookFormatOverride(parsed) === undefined)
    problems.push({
      path,
      message: `the fragment may only name the payload format: #format=${WEBHOOK_FORMATS.join('|')}`,
    });
  else if (/^169\.254\.|^\[?fe80:/i.test(parsed.hostname) || parsed.hostname === '0.0.0.0')
    problems.push({ path, message: 'a link-local address (cloud metadata) is not a webhook' });
  return u;
}

/** The checked targets of one name and side; throws `invalid` naming every bad field. */
export function checkRecipients(
  who: string,
  input: RecipientsInput,
  paths: { emails: string; webhooks: string; language: string },
): { who: string; targets: RecipientTarget[] } {
  const problems: ProblemDetail[] = [];
  const name = checkWho(who, problems);
  const language = input.language ?? 'en';
  if (!LANG_SET.has(language))
    problems.push({ path: paths.language, message: `must be en, nl or de, not "${language.slice(0, 20)}"` });
  if (input.emails.length > MAX_EMAILS)
    problems.push({ path: paths.emails, message: `at most ${MAX_EMAILS} addresses per name and side` });
  if (input.webhooks.length > MAX_WEBHOOKS)
    problems.push({ path: paths.webhooks, message: `at most ${MAX_WEBHOOKS} webhooks per name and side` });
  const targets: RecipientTarget[] = [];
  const lang = language as Lang;
  if (problems.length === 0) {
    input.emails.forEach((e, i) => {
      targets.push({
        channel: 'email',
        target: checkEmail(e, `${paths.emails}[${i}]`, problems),
        language: lang,
      });
    });
    input.webhooks.forEach((w, i) => {
      targets.push({
        channel: 'webhook',
        target: checkWebhook(w, `${paths.webhooks}[${i}]`, problems),
        language: lang,
      });
    });
  }
  if (problems.length > 0)
    throw invalid(
      `the recipients of "${name.slice(0, MAX_WHO)}" are not valid: ${problems[0]!.path} ${problems[0]!.message}`,
      problems,
    );
  return { who: name, targets };
}

/** Names no escalation level of the contract's signed versions names (none signed: no warning). */
async function unknownNameWarnings(store: Store, contract: ContractRecord, who: string): Promise<string[]> {
  let names: Set<string>;
  try {
    names = new Set(
      (await signedVersions(store, contract)).flatMap((c) => c.escalation.flatMap((l) => l.who)),
    );
  } catch {
    return [];
  }
  return names.has(who)
    ? []
    : [
        `no escalation level of contract "${contract.id}" names "${who}" (it names ${[...names].map((n) => `"${n}"`).join(', ') || 'nobody'}): these recipients receive nothing until one does`,
      ];
}

/** Replaces the caller's side's entries of `who` (an empty input removes them), audited. */
export async function setRecipients(
  store: Store,
  principal: Principal,
  contract: ContractRecord,
  who: string,
  input: RecipientsInput,
  now: number,
  paths = { emails: 'body.emails', webhooks: 'body.webhooks', language: 'body.language' },
): Promise<RecipientsResult> {
  const side = sideOf(principal);
  const checked = checkRecipients(who, input, paths);
  const key = { organisationId: contract.organisationId, contractId: contract.id, who: checked.who, side };
  const entries = await store.transaction(async (tx) => {
    const existing = await tx.recipients.list(contract.organisationId, contract.id);
    const others = existing.filter((e) => !(e.who === checked.who && e.side === side)).length;
    if (others + checked.targets.length > MAX_ENTRIES_PER_CONTRACT)
      throw invalid(
        `contract "${contract.id}" would have more than ${MAX_ENTRIES_PER_CONTRACT} recipient entries`,
        [{ path: paths.emails, message: `at most ${MAX_ENTRIES_PER_CONTRACT} entries per contract` }],
      );
    await tx.recipients.replace(key, checked.targets, now, principal.actor);
    await tx.audit.appendScoped(
      // addresses are personal data: the audit log counts them
      contractAudit(contract, now, principal.actor, 'recipients.set', {
        contract: contract.id,
        who: checked.who,
        side,
        emails: checked.targets.filter((t) => t.channel === 'email').length,
        webhooks: checked.targets.filter((t) => t.channel === 'webhook').length,
      }),
    );
    return tx.recipients.list(contract.organisationId, contract.id, checked.who);
  });
  return {
    who: checked.who,
    side,
    entries: entries.filter((e) => e.side === side),
    warnings: await unknownNameWarnings(store, contract, checked.who),
  };
}

/** Every entry of the contract (of one name), both sides. */
export function listRecipients(
  store: Store,
  contract: ContractRecord,
  who?: string,
): Promise<RecipientEntry[]> {
  return store.recipients.list(contract.organisationId, contract.id, who);
}

/**
 * A webhook URL as the API shows it: its origin, first path segment and last four characters
 * (`https://hooks.slack.com/services/…XXXX`). The path of a Slack or Teams webhook is its secret: whoever
 * holds it can post into that channel, and the other side's admins read these entries too.
 */
export function maskWebhook(url: string): string {
  try {
    const u = new URL(url);
    const first = u.pathname.split('/').filter((p) => p !== '')[0];
    const tail = `${u.pathname}${u.search}`.slice(-4);
    return `${u.origin}/${first === undefined ? '' : `${first}/`}…${tail}${u.hash}`;
  } catch {
    return '…';
  }
}

/**
 * The JSON of the recipients of a contract, grouped by name: `{who, side, emails, webhooks, language}`;
 * webhook URLs masked unless `reveal` (the operator, who holds the database anyway).
 */
export function recipientsJson(contract: string, entries: readonly RecipientEntry[], reveal = false) {
  const groups = new Map<string, RecipientEntry[]>();
  for (const e of entries) {
    const k = `${e.who}\u0000${e.side}`;
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [e]);
    else g.push(e);
  }
  return {
    contract,
    recipients: [...groups.values()].map((g) => ({
      who: g[0]!.who,
      side: g[0]!.side,
      emails: g.filter((e) => e.channel === 'email').map((e) => e.target),
      webhooks: g
        .filter((e) => e.channel === 'webhook')
        .map((e) => (reveal ? e.target : maskWebhook(e.target))),
      language: g[0]!.language,
      setAt: new Date(Math.max(...g.map((e) => e.setAt))).toISOString(),
      setBy: g[0]!.setBy,
    })),
  };
}
