import Database from 'better-sqlite3';
const db = new Database('/tmp/b7/accord.db', { readonly: true });
db.pragma(`cache_size = -8192`);
const from = Date.parse('2026-09-30T22:00:00Z'), to = Date.parse('2026-10-31T23:00:00Z');
const t = (name, q) => { const st = db.prepare(q).raw(true); const t0 = performance.now(); let n = 0; for (const r of st.iterate(from, to)) n++; console.log(name.padEnd(12), n, (performance.now() - t0).toFixed(0), 'ms'); };
const base = `source||char(9)||channel, key, created_at, answered_at, abandoned_at, first_response_at, resolved_at, first_resolved_at, reopen_count, handle_seconds, first_time_right, rowid`;
const w = ` from contacts where created_at >= ? and created_at < ? order by created_at, source, key`;
console.log(db.prepare('select attributes from contacts limit 3').pluck().all());
for (let i = 0; i < 2; i++) {
t('full', `select ${base}, attributes, digest ${w}`);
t('jsonx', `select ${base}, json_extract(attributes, '$.customer_tier'), digest ${w}`);
t('noattr', `select ${base}, digest ${w}`);
t('nodigest', `select ${base} ${w}`);
t('nokey', `select source||char(9)||channel, created_at, answered_at, abandoned_at, first_response_at, resolved_at, first_resolved_at, reopen_count, handle_seconds, first_time_right, rowid ${w}`);
t('5cols', `select created_at, answered_at, abandoned_at, first_response_at, resolved_at ${w}`);
t('1col', `select created_at ${w}`);
}
