import type { IncomingMessage, ServerResponse } from 'node:http';
import { isOriginAllowed, requestOrigin, type AllowedOrigins } from './origins.js';

export interface CorsPolicy {
  allowed: AllowedOrigins;
  /** Behind a trusted proxy its X-Forwarded-Proto says whether the browser came over https. */
  trustProxy: boolean;
}

/**
 * What a request's Origin earns it: `allowOrigin` is the value for Access-Control-Allow-Origin
 * (null when the request names no origin), `refused` the origin that may not call at all.
 * Answers always carry `Vary: Origin`, since whether they allow the origin depends on it.
 */
export type CorsDecision = { refused: null; allowOrigin: string | null } | { refused: string; allowOrigin: null };

export function corsDecision(req: IncomingMessage, policy: CorsPolicy): CorsDecision {
  const origin = req.headers.origin;
  if (origin === undefined) return { refused: null, allowOrigin: null };
  return isOriginAllowed(origin, policy.allowed, requestOrigin(req, policy.trustProxy))
    ? { refused: null, allowOrigin: origin }
    : { refused: origin, allowOrigin: null };
}

/** A browser's preflight (OPTIONS) before a cross-origin call: allowed origins learn what they may send. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, decision: CorsDecision): void {
  res.setHeader('vary', 'origin, access-control-request-headers');
  if (decision.refused !== null) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(`Origin ${decision.refused} is not allowed to call this server (ALLOWED_ORIGINS)`);
    return;
  }
  res.setHeader('allow', 'GET, POST, OPTIONS');
  if (decision.allowOrigin !== null) {
    res.setHeader('access-control-allow-origin', decision.allowOrigin);
    res.setHeader('access-control-allow-methods', 'GET, POST');
    // Calls carry a bearer token, not cookies, so whatever headers an allowed page's client adds may come.
    const requested = req.headers['access-control-request-headers'];
    if (requested) res.setHeader('access-control-allow-headers', requested);
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(204);
  res.end();
}
