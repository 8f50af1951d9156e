/**
 * docs/api.md keeps up with the routes (issue 12.11): every route of the OpenAPI document is a row of the
 * Routes table, and every route that needs a role is a row of the Roles table (`…/` abbreviates
 * `/api/v1/contracts/{contractId}` there; `{id}` and `{contractId}` are the same placeholder).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIALECTS, useStore } from '../support/stores.js';
import { buildWorld, call } from './support.js';

const DOC = readFileSync(resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');
/** The public routes, which the Roles section names in a sentence instead. */
const PUBLIC = new Set([
  'POST /api/v1/setup',
  'POST /api/v1/session',
  'GET /api/v1/alerts/acknowledge',
  'POST /api/v1/alerts/acknowledge',
  'POST /api/v1/webhooks/{system}/{source}',
]);

/** The first cells of the rows of the table under `## heading`, placeholders as `{}`, queries left out. */
function firstCells(heading: string): string[] {
  const section = DOC.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `') || l.startsWith('| GET') || l.startsWith('| POST'))
    .map((l) => (l.split('|')[1] ?? '').replace(/\{[^}]*\}/g, '{}').replace(/\?[^`]*/g, ''));
}

const listed = (cells: readonly string[], method: string, path: string) =>
  cells.some((cell) => cell.includes(method) && new RegExp(`${escapeRegExp(path)}(?=[\`\\[ ]|$)`).test(cell));
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(DIALECTS.slice(0, 1))('docs/api.md on $name', (d) => {
  const t = useStore(d);

  it('lists every route in the Routes table and every guarded route in the Roles table', async () => {
    const w = await buildWorld(t.store);
    const doc = await call(w.app, 'GET', '/api/v1/openapi.json');
    const routes = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })),
    );
    expect(routes.length).toBeGreaterThan(30);
    const routeCells = firstCells('Routes');
    const roleCells = firstCells('Roles');
    const missing: string[] = [];
    for (const { method, path } of routes) {
      const normal = path.replace(/\{[^}]*\}/g, '{}');
      if (!listed(routeCells, method, normal)) missing.push(`Routes: ${method} ${path}`);
      if (PUBLIC.has(`${method} ${path}`)) continue;
      const short =
        normal === '/api/v1/contracts/{}' ? '…/{}' : normal.replace(/^\/api\/v1\/contracts\/\{\}(?=\/)/, '…');
      if (!listed(roleCells, method, short)) missing.push(`Roles: ${method} ${path}`);
    }
    expect(missing.join('\n')).toBe('');
  });
});
