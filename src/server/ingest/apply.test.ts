import { expect, it } from 'vitest';
import type { AppDeps } from '../context.js';
import { applyDelivery } from './apply.js';
import { INGEST_HANDLERS } from './handlers.js';

it('dead-letters a valid message of a type whose handler slot is empty, saying so, without touching anything', async () => {
  const ctx = {
    // Never reached: the empty slot is found before anything is applied.
    deps: {} as AppDeps,
    handlers: { ...INGEST_HANDLERS, 'payment.failed': null },
    signal: new AbortController().signal,
    onRetry: () => undefined,
  };
  const body = { shopId: 's1', orderId: 'o1', declineReason: 'Your card was declined.', failedAt: '2026-12-01T09:30:00Z', source: 'Processor' };
  const verdict = await applyDelivery(ctx, { routingKey: 'payment.failed', messageId: 'm1', content: Buffer.from(JSON.stringify(body)) });
  expect(verdict).toEqual({ outcome: 'dead_lettered', reason: 'No handler applies payment.failed in this build yet; move it back to the queue once one does' });
});
