import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a broker (Redis, RabbitMQ), so a test can take the broker away from the
 * servers behind it while the broker itself, and the test's own connection to it, stay up. The
 * ways a network does it:
 * - `cut`: every connection reset and new ones refused (the server hears of it at once), until `restore`;
 * - `blackhole`: nothing forwarded either way, but no socket closed and new ones accepted, as when
 *   packets are dropped: only a timeout tells. The bytes are held, not lost, as TCP would resend
 *   them, so `heal` delivers them late;
 * - `dropFromServer`: from now on what the server sends is lost (its acks among it), as in a crash
 *   right after a commit.
 */
export interface TcpProxy extends AsyncDisposable {
  /** The broker's URL with the proxy's address in place of the broker's. */
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  blackhole(): void;
  heal(): void;
  dropFromServer(): void;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

/** `defaultPort`: the broker's when its URL names none (6379 for Redis, 5672 for AMQP). */
export async function openTcpProxy(brokerUrl: string, defaultPort: number): Promise<TcpProxy> {
  const target = new URL(brokerUrl);
  const pairs = new Set<Pair>();
  let holding = false;
  const flow = ({ client, upstream }: Pair) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const hold = ({ client, upstream }: Pair) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || defaultPort), target.hostname);
    const pair = { client, upstream };
    pairs.add(pair);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      from.on('error', () => to.destroy());
      from.on('close', () => {
        pairs.delete(pair);
        to.destroy();
      });
    }
    if (holding) hold(pair);
    else flow(pair);
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = new URL(brokerUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  const cut = async () => {
    const closed = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    for (const { client, upstream } of pairs) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    await closed;
  };
  return {
    url: url.toString(),
    cut,
    restore: () => listen(address.port),
    blackhole() {
      holding = true;
      for (const pair of pairs) hold(pair);
    },
    heal() {
      holding = false;
      for (const pair of pairs) flow(pair);
    },
    dropFromServer() {
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream);
        client.on('data', () => undefined);
      }
    },
    [Symbol.asyncDispose]: cut,
  };
}
