import { z } from 'zod';
import type { Context } from '../context.js';
import { streamEvents, type TopicStream } from './stream.js';

/** The tracked id a client hands back; wsLink fills it in by itself on reconnect. */
export const lastEventIdSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'lastEventId must be an event id from this server')
  .nullish();

export interface FollowOptions<T> {
  topic: string;
  /** As the client sent it (validated by `lastEventIdSchema`). */
  lastEventId: string | null | undefined;
  signal: AbortSignal | undefined;
  schema: z.ZodType<T>;
}

/**
 * What a subscription resolver returns once it has authorized the caller: the topic's stream
 * from `lastEventId`, bounded by the app's queue limit and ended when the caller's token expires.
 */
export function followTopic<T>(ctx: Context, opts: FollowOptions<T>): TopicStream<T> {
  return streamEvents(ctx.deps, {
    topic: opts.topic,
    lastEventId: opts.lastEventId === null || opts.lastEventId === undefined ? null : Number(opts.lastEventId),
    signal: opts.signal,
    maxQueue: ctx.deps.maxSubscriberQueue,
    ...(ctx.user ? { endsAt: ctx.user.expiresAt } : {}),
    decode: (payload) => opts.schema.parse(payload),
  });
}
