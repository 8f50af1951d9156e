/**
 * The dashboard's files as `accord serve` answers them (src/api/web.ts): index.html for `/` and the
 * bookmarked addresses (interfaces.md, Dashboard), built files only, hashed assets cached for a year, the
 * API never shadowed, the security headers on every answer, and a clear answer when the build is missing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { tempFiles } from '../support/cli.js';
import { DIALECTS, useStore } from '../support/stores.js';
import { call, expectProblem, NOW, testPseudonymise } from './support.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head></html>';

function builtDir(): string {
  const dir = tempFiles({ 'index.html': INDEX, 'favicon.svg': '<svg/>' });
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  return dir;
}

describe('the dashboard served by the app', () => {
  const t = useStore(DIALECTS[0]!);

  it('answers the dashboard addresses with index.html and the built files, never over the API', async () => {
    const app = createApp({
      store: t.store,
      now: () => NOW,
      pseudonymise: testPseudonymise,
      webDir: builtDir(),
    });
    for (const path of [
      '/',
      '/sign-in',
      '/setup',
      '/contracts',
      '/contracts/acme/periods/2026-11',
      '/contracts/acme/periods/2026-11/metrics/phone-service-level',
      '/contracts/acme/live',
      '/contracts/acme/versions',
    ]) {
      const r = await call(app, 'GET', path);
      expect(r.status, path).toBe(200);
      expect(r.text, path).toBe(INDEX);
      expect(r.headers.get('content-type'), path).toContain('text/html');
      expect(r.headers.get('cache-control'), path).toBe('no-cache');
      expect(r.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
    }
    const js = await call(app, 'GET', '/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await call(app, 'GET', '/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
    // Not built, not a dashboard address, or the API: the API's own 404 problem.
    for (const path of [
      '/assets/missing.js',
      '/assets/../index.html',
      '/nope',
      '/api/v1/nothing',
      '/api/v1/contracts/x/y/z',
    ])
      expectProblem(await call(app, 'GET', path), 404);
    // The API works as before beside it.
    expect((await call(app, 'GET', '/healthz')).status).toBe(200);
  });

  it('says how to build the dashboard when it is not built, and the API still answers', async () => {
    const app = createApp({
      store: t.store,
      now: () => NOW,
      pseudonymise: testPseudonymise,
      webDir: tempFiles({}),
    });
    const r = await call(app, 'GET', '/contracts/acme/periods/2026-11');
    expect(r.status).toBe(503);
    expect(r.text).toContain('npm run build');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expectProblem(await call(app, 'GET', '/api/v1/nothing'), 404);
  });
});
