import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '../../server/router.js';
import type { ConnectionStore } from './connectionStore.js';
import { OFFLINE_AFTER_MS } from './connectionStore.js';

/** A change refused on this side because the socket is down: it never left the browser. */
export class OfflineError extends Error {
  constructor() {
    super("You're offline, so this was not sent. Try again once the connection is back.");
    this.name = 'OfflineError';
  }
}

/**
 * A mutation made while the socket is down would wait in the socket's queue until it reconnects:
 * its button spins with no word for as long as the outage lasts. Instead, one that has not been
 * sent fails as soon as the page is offline (the browser says so, or the socket has been down for
 * OFFLINE_AFTER_MS), and it is taken off the queue, so nothing goes out later behind the person's back.
 * Once the socket has been live while the mutation waited, it may have been sent: then it waits for its answer.
 */
export function offlineLink(connection: ConnectionStore, online: () => boolean = () => navigator.onLine): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        if (op.type !== 'mutation') return next(op).subscribe(observer);
        let mayBeSent = false;
        let settled = false;
        const offline = () => {
          const { state, droppedAt } = connection.getSnapshot();
          if (state === 'live') {
            mayBeSent = true;
            return false;
          }
          return !online() || (droppedAt !== null && Date.now() - droppedAt >= OFFLINE_AFTER_MS);
        };
        const notSent = () => TRPCClientError.from(new OfflineError());
        if (offline()) {
          observer.error(notSent());
          return () => undefined;
        }
        const stopWatching = () => {
          settled = true;
          unlisten();
          window.clearInterval(timer);
        };
        const check = () => {
          if (settled || mayBeSent || !offline()) return;
          stopWatching();
          downstream.unsubscribe();
          observer.error(notSent());
        };
        const unlisten = connection.subscribe(check);
        const timer = window.setInterval(check, 500);
        const downstream = next(op).subscribe({
          next: (value) => observer.next(value),
          error: (error) => {
            stopWatching();
            // A socket that never opened fails its queued calls with a transport error (no server data): say what that means here.
            observer.error(!mayBeSent && error.data === undefined ? notSent() : error);
          },
          complete: () => {
            stopWatching();
            observer.complete();
          },
        });
        return () => {
          stopWatching();
          downstream.unsubscribe();
        };
      });
}
