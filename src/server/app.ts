import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { TRPCRequestInfo } from '@trpc/server/http';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLoginGuard } from './auth/loginGuard.js';
import { loadRevocationList } from './auth/revocations.js';
import { createTokenService } from './auth/tokens.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { bearerToken, createContext, type AppDeps } from './context.js';
import { startCheckpointer } from './db/checkpointer.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { createInProcessBus, type EventBus } from './events/bus.js';
import { createIdSource } from './ids.js';
import { createMetrics } from './metrics.js';
import { createCommitQueue } from './events/transact.js';
import { createRequestHandler } from './http/handler.js';
import { clientAddress } from './http/clientAddress.js';
import { createTrpcHttpHandler } from './transport/http.js';
import { createWsHandler } from './transport/wsHandler.js';
import { appRouter } from './router.js';
import { resolveJwtSecret } from './secret.js';
import { seedDemoIfEmpty } from './seed.js';

/** Frames larger than this are refused; our largest honest message (a 100-line order) is a few KiB. */
const MAX_WS_PAYLOAD = 1024 * 1024;

export interface App {
  readonly deps: AppDeps;
  readonly url: string;
  readonly seeded: boolean;
  /** The WebSocket server, for operational counts and for tests that cut connections. */
  readonly wss: WebSocketServer;
  stop(): Promise<void>;
}

export interface AppOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  bus?: EventBus;
}

/** The composition root: owns the database, the bus, the HTTP and WebSocket servers. */
export async function startApp({ config, logger, clock = systemClock, bus = createInProcessBus() }: AppOptions): Promise<App> {
  const db = openDatabase(config.DATABASE_PATH, { cacheMb: config.SQLITE_CACHE_MB });
  await migrateToLatest(db);
  const checkpointer = startCheckpointer(config.DATABASE_PATH, 250, (message) => logger.error({ message }, 'checkpoint failed'));
  const ids = createIdSource(() => clock.now().getTime());
  const seeded = config.SEED_DEMO ? await seedDemoIfEmpty({ db, clock, ids }) : false;

  // Read at scrape time, by which time the servers below exist.
  const metrics = createMetrics({
    connections: () => wss.clients.size,
    subscriptions: () => bus.listenerCount(),
    inflightChanges: () => deps.commits.pending(),
  });
  const deps: AppDeps = {
    db,
    bus,
    clock,
    ids,
    tokens: createTokenService(
      resolveJwtSecret(config.JWT_SECRET, config.DATABASE_PATH),
      config.TOKEN_TTL_SECONDS,
      () => clock.now(),
      await loadRevocationList(db, clock.now()),
    ),
    loginGuard: createLoginGuard(),
    commits: createCommitQueue({
      db,
      bus,
      clock,
      onError: (err) => logger.error({ err }, 'publishing committed events failed'),
      onCommitted: (batch) => metrics.commitBatch(batch),
    }),
    maxSubscriberQueue: config.MAX_SUBSCRIBER_QUEUE,
  };

  const makeContext = ({ req, info }: { req: IncomingMessage; info: TRPCRequestInfo }) => {
    // tRPC has already refused connectionParams that are not a string-to-string record.
    const fromParams = info.connectionParams?.['token'];
    return createContext(deps, fromParams ?? bearerToken(req.headers.authorization), clientAddress(req, config.TRUST_PROXY));
  };
  const onError = ({ error, path }: { error: TRPCError; path?: string | undefined }) => {
    metrics.callFailed(error.code, path);
    if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, path }, 'procedure failed');
    else logger.debug({ code: error.code, path }, error.message);
  };

  let stopping = false;
  const server: Server = createServer(
    createRequestHandler({
      trpc: createTrpcHttpHandler({
        router: appRouter,
        basePath: '/trpc/',
        createContext: (req) => createContext(deps, bearerToken(req.headers.authorization), clientAddress(req, config.TRUST_PROXY)),
        onError,
        maxBodyBytes: config.MAX_BODY_BYTES,
        cors: { allowed: config.ALLOWED_ORIGINS, trustProxy: config.TRUST_PROXY },
        // tRPC's own adapter serves SSE (httpSubscriptionLink) until the live engine has its own sink.
        subscriptions: createHTTPHandler({ router: appRouter, basePath: '/trpc/', createContext: makeContext, onError }),
      }),
      health: () => ({
        ok: !stopping,
        body: {
          status: stopping ? 'stopping' : 'ok',
          uptimeSeconds: Math.round(process.uptime()),
          subscribers: bus.listenerCount(),
          inflightTransactions: deps.commits.pending(),
          // The JS heap apart from RSS: RSS also holds native memory (SQLite's page cache, socket buffers, malloc).
          memory: memoryFigures(),
        },
      }),
      metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
      staticDir: config.STATIC_DIR,
    }),
  );

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_PAYLOAD, perMessageDeflate: false });
  const wsHandler = createWsHandler({
    router: appRouter,
    createContext: ({ authorization, address, connectionParams }) => createContext(deps, connectionParams?.['token'] ?? bearerToken(authorization), address),
    onError,
    // Dead peers (sleeping laptops, dropped Wi-Fi) are found and closed instead of holding streams forever.
    keepAlive: { pingMs: 30_000, pongWaitMs: 10_000 },
    maxBufferedBytes: config.MAX_SUBSCRIBER_BUFFER_BYTES,
  });
  wss.on('connection', (socket: WebSocket, req: IncomingMessage) => wsHandler.onConnection(socket, req));
  // 4401: an application close code (4000-4999); the client reconnects and is asked to sign in.
  deps.tokens.onRevoked((token) => wsHandler.closeWhere((ctx) => ctx.token === token, 4401, 'signed out'));
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (stopping || path !== '/trpc') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`;

  return {
    deps,
    url,
    seeded,
    wss,
    async stop() {
      if (stopping) return;
      stopping = true;
      // Clients get a reconnect hint first, so they come back (with lastEventId) to whichever instance is up.
      wsHandler.broadcastReconnect();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections turn idle as their last answers go out; close each as it does.
      const sweep = setInterval(() => server.closeIdleConnections(), 25);
      server.closeIdleConnections();
      await deps.commits.drain();
      for (const client of wss.clients) client.close(1012, 'server restarting');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const force = setTimeout(() => {
        server.closeAllConnections();
        for (const client of wss.clients) client.terminate();
      }, 2_000);
      await closed;
      clearTimeout(force);
      clearInterval(sweep);
      await db.destroy();
      await checkpointer.stop();
    },
  };
}

function memoryFigures(): { rssMb: number; heapUsedMb: number } {
  const { rss, heapUsed } = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  return { rssMb: mb(rss), heapUsedMb: mb(heapUsed) };
}
