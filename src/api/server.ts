/** Putting the app on a port (`accord serve`, and the test over a real port). */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { AccordApp } from './app.js';

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
              server.close((e) => (e ? fail(e) : done()));
              // Idle keep-alive connections would hold close() open.
              (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
            }),
        });
      },
    );
    server.once('error', reject);
  });
}
