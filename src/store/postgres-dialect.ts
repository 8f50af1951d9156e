/**
 * PostgreSQL as Kysely's dialect, with an introspector that looks at the store's own schema only.
 *
 * Kysely's migrator asks the introspector whether its `kysely_migration` table exists. The stock
 * introspector lists the tables of every schema in the database and calls name-resolving functions
 * (`has_schema_privilege(nspname, …)`, `pg_get_serial_sequence`) on each: when someone else drops a schema
 * during that query (another test worker, another store on the same server), opening this store fails with
 * `schema "…" does not exist`. Looking at `current_schema()` alone — the schema the store's `search_path`
 * names — takes no part in anyone else's schemas, and is faster where there are many.
 */
import {
  type DatabaseIntrospector,
  type DatabaseMetadataOptions,
  type Kysely,
  PostgresDialect,
  PostgresIntrospector,
  sql,
  type TableMetadata,
} from 'kysely';

interface ColumnRow {
  schema: string;
  table: string;
  kind: string;
  column: string;
  type: string;
  type_schema: string;
  not_null: boolean;
  has_default: boolean;
  serial: boolean;
}

const KYSELY_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

class OwnSchemaIntrospector extends PostgresIntrospector {
  // Kysely's own signature: the introspector works on whatever schema it is given.
  // biome-ignore lint/suspicious/noExplicitAny: as Kysely's DatabaseIntrospector declares it
  constructor(private readonly database: Kysely<any>) {
    super(database);
  }

  override async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    // Only OID joins and plain comparisons: nothing here resolves another schema's name.
    const { rows } = await sql<ColumnRow>`
      select ns.nspname as schema, c.relname as table, c.relkind as kind, a.attname as column,
             t.typname as type, tns.nspname as type_schema, a.attnotnull as not_null,
             a.atthasdef as has_default,
             coalesce(pg_get_expr(d.adbin, d.adrelid) like 'nextval(%', false) as serial
      from pg_catalog.pg_namespace ns
      join pg_catalog.pg_class c on c.relnamespace = ns.oid
      join pg_catalog.pg_attribute a on a.attrelid = c.oid
      join pg_catalog.pg_type t on t.oid = a.atttypid
      join pg_catalog.pg_namespace tns on tns.oid = t.typnamespace
      left join pg_catalog.pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
      where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
        and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`.execute(this.database);
    const tables = new Map<string, TableMetadata & { columns: TableMetadata['columns'][number][] }>();
    for (const r of rows) {
      if (!options.withInternalKyselyTables && KYSELY_TABLES.has(r.table)) continue;
      let table = tables.get(r.table);
      if (table === undefined) {
        table = { name: r.table, schema: r.schema, isView: r.kind === 'v', columns: [] };
        tables.set(r.table, table);
      }
      table.columns.push({
        name: r.column,
        dataType: r.type,
        dataTypeSchema: r.type_schema,
        isNullable: !r.not_null,
        hasDefaultValue: r.has_default,
        isAutoIncrementing: r.serial,
      });
    }
    return [...tables.values()];
  }
}

export class OwnSchemaPostgresDialect extends PostgresDialect {
  // biome-ignore lint/suspicious/noExplicitAny: as Kysely's Dialect declares it
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db);
  }
}
