import type { Socket } from 'node:net';
import { TRPCError } from '@trpc/server';
import { handleKeepAlive } from '@trpc/server/adapters/ws';
import type { TRPCRequestInfo } from '@trpc/server/http';
import type { TRPCClientOutgoingMessage, TRPCResponseMessage } from '@trpc/server/rpc';
import {
  callProcedure,
  getErrorShape,
  getTRPCErrorFromUnknown,
  parseConnectionParamsFromUnknown,
  parseTRPCMessage,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { TokenClaims } from '../auth/tokens.js';
import { bearerToken, contextOf, type AppDeps } from '../context.js';
import { encodedText, encodeSuperjson } from '../events/encode.js';
import { RetryLaterError, toTRPCError, UnauthorizedError } from '../errors.js';
import { createCallBudget } from '../live/callBudget.js';
import { CLOSE } from '../live/connections.js';
import { LiveStream, type StreamSink } from '../live/engine.js';
import type { AppRouter } from '../router.js';
import { createEventWire, type EventWire, type SubscriptionHeads } from './wire.js';
import type { LiveEvent } from '../events/types.js';

export interface WsLimits {
  /** Bytes a socket may hold unsent (answers and events alike) before its peer counts as not reading. */
  maxBufferedBytes: number;
  callsPerSecond: number;
  callBurst: number;
  maxSubscriptions: number;
  pingMs: number;
  pongWaitMs: number;
}

export interface WsHandlerOptions {
  router: AppRouter;
  deps: AppDeps;
  logger: Logger;
  onError: (opts: { error: TRPCError; path?: string | undefined }) => void;
  limits: WsLimits;
  verify: (token: string) => Promise<TokenClaims | null>;
}

type Id = string | number;

/** A client that ignores this many refusals in a row is disconnected (CLOSE.rateLimited). */
const REFUSALS_BEFORE_CLOSE = 50;
/**
 * Calls one connection runs at once; the rest wait their turn, and those of a connection that has
 * gone are never run. On PostgreSQL every call waits for a pooled connection, so a peer that
 * sends thousands of calls in a few frames would otherwise queue them all in the pool, ahead of
 * everyone else's, and keep it busy long after it was cut off.
 */
const CALLS_IN_FLIGHT = 32;

/**
 * tRPC's WebSocket protocol, as `wsLink` speaks it. Each socket is a `Connection` (live/connections.ts):
 * authenticated once at connect (a bad token is refused with CLOSE.unauthorized, never served as
 * anonymous), re-authenticated by `auth.refresh`, and limited in calls, subscriptions and unsent bytes.
 * Subscriptions run through the live engine into this socket as a sink, each event's frame encoded
 * once for every subscriber.
 */
export function createWsHandler(opts: WsHandlerOptions) {
  const config = opts.router._def._config;
  const { deps, limits, logger } = opts;
  const wire = createEventWire();

  function onConnection(socket: WebSocket, authorization: string | undefined, address: string, wantsParams: boolean): void {
    // ws has no public handle on its TCP socket; we need it to cork bursts and to pause reading.
    const tcp = (socket as unknown as { _socket?: Socket })._socket;
    const connection = deps.connections.open({
      transport: 'ws',
      address,
      close: (code, reason) => {
        if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
      },
    });
    logger.info({ connection: connection.id, transport: 'ws' }, 'connection opened');
    const subscriptions = new Map<Id, { stop(): void } | null>();
    // Made on first need: few connections ever stop a subscription before it has started.
    let stoppedEarly: Set<Id> | undefined;
    const budget = createCallBudget(limits.callsPerSecond, limits.callBurst, () => deps.clock.now().getTime());
    handleKeepAlive(socket, limits.pingMs, limits.pongWaitMs);

    /**
     * Answers are bounded like events (issue: a peer that sends calls and never reads made the
     * server buffer without limit). Past MAX_SUBSCRIBER_BUFFER_BYTES unsent, answers wait in a
     * small outbox and the socket's calls are no longer read until it drains; an outbox past the
     * same bound means the peer is not reading at all, and the connection is terminated.
     */
    let outbox: (string | Buffer)[] | null = null;
    let outboxBytes = 0;
    const flushOutbox = () => {
      while (outbox && outbox.length > 0 && socket.bufferedAmount <= limits.maxBufferedBytes) {
        const next = outbox.shift() as string | Buffer;
        outboxBytes -= next.length;
        socket.send(next, { binary: false });
      }
      if (outbox && outbox.length > 0) return void drainedOrClosed(tcp).then(flushOutbox);
      outbox = null;
      tcp?.resume();
    };
    const send = (data: string | Buffer) => {
      if (socket.readyState !== socket.OPEN) return;
      if (!outbox && socket.bufferedAmount <= limits.maxBufferedBytes) return socket.send(data, { binary: false });
      if (outboxBytes + data.length > limits.maxBufferedBytes) {
        logger.warn({ connection: connection.id, bufferedBytes: socket.bufferedAmount }, 'connection not reading its answers; terminated');
        socket.terminate();
        return;
      }
      if (!outbox) {
        outbox = [];
        tcp?.pause();
        void drainedOrClosed(tcp).then(flushOutbox);
      }
      outbox.push(data);
      outboxBytes += data.length;
    };
    /** Events (bounded by the engine, per subscription) and the message that ends a stream go straight out. */
    const sendNow = (data: string | Buffer) => {
      if (socket.readyState === socket.OPEN) socket.send(data, { binary: false });
    };
    const respond = (message: TRPCResponseMessage, ending = false) => (ending ? sendNow : send)(JSON.stringify(transformTRPCResponse(config, message)));
    const respondError = (id: Id | null, cause: unknown, path?: string, type: 'query' | 'mutation' | 'subscription' | 'unknown' = 'unknown', jsonrpc?: '2.0', ending = false) => {
      const error = getTRPCErrorFromUnknown(cause);
      opts.onError({ error, path });
      respond({ id, jsonrpc, error: getErrorShape({ config, error, type, path, input: undefined, ctx: contextOf(deps, connection) }) }, ending);
    };

    /**
     * A token that does not verify is refused, never served as anonymous. Calls that came with it
     * (wsLink sends its queue right behind the connectionParams) are answered UNAUTHORIZED so their
     * callers hear why; then the socket closes with CLOSE.unauthorized.
     */
    const authenticate = async (token: string | null) => {
      if (!token) return true;
      const user = await opts.verify(token);
      if (user) {
        deps.connections.authenticate(connection, user, token);
        return true;
      }
      logger.info({ connection: connection.id, transport: 'ws' }, 'connection refused: invalid or expired token');
      setTimeout(() => connection.close(CLOSE.unauthorized, 'invalid or expired token'), 100).unref();
      return false;
    };
    const fromParams = (text: string) => {
      try {
        const params = parseConnectionParams(text);
        deps.connections.identifyVisitor(connection, params?.['visitorId'] ?? null);
        return authenticate(params?.['token'] ?? bearerToken(authorization));
      } catch (cause) {
        respondError(null, cause);
        connection.close(1008, 'malformed connectionParams');
        return Promise.resolve(false);
      }
    };
    let ready: Promise<boolean> | null = wantsParams ? null : authenticate(bearerToken(authorization));

    // What every subscription of this connection writes through: one object per connection, not per stream.
    const io: SubscriptionIo = {
      socket,
      tcp,
      maxBufferedBytes: limits.maxBufferedBytes,
      sendNow,
      ended: (id, jsonrpc, path, error) => {
        subscriptions.delete(id);
        if (error) {
          if (error.code !== 'TOO_MANY_REQUESTS' && error.code !== 'PRECONDITION_FAILED') logger.info({ connection: connection.id, path, code: error.code }, 'stream ended');
          respondError(id, error, path, 'subscription', jsonrpc, true);
        } else respond({ id, jsonrpc, result: { type: 'stopped' } }, true);
      },
    };
    const startSubscription = (id: Id, jsonrpc: '2.0' | undefined, path: string, stream: LiveStream<unknown>) => {
      subscriptions.set(id, deps.live.run(stream, new WsStreamSink(io, wire, id, jsonrpc, path), connection));
      respond({ id, jsonrpc, result: { type: 'started' } });
    };

    let inFlight = 0;
    const waitingTurn: (() => void)[] = [];
    const endTurn = () => {
      const next = waitingTurn.shift();
      if (next) next();
      else inFlight--;
    };
    const callTurn = (): Promise<() => void> => {
      if (inFlight < CALLS_IN_FLIGHT) {
        inFlight++;
        return Promise.resolve(endTurn);
      }
      return new Promise((resolve) => waitingTurn.push(() => resolve(endTurn)));
    };

    const handle = async (msg: TRPCClientOutgoingMessage, batchIndex: number) => {
      const { id, jsonrpc } = msg;
      if (id === null) return respondError(null, new TRPCError({ code: 'PARSE_ERROR', message: '`id` is required' }));
      if (msg.method === 'subscription.stop') {
        const running = subscriptions.get(id);
        // A stop can overtake its own start (which is still authorizing): remember it.
        if (running === null) (stoppedEarly ??= new Set()).add(id);
        running?.stop();
        return;
      }
      const { path, lastEventId } = msg.params;
      const type = msg.method;
      let input: unknown = msg.params.input;
      if (lastEventId !== undefined) input = typeof input === 'object' && input !== null ? { ...input, lastEventId } : (input ?? { lastEventId });
      try {
        // Synchronously, before any await: a stop in the same frame must find its start registered.
        const wait = budget.take();
        if (wait > 0) {
          if (budget.refusedInARow >= REFUSALS_BEFORE_CLOSE) connection.close(CLOSE.rateLimited, 'too many calls');
          throw new RetryLaterError(`Too many calls on this connection; slow down (at most ${limits.callsPerSecond} per second).`, Math.ceil(wait));
        }
        if (type === 'subscription') {
          if (subscriptions.has(id)) throw new TRPCError({ code: 'BAD_REQUEST', message: `Duplicate id ${id}` });
          if (limits.maxSubscriptions > 0 && subscriptions.size >= limits.maxSubscriptions) {
            throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `At most ${limits.maxSubscriptions} subscriptions per connection.` });
          }
          subscriptions.set(id, null);
        }
        if (!(await ready)) {
          if (type === 'subscription') subscriptions.delete(id);
          throw new UnauthorizedError('Your sign-in is invalid or has expired; sign in again.');
        }
        let result: unknown;
        const release = await callTurn();
        try {
          if (socket.readyState !== socket.OPEN) return;
          result = await callProcedure({ router: opts.router, path, getRawInput: () => Promise.resolve(input), ctx: contextOf(deps, connection), type, signal: undefined, batchIndex });
        } finally {
          release();
          if (type === 'subscription' && subscriptions.get(id) === null) subscriptions.delete(id);
        }
        if (type !== 'subscription') return send(dataMessage(id, jsonrpc, result));
        if (!(result instanceof LiveStream)) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `${path} is not a live stream` });
        if (socket.readyState !== socket.OPEN) return;
        if (stoppedEarly?.delete(id)) return respond({ id, jsonrpc, result: { type: 'stopped' } });
        startSubscription(id, jsonrpc, path, result);
      } catch (cause) {
        stoppedEarly?.delete(id);
        respondError(id, toTRPCError(cause), path, type, jsonrpc);
      }
    };

    socket.on('message', (raw: Buffer, isBinary: boolean) => {
      const text = raw.toString('utf8');
      if (!isBinary && (text === 'PONG' || text === 'PING')) {
        if (text === 'PING') send('PONG');
        return;
      }
      if (!ready) {
        ready = fromParams(text);
        return;
      }
      let messages: TRPCClientOutgoingMessage[];
      try {
        const json: unknown = JSON.parse(text);
        messages = (Array.isArray(json) ? json : [json]).map((m) => parseTRPCMessage(m, config.transformer));
      } catch (cause) {
        return respondError(null, new TRPCError({ code: 'PARSE_ERROR', cause: cause instanceof Error ? cause : undefined }));
      }
      messages.forEach((m, i) => void handle(m, i));
    });
    socket.on('error', (cause) => opts.onError({ error: getTRPCErrorFromUnknown(cause) }));
    socket.once('close', (code) => {
      deps.connections.closed(connection);
      subscriptions.clear();
      logger.info({ connection: connection.id, transport: 'ws', code }, 'connection closed');
    });
  }

  return {
    onConnection,
    /** Tells every client to reconnect (to this instance when it is back, or to another). */
    broadcastReconnect(sockets: Iterable<WebSocket>): void {
      const message = JSON.stringify({ id: null, method: 'reconnect' });
      for (const socket of sockets) if (socket.readyState === socket.OPEN) socket.send(message);
    },
  };
}

/**
 * `JSON.stringify({ id, jsonrpc, result: { type: 'data', data: superjson.serialize(data) } })`, the
 * data part written once by encodeSuperjson instead of copied by superjson and stringified again.
 * The router's transformer is superjson (trpc.ts), which is what wsLink decodes with.
 */
export function dataMessage(id: Id, jsonrpc: '2.0' | undefined, data: unknown): string {
  const rpc = jsonrpc === undefined ? '' : `"jsonrpc":${JSON.stringify(jsonrpc)},`;
  return `{"id":${JSON.stringify(id)},${rpc}"result":{"type":"data","data":${encodedText(encodeSuperjson(data))}}}`;
}

interface SubscriptionIo {
  socket: WebSocket;
  tcp: Socket | undefined;
  maxBufferedBytes: number;
  sendNow(data: Buffer): void;
  ended(id: Id, jsonrpc: '2.0' | undefined, path: string, error: TRPCError | null): void;
}

/** One WebSocket subscription as the engine's sink: its frames encoded once per event (wire.ts), written to the socket. */
class WsStreamSink implements StreamSink {
  private readonly heads: SubscriptionHeads;

  constructor(
    private readonly io: SubscriptionIo,
    private readonly wire: EventWire,
    private readonly id: Id,
    private readonly jsonrpc: '2.0' | undefined,
    private readonly path: string,
  ) {
    this.heads = wire.heads(id, jsonrpc);
  }

  send(events: readonly LiveEvent[]): void {
    const { tcp } = this.io;
    // One publish (an order makes several events per shop) leaves in a single TCP write.
    tcp?.cork();
    for (const event of events) this.io.sendNow(this.wire.frame(this.heads, event));
    tcp?.uncork();
  }

  full(): boolean {
    return this.io.socket.bufferedAmount > this.io.maxBufferedBytes;
  }

  busy(): boolean {
    return this.io.socket.bufferedAmount > this.io.maxBufferedBytes / 2;
  }

  drained(): Promise<void> {
    return drainedOrClosed(this.io.tcp);
  }

  end(error: TRPCError | null): void {
    this.io.ended(this.id, this.jsonrpc, this.path, error);
  }
}

/** Resolves once the socket takes what it holds, or is gone (so a paced replay never waits forever). */
function drainedOrClosed(tcp: Socket | undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!tcp || tcp.destroyed) return resolve();
    const done = () => {
      tcp.off('drain', done);
      tcp.off('close', done);
      resolve();
    };
    tcp.once('drain', done);
    tcp.once('close', done);
  });
}

/** The first message of a `?connectionParams=1` connection: `{ method: 'connectionParams', data }`. */
function parseConnectionParams(text: string): TRPCRequestInfo['connectionParams'] {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch (cause) {
    throw new TRPCError({ code: 'PARSE_ERROR', message: 'Malformed connectionParams message', cause: cause instanceof Error ? cause : undefined });
  }
  if (typeof message !== 'object' || message === null) throw new TRPCError({ code: 'PARSE_ERROR', message: 'Malformed connectionParams message' });
  return parseConnectionParamsFromUnknown((message as { data?: unknown }).data);
}
