import { createClient } from '@redis/client';

export type Redis = ReturnType<typeof createClient>;

/**
 * One connection to the broker. Commands fail at once while it is down (no offline queue): every
 * caller here has a fallback (the log, the local store) and must not wait behind an outage.
 * The client reconnects by itself; `onDown`/`onUp` say when it lost and found the broker.
 */
export async function connectRedis(url: string, name: string, events: { onDown(error: Error): void; onUp(): void }): Promise<Redis> {
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
  client.on('error', (error: Error) => {
    if (!started || down) return;
    down = true;
    events.onDown(error);
  });
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
