import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { createLoginGuard } from './auth/loginGuard.js';
import { loadRevocationList } from './auth/revocations.js';
import { userExists } from './auth/service.js';
import { createTokenService } from './auth/tokens.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { bearerToken, createContext, type AppDeps } from './context.js';
import { openStore, type Store } from './db/open.js';
import { createInProcessBus, type EventBus } from './events/bus.js';
import { connectCluster } from './cluster/cluster.js';
import { createIdSource } from './ids.js';
import { createMetrics } from './metrics.js';
import { createCommitQueue } from './events/transact.js';
import { backInStockReaction } from './catalog/backInStock.js';
import { createLocalRelay } from './events/relay.js';
import { createRequestHandler } from './http/handler.js';
import { clientAddress } from './http/clientAddress.js';
import { isOriginAllowed, requestOrigin } from './http/origins.js';
import { createTrpcHttpHandler } from './transport/http.js';
import { createWsHandler } from './transport/wsHandler.js';
import { createSseHandler } from './transport/sse.js';
import { CLOSE, createConnectionRegistry } from './live/connections.js';
import { createLiveEngine } from './live/engine.js';
import { createTypingThrottle } from './chat/typing.js';
import { createCallBudget, type CallBudget } from './live/callBudget.js';
import { createPresence } from './presence/service.js';
import { createMemoryPresenceStore } from './presence/store.js';
import { applyAdminEmails } from './admin/roles.js';
import { pruneEvents } from './events/eventLog.js';
import { startDueWork, type DueTask, type DueWork } from './scheduler/dueWork.js';
import { connectIngest } from './ingest/consumer.js';
import { createPayments } from './payments/payments.js';
import { createTestProvider, type PaymentProvider } from './payments/provider.js';
import { pendingPaymentsTask } from './payments/recovery.js';
import { unpaidOrdersTask } from './orders/release.js';
import { createOrdersExportRoute, ORDERS_EXPORT_PATH } from './orders/exportRoute.js';
import { appRouter } from './router.js';
import { bookingReminders } from './bookings/reminders.js';
import { resolveJwtSecret, resolveSharedJwtSecret } from './secret.js';
import { seedDemoIfEmpty } from './seed.js';

/** Frames larger than this are refused; our largest honest message (a 100-line order) is a few KiB. */
const MAX_WS_PAYLOAD = 1024 * 1024;

export interface App {
  readonly deps: AppDeps;
  /** The database this app opened: which engine, and where (for the ready line). */
  readonly store: Pick<Store, 'dialect' | 'where'>;
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
  /** Instead of the one PAYMENT_PROVIDER names (tests use a provider that fails on purpose). */
  paymentProvider?: PaymentProvider;
}

/** The composition root: owns the database, the bus, the HTTP and WebSocket servers. */
export async function startApp({ config, logger, clock = systemClock, bus = createInProcessBus(), paymentProvider }: AppOptions): Promise<App> {
  // First: a broker that is set and cannot be used stops the start before anything is opened.
  const ingest = config.INGEST_AMQP_URL
    ? await connectIngest({ url: config.INGEST_AMQP_URL, exchange: config.INGEST_EXCHANGE, queue: config.INGEST_QUEUE, prefetch: config.INGEST_PREFETCH, logger })
    : null;
  // Several instances (BUS_URL): the same, for the broker between them.
  const cluster = config.BUS_URL ? await connectCluster({ url: config.BUS_URL, prefix: config.BUS_KEY_PREFIX, logger }) : null;
  if (cluster) bus = cluster.bus;
  const ids = createIdSource(() => clock.now().getTime());
  const { store, prepared: seeded } = await openStore(config, { onBackgroundError: (message, err) => logger.error({ err }, message) }, async (db) => {
    const seeded = config.SEED_DEMO ? await seedDemoIfEmpty({ db, clock, ids }) : false;
    if (config.ADMIN_EMAILS) await applyAdminEmails(db, config.ADMIN_EMAILS, (change) => logger.warn(change, 'account role set from ADMIN_EMAILS'));
    return seeded;
  });
  const db = store.db;
  const jwtSecret = store.dialect === 'postgres' ? await resolveSharedJwtSecret(config.JWT_SECRET, db) : resolveJwtSecret(config.JWT_SECRET, config.DATABASE_PATH);

  // Read at scrape time, by which time the servers below exist.
  const metrics = createMetrics({
    connections: () => deps.connections.size(),
    subscriptions: () => deps.live.size(),
    inflightChanges: () => deps.commits.pending(),
    procedurePaths: Object.keys(appRouter._def.procedures),
  });
  // With several instances, publishing goes through the log stream that every instance relays (cluster/logStream.ts).
  const relay = cluster ? await cluster.startLive(db, metrics.registry) : createLocalRelay(bus);
  // Built once deps exist (tasks take deps); services poke it through deps before then is never.
  let dueWork: DueWork | null = null;
  const live = createLiveEngine({ db, bus, maxQueue: config.MAX_SUBSCRIBER_QUEUE });
  const connections = createConnectionRegistry(clock, { maxConnections: config.MAX_CONNECTIONS, maxPerAddress: config.MAX_CONNECTIONS_PER_ADDRESS });
  const deps: AppDeps = {
    db,
    bus,
    clock,
    ids,
    tokens: createTokenService(
      jwtSecret,
      config.TOKEN_TTL_SECONDS,
      () => clock.now(),
      await loadRevocationList(db, clock.now()),
      (claims) => userExists(db, claims),
    ),
    loginGuard: createLoginGuard(undefined, cluster?.limiter),
    commits: createCommitQueue({
      db,
      relay,
      clock,
      // PostgreSQL: changes in flight at once, leaving connections for reads and streams.
      maxConcurrent: Math.max(1, config.DATABASE_POOL_SIZE - 2),
      onError: (err) => logger.error({ err }, 'publishing committed events failed'),
      onCommitted: (batch) => metrics.commitBatch(batch),
      onRetry: (sqlState) => metrics.commitRetried(sqlState),
      react: backInStockReaction({ ids, clock }),
    }),
    live,
    connections,
    presence: createPresence({
      db,
      live,
      connections,
      store: cluster?.presenceStore ?? createMemoryPresenceStore(),
      clock,
      graceMs: config.PRESENCE_GRACE_MS,
      reportsPerMinute: config.PRESENCE_REPORTS_PER_MINUTE,
      ...(cluster ? { limiter: cluster.limiter } : {}),
      onError: (err) => logger.error({ err }, 'presence update failed'),
    }),
    adminEmails: config.ADMIN_EMAILS ?? [],
    chatTyping: createTypingThrottle(clock),
    dueWork: { poke: (dueAt) => dueWork?.poke(dueAt) },
    payments: createPayments({ provider: paymentProvider ?? createTestProvider(), unpaidOrderMs: config.UNPAID_ORDER_MINUTES * 60_000 }),
    instances: cluster?.instances ?? null,
  };
  await cluster?.attach({ db, tokens: deps.tokens, connections, live, clock });
  dueWork = startDueWork({ tasks: dueTasks(deps, config), clock, onError: (err, task) => logger.error({ err, task }, 'due work failed') });
  const retention = startRetention(db, clock, config.EVENT_RETENTION_DAYS, (err) => logger.error({ err }, 'pruning the event log failed'));

  const verify = (token: string) => deps.tokens.verify(token);
  const onError = ({ error, path }: { error: TRPCError; path?: string | undefined }) => {
    metrics.callFailed(error.code, path);
    if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, path }, 'procedure failed');
    else logger.debug({ code: error.code, path }, error.message);
  };

  // Keep-alive HTTP connections get the same call budget as a WebSocket, for as long as the socket lives.
  const httpBudgets = new WeakMap<Socket, CallBudget>();
  const httpCallBudget = (req: IncomingMessage) => {
    let budget = httpBudgets.get(req.socket);
    if (!budget) httpBudgets.set(req.socket, (budget = createCallBudget(config.CALLS_PER_SECOND, config.CALL_BURST, () => clock.now().getTime())));
    return budget;
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
        takeCall: (req) => httpCallBudget(req).take(),
        // Subscriptions over HTTP (httpSubscriptionLink's SSE) run on the live engine, like the WebSocket's.
        subscriptions: (req, res) => void sse(req, res, procedurePath(req), clientAddress(req, config.TRUST_PROXY)),
      }),
      downloads: {
        [ORDERS_EXPORT_PATH]: createOrdersExportRoute({ db, clock, verify, onError: (err) => logger.error({ err }, 'order export failed') }),
      },
      health: () => ({
        ok: !stopping,
        body: {
          status: stopping ? 'stopping' : 'ok',
          uptimeSeconds: Math.round(process.uptime()),
          subscribers: deps.live.size(),
          connections: deps.connections.size(),
          inflightTransactions: deps.commits.pending(),
          // The JS heap apart from RSS: RSS also holds native memory (SQLite's page cache, socket buffers, malloc).
          memory: memoryFigures(),
          ...(ingest ? { ingest: ingest.connected() ? 'connected' : 'reconnecting' } : {}),
          ...(cluster ? { bus: cluster.mode() } : {}),
        },
      }),
      metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
      metricsToken: config.METRICS_TOKEN ?? null,
      staticDir: config.STATIC_DIR,
    }),
  );

  const sse = createSseHandler({
    router: appRouter,
    deps,
    logger,
    onError,
    verify,
    maxBufferedBytes: config.MAX_SUBSCRIBER_BUFFER_BYTES,
    pingMs: config.WS_PING_INTERVAL_MS,
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_WS_PAYLOAD,
    perMessageDeflate: config.WS_COMPRESS_MIN_BYTES > 0 ? { threshold: config.WS_COMPRESS_MIN_BYTES } : false,
  });
  const wsHandler = createWsHandler({
    router: appRouter,
    deps,
    logger,
    onError,
    verify,
    limits: {
      maxBufferedBytes: config.MAX_SUBSCRIBER_BUFFER_BYTES,
      callsPerSecond: config.CALLS_PER_SECOND,
      callBurst: config.CALL_BURST,
      maxSubscriptions: config.MAX_SUBSCRIPTIONS_PER_CONNECTION,
      // Dead peers (sleeping laptops, dropped Wi-Fi) are found and closed instead of holding streams forever.
      pingMs: config.WS_PING_INTERVAL_MS,
      pongWaitMs: config.WS_PONG_TIMEOUT_MS,
    },
  });
  // The sign-out's own answer may still be on its way out on one of these: close after this turn.
  deps.tokens.onRevoked((token) => setImmediate(() => deps.connections.closeWhere((c) => c.token === token, CLOSE.unauthorized, 'signed out')));
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (stopping || url.pathname !== '/trpc') {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
      return;
    }
    // A page from another site must not open a socket with this site's cookies or tokens (CSWSH).
    if (!isOriginAllowed(req.headers.origin, config.ALLOWED_ORIGINS, requestOrigin(req, config.TRUST_PROXY))) {
      logger.info({ origin: req.headers.origin }, 'connection refused: origin not allowed');
      socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nThis origin may not connect (ALLOWED_ORIGINS).');
      return;
    }
    const address = clientAddress(req, config.TRUST_PROXY);
    const refusal = deps.connections.refusal(address);
    if (refusal) {
      logger.warn({ reason: refusal }, 'connection refused');
      socket.end(`HTTP/1.1 429 Too Many Requests\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${refusal}`);
      return;
    }
    // Only these are read from the upgrade request, so the request itself is not kept for the
    // connection's lifetime: an idle subscriber's memory is the figure that counts here.
    const authorization = req.headers.authorization;
    const wantsParams = url.searchParams.get('connectionParams') === '1';
    wss.handleUpgrade(req, socket, head, (ws) => wsHandler.onConnection(ws, authorization, address, wantsParams));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`;
  ingest?.consume({ deps, registry: metrics.registry, keepClaimsDays: config.EVENT_RETENTION_DAYS });

  return {
    deps,
    store: { dialect: store.dialect, where: store.where },
    url,
    seeded,
    wss,
    async stop() {
      if (stopping) return;
      stopping = true;
      // Clients get a reconnect hint first, so they come back (with lastEventId) to whichever instance is up.
      wsHandler.broadcastReconnect(wss.clients);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections turn idle as their last answers go out; close each as it does.
      const sweep = setInterval(() => server.closeIdleConnections(), 25);
      server.closeIdleConnections();
      // Messages being applied finish (or go back to the queue) before the commit queue drains.
      await ingest?.stop();
      await deps.commits.drain();
      deps.connections.closeWhere(() => true, CLOSE.restarting, 'server restarting');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const force = setTimeout(() => {
        server.closeAllConnections();
        for (const client of wss.clients) client.terminate();
      }, 2_000);
      await closed;
      clearTimeout(force);
      clearInterval(sweep);
      await dueWork?.stop();
      await retention.stop();
      deps.presence.stop();
      await cluster?.stop();
      await store.close();
    },
  };
}

/** Every task whose work falls due at a time (scheduler/dueWork.ts); each feature adds its own here. */
function dueTasks(deps: AppDeps, config: Config): DueTask[] {
  return [bookingReminders(deps, config.BOOKING_REMINDER_MINUTES), unpaidOrdersTask(deps), pendingPaymentsTask(deps)];
}

/** Prunes events past EVENT_RETENTION_DAYS at start and then hourly, off the request path. */
function startRetention(db: AppDeps['db'], clock: Clock, days: number, onError: (err: unknown) => void): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const prune = () => {
    running = running.then(() => pruneEvents(db, new Date(clock.now().getTime() - days * 86_400_000))).catch(onError);
  };
  prune();
  const timer = setInterval(prune, 3_600_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

function procedurePath(req: IncomingMessage): string {
  return decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.slice('/trpc/'.length));
}

function memoryFigures(): { rssMb: number; heapUsedMb: number } {
  const { rss, heapUsed } = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  return { rssMb: mb(rss), heapUsedMb: mb(heapUsed) };
}
