/** The two databases a store runs on. */
export type Dialect = 'sqlite' | 'postgres';
