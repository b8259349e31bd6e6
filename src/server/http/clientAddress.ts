import type { IncomingMessage } from 'node:http';

/**
 * The caller's address, for throttling and logs. Without a trusted proxy it is the socket's peer.
 *
 * With `trustProxy`, it is the right-most `X-Forwarded-For` entry: the address our proxy itself saw
 * and appended. Everything to its left came from the caller and can be forged (a client sends
 * `X-Forwarded-For: 1.2.3.4` to look like someone else), so taking the left-most would let anyone
 * pick the address their failed sign-ins count against. This trusts exactly one proxy hop; behind
 * a chain of proxies the right-most entry is the last proxy's peer, which is still never forged.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return peer;
  const header = req.headers['x-forwarded-for'];
  // Node joins repeated X-Forwarded-For headers with ", ", so the last entry is the last hop's either way.
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]?.trim();
    if (entry) return entry;
  }
  return peer;
}
