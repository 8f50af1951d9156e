/**
 * What a role may read of the records behind the figures (docs/api.md, Roles): finance sees the money —
 * evaluations, statements, trends — but no contact ids, neither in an evaluation's `warnings` nor in the
 * disputes of a contract (nor where a dispute's note names the contact).
 */
import type { Principal } from './roles.js';

/** Whether the caller may read contact ids (every role but finance). */
export function seesContacts(principal: Principal): boolean {
  return principal.role !== 'finance';
}

interface WithWarnings {
  readonly warnings?: readonly {
    readonly code: string;
    readonly contact: string | null;
    readonly message: string;
  }[];
}

/** The evaluation document without the contact ids of its warnings, for a caller who may not read them. */
export function redactEvaluation<T extends WithWarnings>(principal: Principal, doc: T): T {
  return seesContacts(principal) ? doc : withoutContactIds(doc);
}

/** The evaluation document without the contact ids of its warnings. */
export function withoutContactIds<T extends WithWarnings>(doc: T): T {
  if (doc.warnings === undefined) return doc;
  return { ...doc, warnings: doc.warnings.map((w) => ({ ...w, contact: null })) };
}

/** A dispute without its contact id (nor the id where the note names it), for a caller who may not read it. */
export function redactDispute<T extends { readonly contact: string; readonly note: string | null }>(
  principal: Principal,
  dispute: T,
): Omit<T, 'contact'> & { contact: string | null } {
  if (seesContacts(principal)) return dispute;
  const { contact, note } = dispute;
  return {
    ...dispute,
    contact: null,
    note: note === null || contact === '' ? note : note.split(contact).join('[contact]'),
  };
}
