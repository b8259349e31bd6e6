import { TRPCError, tracked, type TrackedEnvelope } from '@trpc/server';
import type { TokenClaims } from '../auth/tokens.js';
import type { Executor } from '../db/database.js';
import { AudienceChangedError, toTRPCError } from '../errors.js';
import type { EventBus } from '../events/bus.js';
import { latestEventId, readReplayPage } from '../events/eventLog.js';
import { encodeSuperjson } from '../events/encode.js';
import type { LiveEvent } from '../events/types.js';
import type { Connection } from './connections.js';
import type { Caller, TopicKind } from './topics.js';

/**
 * Where a stream's events go: a WebSocket subscription, an SSE response, or an async iterator.
 * The engine decides what to send and when; the sink only encodes (once per event, cached) and writes.
 */
export interface StreamSink {
  /** Writes these events, in order, as one burst. */
  send(events: readonly LiveEvent[]): void;
  /** Past its hard bound: the consumer is hopelessly behind. */
  full(): boolean;
  /** Above half its bound: replay (which the engine paces) waits for `drained`. */
  busy(): boolean;
  drained(): Promise<void>;
  /** The stream is over: `null` when stopped by the consumer or the server, else the error to report. */
  end(error: TRPCError | null): void;
}

export interface StreamSpec {
  topic: string;
  logged: boolean;
  /** Replay starts after it; null: live only. */
  lastEventId: number | null;
  /** Runs the topic's authorization again (when rights may have changed). */
  reauthorize: () => Promise<void>;
  decode: (payload: unknown) => unknown;
  /** The caller's audience and its view of a payload (topics whose audiences see different fields). */
  audience?: { name: string; view: (payload: unknown) => unknown };
  /** Told when the stream starts running and when it ends (presence counts a visit while it runs). */
  hooks?: StreamHooks;
  /** Each message is the whole state (presence counts): one equal to the last this stream got says nothing and is not sent. */
  skipRepeats?: boolean;
}

export interface StreamHooks {
  started?: () => void;
  ended?: () => void;
  /**
   * Ephemeral topics: the first message of this stream alone (the current state), taken right
   * after `started`. Signals published before it was taken are in it and are not sent; those
   * published while it is read wait behind it, so nothing falls between snapshot and live.
   */
  first?: () => unknown;
}

/**
 * What a subscription resolver returns once the caller is authorized: the stream, not yet running.
 * A transport runs it into its own sink (`engine.run`); anything else can iterate it.
 */
export class LiveStream<TYield> implements AsyncIterable<TYield> {
  constructor(
    readonly spec: StreamSpec,
    private readonly engine: LiveEngine,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<TYield> {
    return this.engine.iterate(this) as AsyncIterator<TYield>;
  }
}

export interface StreamHandle {
  readonly topic: string;
  stop(): void;
  /** Ends the stream with this error (expired sign-in, lost rights). */
  fail(error: TRPCError): void;
}

export interface LiveEngine {
  /** Authorizes `caller` for a logged topic and returns its stream from `lastEventId` (a tracked id, or absent for live only). */
  follow<T>(user: TokenClaims | null, kind: TopicKind<T>, key: string, lastEventId: string | null | undefined, hooks?: StreamHooks): Promise<LiveStream<TrackedEnvelope<T>>>;
  /** Authorizes `user` for an ephemeral topic: live signals, no ids, no replay. */
  watch<T>(user: TokenClaims | null, kind: TopicKind<T>, key: string, hooks?: StreamHooks): Promise<LiveStream<T>>;
  /** Publishes a live-only signal (presence, typing) to a topic's running streams on every instance; never stored. */
  signal<T>(kind: TopicKind<T>, key: string, payload: T): void;
  /** Runs the one stream recipe into `sink`; `connection` (if any) holds the handle for expiry and limits. */
  run(stream: LiveStream<unknown>, sink: StreamSink, connection?: Connection | null): StreamHandle;
  iterate(stream: LiveStream<unknown>): AsyncIterator<unknown>;
  /** Re-checks every running stream whose topic matches and ends those the caller may no longer see. */
  reauthorize(matches: (topic: string) => boolean): Promise<number>;
  /** Running streams, per topic kind prefix (`shop`, `order`, ...). */
  counts(): Map<string, number>;
  size(): number;
}

export interface LiveEngineOptions {
  db: Executor;
  bus: EventBus;
  /** Live events that may wait behind a replay before the subscriber is ended as too slow. */
  maxQueue: number;
}

const REPLAY_PAGE = 500;

export function createLiveEngine({ db, bus, maxQueue }: LiveEngineOptions): LiveEngine {
  const running = new Set<StreamRun>();
  // One view per event and audience, shared by every subscriber of that audience (and its encoding with it).
  // One view per publish and audience, shared by every subscriber of that audience (and its encoding
  // with it). Keyed by the batch the bus hands to every listener of a topic, so a subscriber pays one
  // lookup per publish, not per event.
  const views = new WeakMap<readonly LiveEvent[], Map<string, readonly LiveEvent[]>>();
  const viewFor = (events: readonly LiveEvent[], audience: NonNullable<StreamSpec['audience']>): readonly LiveEvent[] => {
    let byAudience = views.get(events);
    if (!byAudience) views.set(events, (byAudience = new Map<string, readonly LiveEvent[]>()));
    let view = byAudience.get(audience.name);
    if (!view) {
      let changed = false;
      const mapped = events.map((event) => {
        const payload = audience.view(event.payload);
        if (payload === event.payload) return event;
        changed = true;
        return { ...event, payload, encoded: encodeSuperjson(payload) };
      });
      // An audience that sees everything gets the very events, and their cached frames, back.
      view = changed ? mapped : events;
      byAudience.set(audience.name, view);
    }
    return view;
  };
  const runContext: RunContext = { db, bus, maxQueue, running, viewFor };

  async function specFor<T>(user: TokenClaims | null, kind: TopicKind<T>, key: string, hooks: StreamHooks | undefined): Promise<StreamSpec> {
    const caller: Caller = { db, user };
    await kind.authorize(caller, key);
    const audiences = kind.audiences;
    const audience = audiences ? await audiences.of(caller, key) : undefined;
    return {
      topic: kind.topic(key),
      logged: kind.logged,
      lastEventId: null,
      reauthorize: async () => {
        await kind.authorize(caller, key);
        // Still allowed, but perhaps as another audience: its frames would be the old audience's.
        if (audiences && audience !== undefined && (await audiences.of(caller, key)) !== audience) throw new AudienceChangedError();
      },
      decode: (payload) => kind.schema.parse(payload),
      ...(audiences && audience !== undefined ? { audience: { name: audience, view: (payload: unknown) => audiences.view(payload as T, audience) } } : {}),
      ...(hooks ? { hooks } : {}),
      ...(kind.skipRepeats ? { skipRepeats: true } : {}),
    };
  }

  const engine: LiveEngine = {
    async follow(user, kind, key, lastEventId, hooks) {
      const spec = await specFor(user, kind, key, hooks);
      return new LiveStream({ ...spec, logged: true, lastEventId: lastEventId === null || lastEventId === undefined ? null : Number(lastEventId) }, engine);
    },

    async watch(user, kind, key, hooks) {
      return new LiveStream(await specFor(user, kind, key, hooks), engine);
    },

    signal(kind, key, payload) {
      bus.publish([liveSignal(kind.topic(key), payload)]);
    },

    run(stream, sink, connection = null) {
      return new StreamRun(runContext, stream.spec, sink, connection);
    },

    iterate(stream) {
      return iterateStream(engine, stream, maxQueue);
    },

    async reauthorize(matches) {
      let ended = 0;
      for (const handle of [...running]) {
        if (!matches(handle.topic)) continue;
        try {
          await handle.spec.reauthorize();
        } catch (cause) {
          handle.fail(asTRPCError(cause));
          ended++;
        }
      }
      return ended;
    },

    counts() {
      const byKind = new Map<string, number>();
      for (const { topic } of running) {
        const kind = topic.slice(0, topic.indexOf(':'));
        byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      }
      return byKind;
    },

    size: () => running.size,
  };
  return engine;
}

function liveSignal(topic: string, payload: unknown): LiveEvent {
  return { id: null, topic, payload, createdAt: new Date(), encoded: encodeSuperjson(payload) };
}

/**
 * CONTRACT "Cursors that cannot be served": a cursor past the newest event (a database restored
 * from a backup) would mute the stream silently. One below what retention has pruned would gap it:
 * that is checked with each replay page (`replayThenGoLive`), in the page's own snapshot.
 */
async function assertNotAhead(db: Executor, lastEventId: number): Promise<void> {
  if (lastEventId === 0) return;
  const newest = await latestEventId(db);
  if (lastEventId > newest) {
    throw cursorError('cursor_ahead', `lastEventId ${lastEventId} is newer than this server's newest event (${newest}); reload and subscribe from the fresh cursor.`);
  }
}

export class CursorError extends TRPCError {
  constructor(
    readonly reason: 'cursor_expired' | 'cursor_ahead',
    message: string,
  ) {
    super({ code: 'PRECONDITION_FAILED', message });
  }
}

function cursorError(reason: 'cursor_expired' | 'cursor_ahead', message: string): CursorError {
  return new CursorError(reason, message);
}

function behind(how: string, last: number): TRPCError {
  return new TRPCError({
    code: 'TOO_MANY_REQUESTS',
    message: `Subscriber fell ${how}; resubscribe with lastEventId=${last} to catch up.`,
  });
}

function asTRPCError(cause: unknown): TRPCError {
  const mapped = toTRPCError(cause);
  return mapped instanceof TRPCError ? mapped : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: mapped instanceof Error ? mapped : undefined });
}

/** The pull side, for callers that iterate (tRPC's createCaller, tests): a bounded queue as the sink. */
function iterateStream(engine: LiveEngine, stream: LiveStream<unknown>, limit: number): AsyncIterator<unknown> {
  const queue: LiveEvent[] = [];
  let outcome: { error: TRPCError | null } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  let last = 0;
  const handle = engine.run(stream, {
    send: (events) => {
      if (outcome) return;
      if (queue.length + events.length > limit) {
        // Nothing is dropped silently: the consumer is told, and resumes from what it has.
        outcome = { error: behind(`more than ${limit} events behind`, last) };
        queue.length = 0;
        queueMicrotask(() => handle.stop());
      } else queue.push(...events);
      notify();
    },
    full: () => false,
    busy: () => queue.length > limit / 2,
    drained: () => new Promise<void>((resolve) => setTimeout(resolve, 5)),
    end: (error) => {
      outcome ??= { error };
      notify();
    },
  });
  const { decode, logged } = stream.spec;
  return {
    async next() {
      for (;;) {
        const event = queue.shift();
        if (event) {
          if (event.id !== null) last = event.id;
          const value = decode(event.payload);
          return { done: false, value: logged && event.id !== null ? tracked(String(event.id), value) : value };
        }
        if (outcome) {
          if (outcome.error) throw outcome.error;
          return { done: true, value: undefined };
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    return() {
      handle.stop();
      return Promise.resolve({ done: true, value: undefined });
    },
  };
}

interface RunContext {
  db: Executor;
  bus: EventBus;
  maxQueue: number;
  running: Set<StreamRun>;
  viewFor: (events: readonly LiveEvent[], audience: NonNullable<StreamSpec['audience']>) => readonly LiveEvent[];
}

/**
 * One running stream: the recipe of the engine, as an object rather than a nest of closures,
 * because an idle subscriber's memory is a figure that counts (thousands per process).
 */
class StreamRun implements StreamHandle {
  readonly topic: string;
  private last: number;
  /** Live events that arrive while the replay (or the first message) is still being read wait here (bounded). */
  private pending: LiveEvent[] | null;
  private ended = false;
  private lastSignal: string | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: RunContext,
    readonly spec: StreamSpec,
    private readonly sink: StreamSink,
    private readonly connection: Connection | null,
  ) {
    this.topic = spec.topic;
    this.last = spec.lastEventId ?? 0;
    const first = spec.logged ? undefined : spec.hooks?.first;
    this.pending = (spec.logged && spec.lastEventId !== null) || first ? [] : null;
    // We subscribe to the bus before reading the log so that nothing published meanwhile falls in a gap.
    this.unsubscribe = ctx.bus.subscribe(spec.topic, this.onPublish);
    ctx.running.add(this);
    connection?.streams.add(this);
    spec.hooks?.started?.();
    (first ? this.snapshotThenGoLive(first) : this.replayThenGoLive()).catch((cause: unknown) => this.end(asTRPCError(cause)));
  }

  stop(): void {
    this.end(null);
  }

  fail(error: TRPCError): void {
    this.end(error);
  }

  private readonly onPublish = (events: readonly LiveEvent[]) => {
    if (!this.pending) return this.deliver(events);
    if (this.pending.length + events.length > this.ctx.maxQueue) return this.end(behind(`more than ${this.ctx.maxQueue} events behind its replay`, this.last));
    this.pending.push(...events);
  };

  private end(error: TRPCError | null): void {
    if (this.ended) return;
    this.ended = true;
    this.unsubscribe();
    this.ctx.running.delete(this);
    this.connection?.streams.delete(this);
    this.sink.end(error);
    this.spec.hooks?.ended?.();
  }

  private deliver(events: readonly LiveEvent[]): void {
    if (this.ended || events.length === 0) return;
    if (this.sink.full()) return this.end(behind('behind what its connection could take', this.last));
    const { audience } = this.spec;
    let batch = audience ? this.ctx.viewFor(events, audience) : events;
    // The common case (every event new to this subscriber) allocates nothing: this runs per subscriber per publish.
    if (!batch.every((event) => event.id === null || event.id > this.last)) batch = batch.filter((event) => event.id === null || event.id > this.last);
    if (this.spec.skipRepeats) {
      batch = batch.filter((event) => {
        if (event.id !== null) return true;
        const repeat = event.encoded.json === this.lastSignal;
        this.lastSignal = event.encoded.json;
        return !repeat;
      });
    }
    const newest = batch.findLast((event) => event.id !== null);
    if (newest?.id) this.last = newest.id;
    if (batch.length > 0) this.sink.send(batch);
  }


  private goLive(): void {
    const buffered = this.pending ?? [];
    this.pending = null;
    this.deliver(buffered);
  }

  private async replayThenGoLive(): Promise<void> {
    if (this.pending === null) return;
    await assertNotAhead(this.ctx.db, this.spec.lastEventId ?? 0);
    for (;;) {
      const from = this.last;
      const { events: page, prunedThrough } = await readReplayPage(this.ctx.db, this.topic, from, REPLAY_PAGE);
      // Events after `from` up to `prunedThrough` were pruned before this page was read (retention may
      // run between any two reads): serving the page would skip them without a word. From 0 (everything
      // still kept) the first page is whatever is kept. Mostly this is the cursor itself, before any
      // event; a prune overtaking a long replay ends it here too, after the events it did serve.
      if (from !== 0 && from < prunedThrough) {
        throw cursorError('cursor_expired', `Events after ${from} are no longer kept (pruned through ${prunedThrough}); reload and subscribe from the fresh cursor.`);
      }
      for (const event of page) {
        // Replay is ours to pace: wait for the consumer rather than overfill its buffer.
        while (this.sink.busy() && !this.ended) await this.sink.drained();
        if (this.ended) return;
        this.deliver([event]);
      }
      if (page.length < REPLAY_PAGE || this.ended) break;
    }
    this.goLive();
  }

  private async snapshotThenGoLive(takeSnapshot: () => unknown): Promise<void> {
    // Whatever `started` caused is in the snapshot: only what is published from here on is news.
    this.pending = [];
    const value = await takeSnapshot();
    if (this.ended) return;
    this.deliver([liveSignal(this.topic, value)]);
    this.goLive();
  }
}
