import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import { callProcedure, getErrorShape, getTRPCErrorFromUnknown } from '@trpc/server/unstable-core-do-not-import';
import type { Logger } from 'pino';
import type { TokenClaims } from '../auth/tokens.js';
import { bearerToken, contextOf, type AppDeps } from '../context.js';
import { CLOSE, type Connection } from '../live/connections.js';
import { LiveStream } from '../live/engine.js';
import type { AppRouter } from '../router.js';
import { createSseWire } from './wire.js';

export interface SseOptions {
  router: AppRouter;
  deps: AppDeps;
  logger: Logger;
  onError: (opts: { error: TRPCError; path?: string | undefined }) => void;
  verify: (token: string) => Promise<TokenClaims | null>;
  maxBufferedBytes: number;
  /** A comment line this often keeps proxies from timing the response out. */
  pingMs: number;
}

const HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
};

/**
 * tRPC subscriptions over HTTP, as `httpSubscriptionLink` reads them (server-sent events), served
 * by the same live engine as the WebSocket: one response is one `Connection` with one stream, so
 * sign-out, expiry, connection limits, cursor checks and slow-consumer bounds hold here too.
 */
export function createSseHandler(opts: SseOptions) {
  const config = opts.router._def._config;
  const { deps, logger } = opts;
  const wire = createSseWire();

  return async function serveSubscription(req: IncomingMessage, res: ServerResponse, path: string, address: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // httpSubscriptionLink expects a 200 stream even for a refusal, which then arrives as its first event.
    const open = () => {
      if (res.headersSent) return;
      res.writeHead(200, HEADERS);
      res.write('event: connected\ndata: {}\n\n\n');
    };
    const write = (text: string) => {
      open();
      if (!res.writableEnded) res.write(text);
    };
    const fail = (cause: unknown, connection: Connection | null) => {
      const error = getTRPCErrorFromUnknown(cause);
      opts.onError({ error, path });
      const shape = getErrorShape({ config, error, type: 'subscription', path, input: undefined, ctx: connection ? contextOf(deps, connection) : undefined });
      write(`event: serialized-error\ndata: ${JSON.stringify(config.transformer.output.serialize(shape))}\n\n\n`);
      res.end();
    };

    const refusal = deps.connections.refusal(address);
    if (refusal) return fail(new TRPCError({ code: 'TOO_MANY_REQUESTS', message: refusal }), null);

    let input: unknown;
    let params: Record<string, string> | null;
    try {
      input = readInput(url, req, (json) => config.transformer.input.deserialize(json));
      params = readParams(url);
    } catch (cause) {
      return fail(cause, null);
    }

    const connection = deps.connections.open({
      transport: 'sse',
      address,
      close: (code, reason) => {
        if (res.writableEnded) return;
        // Signed out: an error the client reports (and does not reconnect on); anything else ends
        // the response, and EventSource comes back with Last-Event-ID.
        if (code === CLOSE.unauthorized) fail(new TRPCError({ code: 'UNAUTHORIZED', message: `Connection closed: ${reason}` }), connection);
        else res.end();
      },
    });
    deps.connections.identifyVisitor(connection, params?.['visitorId'] ?? null);
    const token = params?.['token'] ?? bearerToken(req.headers.authorization);
    const ping = setInterval(() => write(': ping\n\n'), opts.pingMs);
    res.once('close', () => {
      clearInterval(ping);
      deps.connections.closed(connection);
    });

    try {
      if (token) {
        const user = await opts.verify(token);
        if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Invalid or expired token; sign in again.' });
        deps.connections.authenticate(connection, user, token);
      }
      const result: unknown = await callProcedure({
        router: opts.router,
        path,
        getRawInput: () => Promise.resolve(input),
        ctx: contextOf(deps, connection),
        type: 'subscription',
        signal: undefined,
        batchIndex: 0,
      });
      if (!(result instanceof LiveStream)) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `${path} is not a live stream` });
      if (res.writableEnded || res.destroyed) return;
      open();
      deps.live.run(
        result,
        {
          send: (events) => {
            for (const event of events) write(wire.frame(event));
          },
          full: () => res.writableLength > opts.maxBufferedBytes,
          busy: () => res.writableLength > opts.maxBufferedBytes / 2,
          drained: () => new Promise<void>((resolve) => (res.writableNeedDrain ? res.once('drain', resolve).once('close', resolve) : resolve())),
          end: (error) => {
            if (res.writableEnded) return;
            if (error) return fail(error, connection);
            write('event: return\ndata: \n\n\n');
            res.end();
          },
        },
        connection,
      );
    } catch (cause) {
      logger.debug({ connection: connection.id, path }, 'sse subscription refused');
      fail(cause, connection);
    }
  };
}

/** The subscription's input, as httpSubscriptionLink sends it, with its resume id folded in. */
function readInput(url: URL, req: IncomingMessage, deserialize: (json: unknown) => unknown): unknown {
  const raw = url.searchParams.get('input');
  let input: unknown;
  try {
    input = raw === null ? undefined : deserialize(JSON.parse(raw));
  } catch {
    throw new TRPCError({ code: 'PARSE_ERROR', message: 'The input query parameter is not valid JSON' });
  }
  const header = req.headers['last-event-id'];
  const lastEventId = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('lastEventId') ?? url.searchParams.get('Last-Event-Id');
  if (!lastEventId) return input;
  return typeof input === 'object' && input !== null ? { ...input, lastEventId } : (input ?? { lastEventId });
}

function readParams(url: URL): Record<string, string> | null {
  const raw = url.searchParams.get('connectionParams');
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new TRPCError({ code: 'PARSE_ERROR', message: 'connectionParams is not valid JSON' });
  }
  if (typeof parsed !== 'object' || parsed === null || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'connectionParams must be an object of strings' });
  }
  return parsed as Record<string, string>;
}
