/** Putting the app on a port (`accord serve`, and the test over a real port). */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { AccordApp } from './app.js';

/** How long close() lets running requests finish before it cuts their connections. */
export const CLOSE_GRACE_MS = 2000;

export interface RunningServer {
  /** `http://127.0.0.1:8080` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0: any free port) and resolves once the socket is open. */
export function startServer(app: AccordApp, options: { port: number; host: string }): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host },
      (info: AddressInfo) => {
        server.off('error', reject);
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: () =>
            new Promise<void>((done, fail) => {
              const http = server as {
                closeIdleConnections?: () => void;
                closeAllConnections?: () => void;
              };
              // Requests still running after the grace period are cut off: a stop never waits on a client.
              const cutOff = setTimeout(() => http.closeAllConnections?.(), CLOSE_GRACE_MS);
              cutOff.unref();
              server.close((e) => {
                clearTimeout(cutOff);
                if (e) fail(e);
                else done();
              });
              // Idle keep-alive connections would hold close() open.
              http.closeIdleConnections?.();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
