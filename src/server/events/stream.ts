import { TRPCError, tracked, type TrackedEnvelope } from '@trpc/server';
import type { Executor } from '../db/database.js';
import type { EventBus } from './bus.js';
import { readEventsAfter } from './eventLog.js';
import type { StoredEvent } from './types.js';

export interface StreamDeps {
  db: Executor;
  bus: EventBus;
}

export interface StreamOptions<T> {
  topic: string;
  /** Last id the caller has; replay starts after it. Absent: live only. */
  lastEventId: number | null;
  signal: AbortSignal | undefined;
  /** Live events buffered while the consumer is busy; past this the stream ends. */
  maxQueue: number;
  /** The stream ends (UNAUTHORIZED) at this moment, e.g. when the caller's token expires. */
  endsAt?: Date;
  decode: (payload: unknown) => T;
}

const REPLAY_PAGE = 500;

/**
 * Marks the iterable `streamEvents` returns with what it streams, so a transport that knows topic
 * streams (the WebSocket handler) can serve it push-style, serializing each event once for all
 * subscribers; any other consumer just iterates it.
 */
export const TOPIC_STREAM = Symbol('shopwire.topicStream');

export interface TopicStreamSource<T> {
  deps: StreamDeps;
  options: StreamOptions<T>;
}

export type TopicStream<T> = AsyncGenerator<TrackedEnvelope<T>> & { [TOPIC_STREAM]: TopicStreamSource<T> };

export function streamEvents<T>(deps: StreamDeps, opts: StreamOptions<T>): TopicStream<T> {
  return Object.assign(iterateEvents(deps, opts), { [TOPIC_STREAM]: { deps, options: opts } });
}

export function isTopicStream(value: unknown): value is TopicStream<unknown> {
  return typeof value === 'object' && value !== null && TOPIC_STREAM in value;
}

/**
 * The one recipe every subscription uses: register on the bus first (so nothing
 * published during replay falls in a gap), replay rows after `lastEventId` from the
 * log, then drain the buffer skipping ids already yielded, then stay live.
 */
async function* iterateEvents<T>(deps: StreamDeps, opts: StreamOptions<T>): AsyncGenerator<TrackedEnvelope<T>> {
  const buffer = new BoundedQueue<StoredEvent>(opts.maxQueue);
  let wake: (() => void) | undefined;
  const unsubscribe = deps.bus.subscribe(opts.topic, (events) => {
    for (const event of events) buffer.push(event);
    wake?.();
  });
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const expiry = opts.endsAt ? setTimeout(onAbort, Math.max(0, opts.endsAt.getTime() - Date.now())) : undefined;
  stop.signal.addEventListener('abort', () => wake?.(), { once: true });

  try {
    let last = opts.lastEventId ?? 0;
    if (opts.lastEventId !== null) {
      for (;;) {
        const page = await readEventsAfter(deps.db, opts.topic, last, REPLAY_PAGE);
        for (const event of page) {
          if (stop.signal.aborted) break;
          last = event.id;
          yield tracked(String(event.id), opts.decode(event.payload));
        }
        if (page.length < REPLAY_PAGE || stop.signal.aborted) break;
      }
    }
    while (!stop.signal.aborted) {
      if (buffer.overflowed) {
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: `Subscriber fell more than ${opts.maxQueue} events behind; resubscribe with lastEventId=${last} to catch up.`,
        });
      }
      const event = buffer.shift();
      if (!event) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if (event.id <= last) continue;
      last = event.id;
      yield tracked(String(event.id), opts.decode(event.payload));
    }
    if (opts.endsAt && Date.now() >= opts.endsAt.getTime() && !opts.signal?.aborted) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Token expired; sign in again to keep streaming.' });
    }
  } finally {
    unsubscribe();
    clearTimeout(expiry);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** FIFO with a hard cap; once full it stops accepting and says so instead of growing. */
class BoundedQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  overflowed = false;

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    if (this.items.length - this.head >= this.capacity) {
      this.overflowed = true;
      return;
    }
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
