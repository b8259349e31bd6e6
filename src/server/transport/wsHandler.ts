import type { IncomingMessage } from 'node:http';
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
import type { WebSocket } from 'ws';
import type { Context } from '../context.js';
import { encodedText, encodeSuperjson } from '../events/encode.js';
import { isTopicStream, TOPIC_STREAM } from '../events/stream.js';
import type { AppRouter } from '../router.js';
import { startTopicSubscription } from './topicSubscription.js';
import { createEventWire } from './wire.js';

export interface WsHandlerOptions {
  router: AppRouter;
  /** Called once per connection, with the upgrade request's bearer header and the connectionParams. */
  createContext: (opts: { authorization: string | undefined; address: string; connectionParams: TRPCRequestInfo['connectionParams'] }) => Promise<Context>;
  onError: (opts: { error: TRPCError; path?: string | undefined }) => void;
  keepAlive: { pingMs: number; pongWaitMs: number };
  maxBufferedBytes: number;
}

type Id = string | number;

/**
 * tRPC's WebSocket protocol, as `wsLink` speaks it, with one difference from the stock adapter:
 * topic streams are pushed from the bus to the socket with each event serialized once
 * (see topicSubscription.ts), instead of a generator, a superjson walk and a JSON.stringify
 * per subscriber per event. Queries, mutations and other subscriptions behave as in the stock one.
 */
export function createWsHandler(opts: WsHandlerOptions) {
  const config = opts.router._def._config;
  const wire = createEventWire();
  // Each open socket with its context once made (for closing a signed-out token's connections).
  const sockets = new Map<WebSocket, Context | undefined>();

  function onConnection(socket: WebSocket, req: IncomingMessage): void {
    sockets.set(socket, undefined);
    const subscriptions = new Map<Id, () => void>();
    let ctx: Context | undefined;
    handleKeepAlive(socket, opts.keepAlive.pingMs, opts.keepAlive.pongWaitMs);

    const respond = (message: TRPCResponseMessage) => socket.send(JSON.stringify(transformTRPCResponse(config, message)));
    // The common answer, built directly: tRPC's generic transform spends more on object spreads than on the data.
    const respondData = (id: Id, jsonrpc: '2.0' | undefined, data: unknown) => socket.send(dataMessage(id, jsonrpc, data));
    const respondError = (id: Id | null, cause: unknown, path?: string, type: 'query' | 'mutation' | 'subscription' | 'unknown' = 'unknown', jsonrpc?: '2.0') => {
      const error = getTRPCErrorFromUnknown(cause);
      opts.onError({ error, path });
      respond({ id, jsonrpc, error: getErrorShape({ config, error, type, path, input: undefined, ctx }) });
    };

    const makeContext = async (readParams: () => TRPCRequestInfo['connectionParams']) => {
      try {
        const connectionParams = readParams();
        ctx = await opts.createContext({ authorization, address, connectionParams });
        if (sockets.has(socket)) sockets.set(socket, ctx);
        return true;
      } catch (cause) {
        respondError(null, cause);
        setImmediate(() => socket.close());
        return false;
      }
    };
    // Only these three are read from the upgrade request, so the request itself is not kept for the
    // connection's lifetime: an idle subscriber's memory is the figure that counts here.
    const authorization = req.headers.authorization;
    const address = req.socket.remoteAddress ?? 'unknown';
    const wantsParams = new URL(req.url ?? '/', 'http://localhost').searchParams.get('connectionParams') === '1';
    let ready: Promise<boolean> | null = wantsParams ? null : makeContext(() => null);

    const handle = async (msg: TRPCClientOutgoingMessage, batchIndex: number) => {
      const { id, jsonrpc } = msg;
      if (id === null) return respondError(null, new TRPCError({ code: 'PARSE_ERROR', message: '`id` is required' }));
      if (msg.method === 'subscription.stop') return subscriptions.get(id)?.();
      const { path, lastEventId } = msg.params;
      let input: unknown = msg.params.input;
      if (lastEventId !== undefined) input = typeof input === 'object' && input !== null ? { ...input, lastEventId } : (input ?? { lastEventId });
      const type = msg.method;
      try {
        if (!(await ready)) return;
        const result: unknown = await callProcedure({
          router: opts.router,
          path,
          getRawInput: () => Promise.resolve(input),
          ctx,
          type,
          signal: undefined,
          batchIndex,
        });
        if (type !== 'subscription') return respondData(id, jsonrpc, result);
        if (socket.readyState !== socket.OPEN) return;
        if (subscriptions.has(id)) throw new TRPCError({ code: 'BAD_REQUEST', message: `Duplicate id ${id}` });

        // Every subscription is a topic stream (DESIGN §1: one stream helper for all of them).
        if (!isTopicStream(result)) throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `${path} is not a topic stream` });
        const stop = startTopicSubscription({
          socket,
          wire,
          prefix: wire.prefix(id, jsonrpc),
          source: result[TOPIC_STREAM],
          maxBufferedBytes: opts.maxBufferedBytes,
          onEnd: (error) => {
            subscriptions.delete(id);
            if (socket.readyState !== socket.OPEN) return;
            if (error) respondError(id, error, path, type, jsonrpc);
            else respond({ id, jsonrpc, result: { type: 'stopped' } });
          },
        });
        subscriptions.set(id, stop);
        respond({ id, jsonrpc, result: { type: 'started' } });
      } catch (cause) {
        respondError(id, cause, path, type, jsonrpc);
      }
    };

    socket.on('message', (raw: Buffer, isBinary: boolean) => {
      const text = raw.toString('utf8');
      if (!isBinary && (text === 'PONG' || text === 'PING')) {
        if (text === 'PING') socket.send('PONG');
        return;
      }
      if (!ready) {
        ready = makeContext(() => parseConnectionParams(text));
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
    socket.once('close', () => {
      sockets.delete(socket);
      for (const stop of subscriptions.values()) stop();
      subscriptions.clear();
    });
  }

  return {
    onConnection,
    /** Tells every client to reconnect (to this instance when it is back, or to another). */
    broadcastReconnect(): void {
      const message = JSON.stringify({ id: null, method: 'reconnect' });
      for (const socket of sockets.keys()) if (socket.readyState === socket.OPEN) socket.send(message);
    },
    /**
     * Closes every connection whose context matches; its client reconnects and is asked to sign in.
     * After this turn, so that an answer on its way out on one of them (the sign-out's own) goes first.
     */
    closeWhere(matches: (ctx: Context) => boolean, code: number, reason: string): void {
      const closing = [...sockets].filter(([, ctx]) => ctx && matches(ctx)).map(([socket]) => socket);
      if (closing.length > 0) setImmediate(() => closing.forEach((socket) => socket.close(code, reason)));
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
