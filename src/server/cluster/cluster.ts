import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { instanceFigures, type InstanceFigures, type StatsAcrossInstances } from '../admin/service.js';
import type { LimiterStore } from '../auth/loginGuard.js';
import { revokedHashes, tokenHash } from '../auth/revocations.js';
import type { TokenService } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { createInProcessBus, type EventBus } from '../events/bus.js';
import { latestEventId } from '../events/eventLog.js';
import type { EventRelay } from '../events/relay.js';
import { CLOSE, type ConnectionRegistry } from '../live/connections.js';
import type { LiveEngine } from '../live/engine.js';
import type { PresenceStore } from '../presence/store.js';
import { startLogStream, type LogStream } from './logStream.js';
import { createRedisPresenceStore } from './presenceStore.js';
import { connectRedis, redacted, type Redis } from './redis.js';
import { createClusterBus, receiveSignals } from './signals.js';
import { startClusterStats } from './stats.js';

/** A presence an instance stopped refreshing (it died) leaves the counts this long after (CONTRACT: within 15 s). */
const PRESENCE_TTL_MS = 12_000;
const STATS_EVERY_MS = 5_000;
/** Any instance's relay looks at the log this often for commits nobody appended (their instance died). */
const RELAY_SWEEP_MS = 500;
/** Without the broker, each instance reads the log this often for the others' commits. */
const LOG_POLL_MS = 250;
/** Entries the stream keeps (bounded memory in Redis); a reader further behind reads the gap from the log. */
const STREAM_MAX_LEN = 10_000;

/**
 * This instance's link to the others (BUS_URL, DESIGN §9), connected before anything else opens
 * so that an unreachable broker stops the start with one line. `startLive` (once the database
 * is open) starts the relay and the reader of the log stream; `attach` (once the services exist)
 * passes sign-outs and figures between instances.
 */
export interface Cluster {
  readonly instanceId: string;
  /** Carries the live-only signals to every instance; logged events reach it from the log stream. */
  readonly bus: EventBus;
  readonly limiter: LimiterStore;
  readonly presenceStore: PresenceStore;
  readonly instances: StatsAcrossInstances;
  startLive(db: Db, registry: Registry): Promise<EventRelay>;
  /** Where live events come from now: the broker's stream, or the log directly while the broker is away. */
  mode(): 'stream' | 'log';
  attach(services: { db: Db; tokens: TokenService; connections: ConnectionRegistry; live: LiveEngine; clock: Clock }): Promise<void>;
  stop(): Promise<void>;
}

export async function connectCluster({ url, prefix, logger }: { url: string; prefix: string; logger: Logger }): Promise<Cluster> {
  const instanceId = randomUUID();

  const onError = (err: unknown) => logger.debug({ err }, 'bus: broker call failed');
  let onBrokerBack: () => void = () => undefined;
  const quiet = { onDown: () => undefined, onUp: () => undefined };
  const redis = await connectRedis(url, `shopwire-${instanceId}`, {
    onDown: (err) => logger.warn({ err: err.message }, 'bus: lost the broker; reconnecting'),
    onUp: () => logger.info('bus: broker reachable again'),
  });
  const connectOther = (role: string, events: { onDown(error: Error): void; onUp(): void } = quiet) => connectRedis(url, `shopwire-${instanceId}-${role}`, events);
  const reader = await connectOther('reader');
  const subscriber = await connectOther('subscriber', { onDown: () => undefined, onUp: () => onBrokerBack() });
  logger.info({ bus: redacted(url), prefix }, 'bus: connected to the broker');

  const local = createInProcessBus();
  const presenceStore = createRedisPresenceStore({ redis, prefix, instanceId, ttlMs: PRESENCE_TTL_MS, onError });
  // The figures come from services that exist only at `attach`.
  let figures: (() => InstanceFigures) | null = null;
  const stats = await startClusterStats({
    redis,
    subscriber,
    prefix,
    instanceId,
    staleMs: 3 * STATS_EVERY_MS,
    figures: () => {
      if (!figures) throw new Error('figures asked for before the services exist');
      return figures();
    },
    onError,
  });
  const signalChannel = `${prefix}signals`;
  const revokedChannel = `${prefix}revoked`;
  await receiveSignals(subscriber, signalChannel, instanceId, local, onError);

  let logStream: LogStream | null = null;
  let statsTimer: NodeJS.Timeout | null = null;
  const clients: Redis[] = [redis, reader, subscriber];

  return {
    instanceId,
    bus: createClusterBus(local, redis, signalChannel, instanceId, onError),
    // While the broker is away each instance counts alone (the insurance limiter), rather than letting every guess through.
    // rejectIfRedisNotReady: its reads are a MULTI, which the client queues while it reconnects instead of failing
    // (the offline queue is off for single commands only), so a sign-in would wait for the broker's return.
    limiter: (options) =>
      new RateLimiterRedis({
        ...options,
        keyPrefix: `${prefix}${options.keyPrefix}`,
        storeClient: redis,
        useRedisPackage: true,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      }),
    presenceStore,
    instances: stats,

    async startLive(db, registry) {
      const registers = [registry];
      const degraded = new Gauge({ name: 'shopwire_bus_degraded', help: '1 while live events come from the event log directly because the broker cannot be used.', registers });
      const fallbacks = new Counter({ name: 'shopwire_bus_fallbacks_total', help: 'Times this instance lost the broker and fell back to reading the event log.', registers });
      const gapReads = new Counter({ name: 'shopwire_bus_gap_reads_total', help: 'Jumps in positions on the stream read from the event log (rolled-back appends, a trimmed stream, an outage).', registers });
      logStream = startLogStream({
        db,
        redis,
        reader,
        key: `${prefix}events`,
        local,
        start: await latestEventId(db),
        sweepMs: RELAY_SWEEP_MS,
        pollMs: LOG_POLL_MS,
        maxLen: STREAM_MAX_LEN,
        onMode(mode, cause) {
          degraded.set(mode === 'log' ? 1 : 0);
          if (mode === 'log') {
            fallbacks.inc();
            logger.warn({ err: cause instanceof Error ? cause.message : cause }, 'bus: the broker cannot be used; live events come from the event log directly until it is back');
          } else logger.info('bus: the broker is back; live events come from its stream again');
        },
        onGapRead: () => gapReads.inc(),
        onRelayError: (err) => logger.debug({ err }, 'bus: the relay could not append to the stream'),
        onError: (err) => logger.error({ err }, 'bus: publishing to this instance failed'),
      });
      return logStream.relay;
    },

    mode: () => logStream?.mode() ?? 'stream',

    async attach({ db, tokens, connections, live, clock }) {
      const signedOut = (hashes: ReadonlySet<string>) => {
        tokens.revokedElsewhere(hashes);
        setImmediate(() => connections.closeWhere((c) => c.token !== null && hashes.has(tokenHash(c.token)), CLOSE.unauthorized, 'signed out'));
      };
      tokens.onRevoked((token) => void redis.publish(revokedChannel, `${instanceId} ${tokenHash(token)}`).catch(onError));
      await subscriber.subscribe(revokedChannel, (message) => {
        const [from, hash] = message.split(' ');
        if (from !== instanceId && hash) signedOut(new Set([hash]));
      });
      // Sign-outs made while this instance could not hear them are in the database: take them from there.
      onBrokerBack = () =>
        void revokedHashes(db, clock.now())
          .then((hashes) => signedOut(new Set(hashes)))
          .catch(onError);

      figures = () => instanceFigures({ connections, live, clock });
      const publish = () => void stats.publish().catch(onError);
      publish();
      statsTimer = setInterval(publish, STATS_EVERY_MS);
      statsTimer.unref();
    },

    async stop() {
      if (statsTimer) clearInterval(statsTimer);
      await Promise.all([presenceStore.stop(), stats.leave().catch(onError)]);
      await logStream?.stop();
      for (const client of clients) if (client.isOpen) client.destroy();
    },
  };
}
