import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of the broker, so a test can take the broker away from the server (every
 * connection cut, new ones refused) and bring it back on the same address, while the broker itself
 * and the test's own connection to it stay up.
 */
export interface TcpRelay extends AsyncDisposable {
  /** The broker's URL with the relay's address in place of the broker's. */
  url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** From now on, what the server sends the broker on its open connections is lost (its acks among it), as in a crash right after a commit. */
  dropFromServer(): void;
}

export async function openTcpRelay(brokerUrl: string): Promise<TcpRelay> {
  const target = new URL(brokerUrl);
  const sockets = new Set<Socket>();
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5672), target.hostname);
    const pair = { client, upstream };
    pairs.add(pair);
    client.on('close', () => pairs.delete(pair));
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        sockets.delete(from);
        to.destroy();
      });
    }
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = new URL(brokerUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const cut = async () => {
    const closed = stopListening();
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    url: url.toString(),
    cut,
    restore: () => listen(address.port),
    dropFromServer() {
      for (const { client, upstream } of pairs) {
        client.unpipe(upstream);
        client.on('data', () => {});
      }
    },
    [Symbol.asyncDispose]: cut,
  };
}
