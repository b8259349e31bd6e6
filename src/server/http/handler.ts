import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpRoutes {
  trpc: Handler;
  /** Downloads outside tRPC (a CSV streams as a file, not as one JSON answer), by exact path. */
  downloads: Record<string, Handler>;
  health: () => { ok: boolean; body: Record<string, unknown> };
  metrics: () => Promise<{ contentType: string; body: string }>;
  /** METRICS_TOKEN: when set, /metrics answers only `Authorization: Bearer <it>`. */
  metricsToken: string | null;
  staticDir: string;
}

/** One port for everything: /health, /metrics, /trpc (HTTP side), downloads under /api/, and the built SPA. */
export function createRequestHandler(routes: HttpRoutes): Handler {
  const assets = existsSync(routes.staticDir) ? sirv(routes.staticDir, { single: true, etag: true, gzip: true }) : null;
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/health') {
      const { ok, body } = routes.health();
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
      return;
    }
    if (path === '/metrics') {
      if (routes.metricsToken !== null && !bearerMatches(req.headers.authorization, routes.metricsToken)) {
        res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' });
        res.end('Send the metrics token: Authorization: Bearer <METRICS_TOKEN>');
        return;
      }
      routes.metrics().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
          res.end(body);
        },
        () => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics failed');
        },
      );
      return;
    }
    const download = Object.hasOwn(routes.downloads, path) ? routes.downloads[path] : undefined;
    if (download) {
      download(req, res);
      return;
    }
    if (path === '/trpc' || path.startsWith('/trpc/')) {
      routes.trpc(req, res);
      return;
    }
    if (assets) {
      assets(req, res, () => notFound(res));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Shopwire</title><p>Shopwire API is running. Build the client with <code>npm run build</code>.</p>');
  };
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('Not found');
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const sent = Buffer.from(/^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  // Compared in constant time, so the answer's timing does not spell the token out.
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}
