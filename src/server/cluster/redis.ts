import { createClient } from '@redis/client';

export type Redis = ReturnType<typeof createClient>;

export interface BrokerEvents {
  onDown(error: Error): void;
  onUp(): void;
}

/** How often each connection asks the broker for a PONG, and how long it waits for one. */
export interface Watchdog {
  everyMs: number;
  deadlineMs: number;
}

const WATCHDOG: Watchdog = { everyMs: 1_000, deadlineMs: 3_000 };

/**
 * One connection to the broker. Commands fail at once while it is down (no offline queue): every
 * caller here has a fallback (the log, the local store) and must not wait behind an outage.
 * The client reconnects by itself; `onDown`/`onUp` say when it lost and found the broker.
 *
 * A reset or a refused connection is heard at once, but a network that silently drops packets
 * closes nothing, and a command once written waits for its reply with no timeout: the instance
 * would wait (XREAD, the relay, sign-in throttling) until TCP gave up, many minutes later. So a
 * watchdog sends a PING every `everyMs`; without its PONG within `deadlineMs` it treats the
 * broker as down: it drops the connection, which fails every command waiting on it (their callers
 * fall back), and reconnects, so new commands fail at once until the broker answers again.
 */
export async function connectRedis(url: string, name: string, events: BrokerEvents, watchdog: Watchdog = WATCHDOG): Promise<Redis> {
  let started = false;
  const client: Redis = createClient({
    url,
    name,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 3_000,
      // At start an unreachable broker is a configuration mistake: fail, do not wait forever.
      reconnectStrategy: (retries) => (started ? Math.min(50 * 2 ** retries, 1_000) : false),
    },
  });
  let down = false;
  const goneDown = (error: Error) => {
    if (!started || down) return;
    down = true;
    events.onDown(error);
  };
  client.on('error', goneDown);
  client.on('ready', () => {
    if (!down) return;
    down = false;
    events.onUp();
  });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`BUS_URL: cannot reach the broker at ${redacted(url)} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  started = true;

  let asking = false;
  let resetting = false;
  const timer = setInterval(() => {
    if (asking || !client.isReady) return;
    asking = true;
    let deadline: NodeJS.Timeout | undefined;
    // setImmediate: after an event loop stall the timer can run before the PONG already read is handled; let it be.
    const silent = new Promise<'silent'>((resolve) => (deadline = setTimeout(() => setImmediate(() => resolve('silent')), watchdog.deadlineMs)));
    void Promise.race([client.ping().catch(() => 'failed'), silent])
      .then((answer) => {
        // 'failed': the connection broke, which the client reports and recovers from by itself.
        if (answer !== 'silent' || !client.isOpen) return;
        goneDown(new Error(`the broker did not answer a PING within ${watchdog.deadlineMs} ms`));
        resetting = true;
        client.destroy();
        resetting = false;
        client.connect().catch(() => undefined);
      })
      .finally(() => {
        clearTimeout(deadline);
        asking = false;
      });
  }, watchdog.everyMs);
  timer.unref();
  // Closed by its owner (or given up on): nothing left to watch.
  client.on('end', () => {
    if (!resetting) clearInterval(timer);
  });
  return client;
}

/** The URL without its password, for log lines and errors. */
export function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an invalid URL';
  }
}
