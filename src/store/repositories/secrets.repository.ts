/**
 * Secrets every instance on one database must share (the key of the signed acknowledge links): the first
 * instance that needs one stores it, every other reads that one.
 */
import type { StoreDb } from '../schema.js';

export interface SecretsRepository {
  /** The secret named `name`; `candidate` becomes it when none is stored yet. */
  obtain(name: string, candidate: string, at: number): Promise<string>;
}

export function secretsRepository(db: StoreDb): SecretsRepository {
  return {
    async obtain(name, candidate, at) {
      await db
        .insertInto('server_secrets')
        .values({ name, value: candidate, created_at: at })
        .onConflict((oc) => oc.doNothing())
        .execute();
      const row = await db
        .selectFrom('server_secrets')
        .select('value')
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return row.value;
    },
  };
}
