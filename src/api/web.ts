/**
 * The dashboard's files (docs/dashboard.md): `npm run build` puts the Vite build of `web/` into `dist/web`,
 * and `accord serve` answers `/` and the addresses people bookmark (interfaces.md, Dashboard) with its
 * `index.html`, whose router then draws the page. Only files that the build wrote are served (listed once at
 * start, so no request path ever reaches the file system), and nothing under `/api/` is ever shadowed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import type { AccordApp } from './context.js';

/** `dist/web` of the package: this file is `src/api/web.ts` or `dist/api/web.js`, two folders down. */
export function defaultWebDir(): string {
  return fileURLToPath(new URL('../../dist/web', import.meta.url));
}

/** The dashboard's client-side addresses: the page is drawn in the browser from `index.html`. */
export const DASHBOARD_PATHS: readonly RegExp[] = [
  /^\/$/,
  /^\/sign-in$/,
  /^\/setup$/,
  /^\/contracts$/,
  /^\/contracts\/[^/]+(\/[^/]+)*$/,
];

export function isDashboardPath(path: string): boolean {
  return DASHBOARD_PATHS.some((p) => p.test(path));
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

interface WebFile {
  readonly body: Uint8Array;
  readonly type: string;
  /** Vite names files under `assets/` by their content's hash: they never change under a name. */
  readonly immutable: boolean;
}

function listFiles(dir: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const rel = `/${relative(dir, path).split(sep).join('/')}`;
        files.set(rel, {
          body: readFileSync(path),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
          immutable: rel.startsWith('/assets/'),
        });
      }
    }
  };
  walk(dir);
  return files;
}

function send(c: Context, file: WebFile): Response {
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    'content-type': file.type,
    // index.html is checked every time (it names the current assets); hashed assets are kept for a year.
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
}

/**
 * Serves the built dashboard from `dir`. When the build is missing, the dashboard's addresses answer with a
 * page that says how to build it, and the API works as before.
 */
export function registerWebApp(app: AccordApp, dir: string): void {
  const files = existsSync(join(dir, 'index.html')) ? listFiles(dir) : undefined;
  const index = files?.get('/index.html');
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/api/')) return next();
    const file = files?.get(path);
    if (file !== undefined && path !== '/index.html') return send(c, file);
    if (!isDashboardPath(path)) return next();
    if (index === undefined)
      return c.text(
        `The dashboard is not built (no ${join(dir, 'index.html')}): run "npm run build", then start the server again.\n`,
        503,
        { 'cache-control': 'no-store' },
      );
    return send(c, index);
  });
}
