import type { z } from 'zod';
import { INGEST_MESSAGES, INGEST_TYPES, isIngestType, type IngestMessage, type IngestType } from '../../shared/ingest.js';
import type { AppDeps } from '../context.js';
import { AlreadyApplied, claimingQueue } from './claims.js';
import { classify } from './failures.js';
import type { IngestHandler, IngestHandlers } from './handlers.js';

/** What became of a message: acked (applied, or applied before), dead-lettered, or put back for later. */
export type Verdict = { outcome: 'applied' | 'duplicate' } | { outcome: 'dead_lettered' | 'requeued'; reason: string };

export interface Delivery {
  /** The message's type. */
  routingKey: string;
  /** The AMQP `message_id` property (the publisher's: anything). */
  messageId: unknown;
  content: Buffer;
}

export interface ApplyContext {
  deps: AppDeps;
  handlers: IngestHandlers;
  /** Aborted when the consumer stops: no more waiting to try again. */
  signal: AbortSignal;
  onRetry(type: IngestType, attempt: number, reason: string): void;
}

/** Our messages are a few hundred bytes; anything this large is not one of them. */
const MAX_BODY_BYTES = 64 * 1024;
const MAX_MESSAGE_ID_LENGTH = 200;
/** Pauses between attempts at a message that failed for a passing reason; after the last, it goes back to the queue. */
const RETRY_DELAYS_MS = [200, 1_000, 3_000];

const deadLetter = (reason: string): Verdict => ({ outcome: 'dead_lettered', reason });

/** Reads, checks and applies one message. Never throws: every failure is a verdict. */
export async function applyDelivery(ctx: ApplyContext, delivery: Delivery): Promise<Verdict> {
  const type = delivery.routingKey;
  if (!isIngestType(type)) return deadLetter(`Unknown message type "${type}": this consumer applies ${INGEST_TYPES.join(', ')}`);
  const messageId = delivery.messageId;
  if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > MAX_MESSAGE_ID_LENGTH) {
    return deadLetter(`The message needs a message_id property of 1 to ${MAX_MESSAGE_ID_LENGTH} characters, unique to it, so that a redelivery is applied once`);
  }
  if (delivery.content.length > MAX_BODY_BYTES) return deadLetter(`The body is ${delivery.content.length} bytes; at most ${MAX_BODY_BYTES}`);
  let body: unknown;
  try {
    body = JSON.parse(delivery.content.toString('utf8'));
  } catch (error) {
    return deadLetter(`The body is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = INGEST_MESSAGES[type].safeParse(body);
  if (!parsed.success) return deadLetter(`Not a valid ${type}: ${describeIssues(parsed.error)}`);
  const handler: IngestHandler<IngestType> | null = ctx.handlers[type];
  if (!handler) return deadLetter(`No handler applies ${type} in this build yet; move it back to the queue once one does`);
  return applyWithRetries(ctx, type, handler, messageId, parsed.data);
}

async function applyWithRetries(ctx: ApplyContext, type: IngestType, handler: IngestHandler<IngestType>, messageId: string, message: IngestMessage<IngestType>): Promise<Verdict> {
  for (let attempt = 1; ; attempt++) {
    try {
      const claim = { messageId, type, source: message.source, now: ctx.deps.clock.now().getTime() };
      await handler({ ...ctx.deps, commits: claimingQueue(ctx.deps.commits, claim) }, message, messageId);
      return { outcome: 'applied' };
    } catch (error) {
      if (error instanceof AlreadyApplied) return { outcome: 'duplicate' };
      const failure = classify(error);
      if (failure.kind === 'refused') return deadLetter(failure.reason);
      // Stopping: whatever it was, the next start (or another instance) tries again.
      if (ctx.signal.aborted) return { outcome: 'requeued', reason: failure.reason };
      const delay = RETRY_DELAYS_MS[attempt - 1];
      if (delay === undefined) {
        // A busy or absent database is no fault of the message: it waits in the queue, however long that takes.
        return failure.kind === 'transient'
          ? { outcome: 'requeued', reason: failure.reason }
          : deadLetter(`Could not be applied after ${attempt} attempts: ${failure.reason}`);
      }
      ctx.onRetry(type, attempt, failure.reason);
      await pause(delay, ctx.signal);
    }
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`).join('; ');
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
