import type { Unsubscribable } from '@trpc/server/observable';
import type { OrderStatusEvent, OrderStreamEvent } from '../../src/shared/events.js';

/** Collects a subscription's tracked events so a test can wait for them. */
export interface Collected<T> {
  events: { id: string; data: T }[];
  errors: unknown[];
  started: Promise<void>;
  waitFor(count: number, timeoutMs?: number): Promise<{ id: string; data: T }[]>;
  unsubscribe(): void;
}

type Subscribe<T> = (handlers: {
  onStarted: () => void;
  onData: (value: { id: string; data: T }) => void;
  onError: (err: unknown) => void;
}) => Unsubscribable;

export function collect<T>(subscribe: Subscribe<T>): Collected<T> {
  const events: { id: string; data: T }[] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const notify = () => waiters.forEach((w) => w());
  const sub = subscribe({
    onStarted: () => markStarted(),
    onData: (value) => {
      events.push(value);
      notify();
    },
    onError: (err) => {
      errors.push(err);
      markStarted();
      notify();
    },
  });
  return {
    events,
    errors,
    started,
    unsubscribe: () => sub.unsubscribe(),
    waitFor(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(events.slice(0, count));
          } else if (errors.length > 0) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(errors[0] instanceof Error ? errors[0] : new Error(String(errors[0])));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${count} events, have ${events.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The status moves among an order stream's events (its payment steps left out). */
export function statusMoves(events: readonly { data: OrderStreamEvent }[]): OrderStatusEvent[] {
  return events.map((e) => e.data).filter((data): data is OrderStatusEvent => !('type' in data));
}
