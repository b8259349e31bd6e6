import type { IncomingMessage } from 'node:http';

/** `ALLOWED_ORIGINS` parsed: `'*'` for any origin, else the listed origins (the server's own is always allowed). */
export type AllowedOrigins = '*' | readonly string[];

/**
 * Reads `ALLOWED_ORIGINS`: a comma-separated list of origins (`https://shop.example.com`), or `*`.
 * Each is normalized as a browser would send it (lower-case host, default port dropped), so a
 * listed `https://Shop.example.com:443/` still matches. Throws on anything that is not an origin.
 */
export function parseAllowedOrigins(text: string | undefined): AllowedOrigins {
  const items = (text ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (items.includes('*')) return '*';
  return items.map((item) => {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new Error(`"${item}" is not an origin (like https://shop.example.com)`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username) {
      throw new Error(`"${item}" is not an origin (scheme, host and port only, like https://shop.example.com)`);
    }
    return url.origin;
  });
}

/**
 * Whether a request carrying this `Origin` header may be served. No header means no browser page
 * made a cross-origin call (programs, curl, same-origin navigations), so there is nothing to check.
 */
export function isOriginAllowed(origin: string | undefined, allowed: AllowedOrigins, ownOrigin: string): boolean {
  if (origin === undefined) return true;
  if (origin === ownOrigin || allowed === '*') return true;
  return allowed.includes(origin);
}

/**
 * The origin a browser sees this server at: the Host it addressed, with https when the socket is
 * TLS or, behind a trusted proxy, when the proxy says the client came over https.
 */
export function requestOrigin(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): string {
  const forwardedProto = trustProxy ? firstValue(req.headers['x-forwarded-proto']) : undefined;
  const tls = 'encrypted' in req.socket && req.socket.encrypted === true;
  const scheme = forwardedProto === 'https' || (forwardedProto === undefined && tls) ? 'https' : 'http';
  return `${scheme}://${(req.headers.host ?? '').toLowerCase()}`;
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim().toLowerCase() || undefined;
}
