/**
 * Customers and agents. Customer ids are pseudonymous (`cus-…`, a bijective scramble of a pool index, so
 * two customers never share an id) and customers repeat: a third of the contacts come from a small group
 * of frequent contacters. About 10 % of customers have `customer_tier: premium`, a fixed fact per customer.
 * Agents work in one language team each.
 */
import { hash32, type Random } from './random.js';
import { LANGUAGE_SHARES, LANGUAGES } from './volume.js';

/** Customers in the pool per monthly contact; the pool does not depend on the number of months. */
const POOL_PER_CONTACT = 1.6;
const FREQUENT_SHARE_OF_POOL = 0.08;
const FREQUENT_SHARE_OF_CONTACTS = 0.35;
export const PREMIUM_SHARE = 0.1;
/** Contacts an agent handles in a month, roughly (60 a day, 20 working days, less shrinkage). */
const CONTACTS_PER_AGENT = 1100;

export const TIER_ATTRIBUTES = {
  premium: Object.freeze({ customer_tier: 'premium' }),
  standard: Object.freeze({ customer_tier: 'standard' }),
} as const;

export class CustomerPool {
  readonly size: number;
  private readonly frequent: number;
  private readonly key: number;
  private readonly premiumKey: number;

  constructor(seed: number, contactsPerMonth: number) {
    this.size = Math.max(20, Math.round(contactsPerMonth * POOL_PER_CONTACT));
    this.frequent = Math.max(1, Math.round(this.size * FREQUENT_SHARE_OF_POOL));
    this.key = hash32(seed, 0xc057);
    this.premiumKey = hash32(seed, 0x9e11);
  }

  draw(rng: Random): number {
    return rng.chance(FREQUENT_SHARE_OF_CONTACTS) ? rng.int(this.frequent) : rng.int(this.size);
  }

  /** `cus-0k3x9q2`: a bijection of the index (xor and odd multiplication modulo 2^32), in base 36. */
  id(index: number): string {
    const scrambled = Math.imul((index ^ this.key) >>> 0, 0x2c1b3c6d) >>> 0;
    return `cus-${scrambled.toString(36).padStart(7, '0')}`;
  }

  isPremium(index: number): boolean {
    return hash32(this.premiumKey, index) % 1000 < PREMIUM_SHARE * 1000;
  }
}

export class AgentTeams {
  private readonly teams: readonly (readonly string[])[];

  constructor(contactsPerMonth: number) {
    this.teams = LANGUAGES.map((lang, i) => {
      const size = Math.max(2, Math.ceil((contactsPerMonth * LANGUAGE_SHARES[i]!) / CONTACTS_PER_AGENT));
      const width = Math.max(3, String(size).length);
      return Array.from({ length: size }, (_, k) => `agent-${lang}-${String(k + 1).padStart(width, '0')}`);
    });
  }

  pick(language: number, rng: Random): string {
    const team = this.teams[language]!;
    return team[rng.int(team.length)]!;
  }

  size(language: number): number {
    return this.teams[language]!.length;
  }
}
