import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the broker for one instance, so a test can take the broker away from
 * that instance alone, in the two ways a network does it:
 * - `cut`: every connection reset and new ones refused (the instance hears of it at once);
 * - `blackhole`: nothing forwarded either way, but no socket closed and new ones accepted, as when
 *   packets are dropped: only a timeout tells. The bytes are held, not lost, as TCP would resend
 *   them, so `heal` delivers them late.
 */
export interface BrokerProxy extends AsyncDisposable {
  /** The broker's URL with the proxy's address in place of the broker's. */
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  blackhole(): void;
  heal(): void;
}

export async function openBrokerProxy(brokerUrl: string): Promise<BrokerProxy> {
  const target = new URL(brokerUrl);
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let holding = false;
  const flow = ({ client, upstream }: { client: Socket; upstream: Socket }) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const hold = ({ client, upstream }: { client: Socket; upstream: Socket }) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
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
    [Symbol.asyncDispose]: cut,
  };
}
