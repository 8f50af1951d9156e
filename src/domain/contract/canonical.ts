/**
 * The canonical form of a contract version and its digest (contract.md, "Versions"): the validated contract
 * with every default filled in (the `Contract` value), as JSON with keys sorted and no whitespace, in UTF-8.
 * The serialisation is that of RFC 8785 (JSON Canonicalization Scheme): keys sorted by UTF-16 code units,
 * strings and numbers as ECMAScript's JSON.stringify writes them. Every number in a contract is an integer
 * except mean-score and NPS targets, which have at most 4 decimals.
 */
import { sha256Hex } from '../sha256.js';
import type { Contract } from './types.js';

function write(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new RangeError(`canonical JSON cannot hold ${value}`);
      return JSON.stringify(Object.is(value, -0) ? 0 : value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(write).join(',')}]`;
      const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const parts: string[] = [];
      for (const key of keys) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${write(v)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/** Any JSON-like value in canonical form (sorted keys, no whitespace). */
export function canonicalize(value: unknown): string {
  return write(value);
}

/** The canonical form of a validated contract: the exact text whose SHA-256 is its digest. */
export function canonicalJson(contract: Contract): string {
  return write(contract);
}

/**
 * `sha256:` + the hex SHA-256 of the UTF-8 bytes of the canonical form. The pure hash, so that the browser
 * gets the same digest; a canonical form is a few kilobytes.
 */
export function contractDigest(contract: Contract): string {
  return `sha256:${sha256Hex(canonicalJson(contract))}`;
}
