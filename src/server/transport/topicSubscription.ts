import { TRPCError } from '@trpc/server';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { readEventsAfter } from '../events/eventLog.js';
import type { TopicStreamSource } from '../events/stream.js';
import type { StoredEvent } from '../events/types.js';
import type { EventWire } from './wire.js';

const REPLAY_PAGE = 500;

export interface TopicSubscriptionOptions {
  socket: WebSocket;
  wire: EventWire;
  prefix: Buffer;
  source: TopicStreamSource<unknown>;
  /** Bytes the socket may hold unsent before this subscriber counts as hopelessly slow. */
  maxBufferedBytes: number;
  onEnd: (error: TRPCError | null) => void;
}

/**
 * The stream recipe of `events/stream.ts` (bus first, replay, de-duplicate, live), served
 * push-style: live events go from the bus listener straight onto the socket, with no generator,
 * no per-subscriber serialization and nothing queued beyond the socket's own buffer.
 */
export function startTopicSubscription(opts: TopicSubscriptionOptions): () => void {
  const { socket, wire, prefix, source, maxBufferedBytes } = opts;
  const { options, deps } = source;
  let last = options.lastEventId ?? 0;
  // Events that arrive while the replay is still reading the log wait here (bounded).
  let pending: StoredEvent[] | null = [];
  let ended = false;
  let expiry: NodeJS.Timeout | undefined;

  const end = (error: TRPCError | null) => {
    if (ended) return;
    ended = true;
    unsubscribe();
    clearTimeout(expiry);
    opts.onEnd(error);
  };

  const send = (event: StoredEvent) => {
    if (event.id <= last) return;
    last = event.id;
    socket.send(Buffer.concat([prefix, wire.tail(event)]), { binary: false });
  };

  // ws has no public cork; holding its TCP socket corked sends one publish's frames (an order
  // makes two or more per shop) in a single write instead of one syscall each.
  const tcp = (socket as unknown as { _socket?: Socket })._socket;

  const write = (events: readonly StoredEvent[]) => {
    if (events.length === 0) return;
    if (socket.bufferedAmount > maxBufferedBytes) return end(behind(`more than ${maxBufferedBytes} bytes`, last));
    tcp?.cork();
    for (const event of events) send(event);
    tcp?.uncork();
  };

  const unsubscribe = deps.bus.subscribe(options.topic, (events) => {
    if (!pending) return write(events);
    if (pending.length + events.length > options.maxQueue) return end(behind(`${options.maxQueue} events`, last));
    pending.push(...events);
  });

  const replayThenGoLive = async () => {
    if (options.lastEventId !== null) {
      for (;;) {
        const page = await readEventsAfter(deps.db, options.topic, last, REPLAY_PAGE);
        for (const event of page) {
          // Replay is ours to pace: wait for the socket to drain rather than overfill it.
          while (socket.bufferedAmount > maxBufferedBytes / 2 && !ended) await new Promise((r) => setTimeout(r, 10));
          if (ended) return;
          send(event);
        }
        if (page.length < REPLAY_PAGE) break;
      }
    }
    const buffered = pending ?? [];
    pending = null;
    write(buffered);
    if (options.endsAt) {
      expiry = setTimeout(
        () => end(new TRPCError({ code: 'UNAUTHORIZED', message: 'Token expired; sign in again to keep streaming.' })),
        Math.max(0, options.endsAt.getTime() - Date.now()),
      );
    }
  };
  replayThenGoLive().catch((cause: unknown) => end(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause })));

  return () => end(null);
}

function behind(limit: string, last: number): TRPCError {
  return new TRPCError({
    code: 'TOO_MANY_REQUESTS',
    message: `Subscriber fell ${limit} behind; resubscribe with lastEventId=${last} to catch up.`,
  });
}
