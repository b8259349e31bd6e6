import { connect, type ChannelModel, type ConfirmChannel, type ConsumeMessage, type RecoveringChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { AppDeps } from '../context.js';
import { applyDelivery, type Verdict } from './apply.js';
import { pruneClaims } from './claims.js';
import { INGEST_HANDLERS, type IngestHandlers } from './handlers.js';
import { createIngestMetrics, type IngestMetrics } from './metrics.js';
import { assertTopology, ingestNames, type IngestNames } from './topology.js';

export interface IngestOptions {
  /** INGEST_AMQP_URL. */
  url: string;
  exchange: string;
  queue: string;
  /** Messages the broker may hand us before we ack: how many are applied at once (and share a group commit). */
  prefetch: number;
  logger: Logger;
}

export interface ConsumeOptions {
  deps: AppDeps;
  registry: Registry;
  /** Applied message ids are kept this long (EVENT_RETENTION_DAYS): a redelivery comes within minutes. */
  keepClaimsDays: number;
  handlers?: IngestHandlers;
}

export interface Ingest {
  readonly names: IngestNames;
  /** Starts taking messages, on this connection and every one after a reconnect. Once. */
  consume(options: ConsumeOptions): void;
  /** Connected to the broker now (false while it reconnects). */
  connected(): boolean;
  /** Stops taking messages, lets those being applied finish (acked, or put back), and closes the connection. */
  stop(): Promise<void>;
}

/** The broker's heartbeat unless the URL sets one: a broker gone silent is noticed within two of them. */
const HEARTBEAT_SECONDS = 15;
const CONNECT_TIMEOUT_MS = 5_000;
/** Longest wait between reconnect attempts (they start at 0.2 s and double). */
const MAX_RECONNECT_DELAY_MS = 15_000;
const MAX_REASON_LENGTH = 1_000;

/**
 * Connects to the broker and declares the topology (topology.ts), or fails with one line saying
 * why: start-up stops there, before anything else is opened. Once connected, a lost connection
 * (the broker restarts, the network drops) is a log line and `shopwire_ingest_connected` 0 while
 * amqplib's recovery reconnects with backoff; each new connection declares the topology again
 * and resumes consuming, with a line when it does. Messages the broker had handed us and we had
 * not acked are redelivered: the applied ones are recognised by their id (claims.ts).
 */
export async function connectIngest(options: IngestOptions): Promise<Ingest> {
  const { logger } = options;
  const names = ingestNames(options.exchange, options.queue);
  const where = safeUrl(options.url);
  let channel: ConfirmChannel | null = null;
  let consumer: { options: ConsumeOptions; metrics: IngestMetrics; handlers: IngestHandlers } | null = null;
  let lostAt: number | null = null;
  let stopping = false;
  const stop = new AbortController();
  const inflight = new Set<Promise<void>>();

  const setup = async (model: ChannelModel) => {
    const opened = await model.createConfirmChannel();
    opened.on('error', (err: Error) => logger.warn({ err: err.message }, 'ingest: the broker closed our channel'));
    // A channel the broker closed on a live connection (it refused an operation) takes no more
    // messages: close the connection too, so recovery opens both anew.
    opened.on('close', () => {
      if (channel === opened) channel = null;
      if (!stopping) model.close().catch(() => {});
    });
    try {
      await assertTopology(opened, names);
    } catch (error) {
      throw new TopologyError(error);
    }
    await opened.prefetch(options.prefetch);
    channel = opened;
    await startConsuming(opened);
  };

  // Once per channel, whichever comes second: the channel (setup) or the consumer (consume()).
  const consuming = new WeakSet<ConfirmChannel>();
  const startConsuming = async (ch: ConfirmChannel) => {
    if (!consumer || consuming.has(ch)) return;
    consuming.add(ch);
    const { consumerTag } = await ch.consume(names.queue, (message) => {
      if (message === null) {
        // The broker cancelled us (the queue was deleted): a new connection declares it again.
        logger.warn({ queue: names.queue }, 'ingest: the broker cancelled our consumer; reconnecting');
        ch.close().catch(() => {});
        return;
      }
      // Stopping: left unacked, it goes back to the queue when the connection closes.
      if (stopping) return;
      const work = handle(ch, message)
        .catch((err: unknown) => logger.error({ err }, 'ingest: handling a message failed; it will be redelivered'))
        .finally(() => inflight.delete(work));
      inflight.add(work);
    });
    tags.set(ch, consumerTag);
  };
  const tags = new WeakMap<ConfirmChannel, string>();

  const handle = async (ch: ConfirmChannel, message: ConsumeMessage) => {
    if (!consumer) return;
    const { deps } = consumer.options;
    const { metrics, handlers } = consumer;
    const type = message.fields.routingKey;
    const verdict = await applyDelivery(
      {
        deps,
        handlers,
        signal: stop.signal,
        onRetry: (retried, attempt, reason) => {
          metrics.retry(retried);
          logger.warn({ type: retried, messageId: message.properties.messageId as unknown, attempt, reason }, 'ingest: applying a message failed for now; trying again');
        },
      },
      { routingKey: type, messageId: message.properties.messageId, content: message.content },
    );
    // Applied is applied, acked or not; a dead letter or a requeue counts once the broker has it.
    const applied = verdict.outcome === 'applied' || verdict.outcome === 'duplicate';
    if (applied) metrics.message(type, verdict.outcome);
    try {
      await settle(ch, message, verdict);
    } catch (err) {
      // The channel went away first: the broker hands the message out again, and a claim makes that a no-op.
      logger.debug({ err, type }, 'ingest: could not settle a message; it will be redelivered');
      return;
    }
    if (!applied) metrics.message(type, verdict.outcome);
    log(verdict, type, message);
  };

  const settle = async (ch: ConfirmChannel, message: ConsumeMessage, verdict: Verdict) => {
    switch (verdict.outcome) {
      case 'applied':
      case 'duplicate':
        ch.ack(message);
        return;
      case 'requeued':
        ch.nack(message, false, true);
        return;
      case 'dead_lettered':
        // Acked only once the broker has the dead letter: a crash in between redelivers the message, never loses it.
        await publishConfirmed(ch, names, message, verdict.reason.slice(0, MAX_REASON_LENGTH));
        ch.ack(message);
        return;
    }
  };

  const log = (verdict: Verdict, type: string, message: ConsumeMessage) => {
    const fields = { type, messageId: message.properties.messageId as unknown, redelivered: message.fields.redelivered };
    if (verdict.outcome === 'dead_lettered') logger.warn({ ...fields, reason: verdict.reason }, 'ingest: message dead-lettered');
    else if (verdict.outcome === 'requeued') logger.warn({ ...fields, reason: verdict.reason }, 'ingest: message put back in the queue for later');
    else logger.debug(fields, verdict.outcome === 'applied' ? 'ingest: message applied' : 'ingest: message was applied before');
  };

  let connection: RecoveringChannelModel;
  try {
    connection = await connect(withHeartbeat(options.url), {
      timeout: CONNECT_TIMEOUT_MS,
      clientProperties: { connection_name: `shopwire ingest (${names.queue})` },
      recovery: { initialMaxRetries: 0, initialDelay: 200, maxDelay: MAX_RECONNECT_DELAY_MS, setup },
    });
  } catch (error) {
    if (error instanceof TopologyError) {
      throw new Error(`INGEST_EXCHANGE, INGEST_QUEUE: the broker at ${where} refused to declare ${names.exchange} and ${names.queue} (one exists with other settings?): ${error.message}`, { cause: error });
    }
    throw new Error(`INGEST_AMQP_URL: cannot use the message broker at ${where}: ${describeConnectError(error)}`, { cause: error });
  }
  logger.info({ broker: where, queue: names.queue }, 'ingest: connected to the message broker');

  connection.on('error', (err: Error) => logger.debug({ err: err.message }, 'ingest: broker connection error'));
  connection.on('disconnect', (err: Error) => {
    channel = null;
    lostAt = Date.now();
    consumer?.metrics.disconnected();
    logger.warn({ broker: where, err: err.message }, 'ingest: lost the message broker; messages wait in the queue while it reconnects');
  });
  connection.on('reconnect-scheduled', ({ attempt, delay }: { attempt: number; delay: number }) => logger.debug({ attempt, delayMs: delay }, 'ingest: reconnecting'));
  let lastFailure = '';
  connection.on('connect-failed', (err: Error) => {
    // Each new reason once (the broker refuses us, rather than being away), then quietly.
    if (err.message !== lastFailure) logger.warn({ err: err.message }, 'ingest: reconnecting to the message broker failed; trying again');
    lastFailure = err.message;
  });
  connection.on('connect', () => {
    lastFailure = '';
    if (lostAt === null) return;
    logger.info({ broker: where, downSeconds: Math.round((Date.now() - lostAt) / 100) / 10 }, 'ingest: message broker back; consuming again');
    lostAt = null;
  });
  connection.on('blocked', (reason: string) => logger.warn({ reason }, 'ingest: the broker blocked publishing (dead letters wait)'));
  connection.on('unblocked', () => logger.info('ingest: the broker unblocked publishing'));

  let prune: { stop(): Promise<void> } | null = null;
  return {
    names,
    consume(consumeOptions) {
      if (consumer) throw new Error('ingest: consume() was called twice');
      const metrics = createIngestMetrics(consumeOptions.registry, () => channel !== null);
      consumer = { options: consumeOptions, metrics, handlers: consumeOptions.handlers ?? INGEST_HANDLERS };
      prune = startPruning(consumeOptions, (err) => logger.error({ err }, 'ingest: pruning applied message ids failed'));
      const current = channel;
      if (current) startConsuming(current).catch((err: unknown) => logger.warn({ err }, 'ingest: could not start consuming'));
    },
    connected: () => channel !== null,
    async stop() {
      if (stopping) return;
      stopping = true;
      stop.abort();
      const current = channel;
      const tag = current ? tags.get(current) : undefined;
      // A broker gone silent would not answer before the heartbeat gives up on it: do not wait that long.
      if (current && tag !== undefined) await Promise.race([current.cancel(tag).catch(() => {}), pause(2_000)]);
      await Promise.allSettled([...inflight]);
      await prune?.stop();
      await connection.close().catch(() => {});
    },
  };
}

/** The message as it came, with why it was refused in `x-shopwire-reason` (and where it came from), confirmed by the broker. */
/** The broker refused our exchanges or queues, rather than the connection. */
class TopologyError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'TopologyError';
  }
}

function publishConfirmed(ch: ConfirmChannel, names: IngestNames, message: ConsumeMessage, reason: string): Promise<void> {
  const p = message.properties;
  return new Promise((resolve, reject) => {
    ch.publish(
      names.deadExchange,
      message.fields.routingKey,
      message.content,
      {
        persistent: true,
        contentType: p.contentType as string | undefined,
        contentEncoding: p.contentEncoding as string | undefined,
        messageId: p.messageId as string | undefined,
        correlationId: p.correlationId as string | undefined,
        appId: p.appId as string | undefined,
        timestamp: p.timestamp as number | undefined,
        headers: {
          ...(p.headers ?? {}),
          'x-shopwire-reason': reason,
          'x-shopwire-routing-key': message.fields.routingKey,
          'x-shopwire-queue': names.queue,
          'x-shopwire-dead-lettered-at': new Date().toISOString(),
        },
      },
      (err: unknown) => (err ? reject(err instanceof Error ? err : new Error('The broker did not take the dead letter')) : resolve()),
    );
  });
}

/** Applied message ids past their keep, at start and then hourly. */
function startPruning({ deps, keepClaimsDays }: ConsumeOptions, onError: (err: unknown) => void): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const prune = () => {
    running = running.then(() => pruneClaims(deps.db, new Date(deps.clock.now().getTime() - keepClaimsDays * 86_400_000))).catch(onError);
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

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function withHeartbeat(url: string): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(HEARTBEAT_SECONDS));
  return parsed.toString();
}

/** The URL without its password, for logs and errors. */
function safeUrl(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  parsed.search = '';
  return parsed.toString();
}

function describeConnectError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // amqplib's words when the broker closes the handshake at connection.open: almost always an unknown virtual host.
  if (message.startsWith('Expected ConnectionOpenOk')) return 'the broker refused to open the connection (does the virtual host in the URL exist, and may this user use it?)';
  return message;
}
