import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';

/** The RabbitMQ these tests use: the CI machine's (127.0.0.1:5672, guest/guest) unless INGEST_TEST_AMQP_URL says otherwise. */
export const AMQP_URL = process.env['INGEST_TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface TestBroker extends AsyncDisposable {
  exchange: string;
  queue: string;
  deadQueue: string;
  /** INGEST_* variables for a server that consumes from this test's own exchange and queue. */
  env(url?: string): Record<string, string>;
  /** Publishes to the exchange, confirmed; answers the message id (a new one unless given; null sends none). */
  publish(type: string, body: unknown, options?: { messageId?: string | null; raw?: string }): Promise<string | null>;
  /** Waits for `count` dead letters and takes them off the dead-letter queue. */
  deadLetters(count: number, timeoutMs?: number): Promise<GetMessage[]>;
  /** Messages waiting in the dead-letter queue now. */
  deadLetterCount(): Promise<number>;
  /** Declares the queue as someone else might have: durable, without the dead-letter exchange the server declares it with. */
  declarePlainQueue(): Promise<void>;
}

/** A connection of the test's own to the broker, and names no other test uses; disposing deletes what the server declared under them. */
export async function openTestBroker(): Promise<TestBroker> {
  const prefix = `shopwire-test.${randomUUID().slice(0, 8)}`;
  const exchange = `${prefix}.exchange`;
  const queue = `${prefix}.queue`;
  const deadQueue = `${queue}.dead`;
  const connection: ChannelModel = await connect(AMQP_URL);
  const channel: ConfirmChannel = await connection.createConfirmChannel();
  return {
    exchange,
    queue,
    deadQueue,
    env: (url = AMQP_URL) => ({ INGEST_AMQP_URL: url, INGEST_EXCHANGE: exchange, INGEST_QUEUE: queue }),
    async publish(type, body, { messageId = randomUUID(), raw } = {}) {
      channel.publish(exchange, type, Buffer.from(raw ?? JSON.stringify(body)), {
        ...(messageId === null ? {} : { messageId }),
        contentType: 'application/json',
        persistent: true,
      });
      await channel.waitForConfirms();
      return messageId;
    },
    async deadLetters(count, timeoutMs = 10_000) {
      const taken: GetMessage[] = [];
      const deadline = Date.now() + timeoutMs;
      while (taken.length < count) {
        const message = await channel.get(deadQueue, { noAck: true });
        if (message) taken.push(message);
        else if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} dead letters, have ${taken.length}`);
        else await new Promise((r) => setTimeout(r, 20));
      }
      return taken;
    },
    async deadLetterCount() {
      return (await channel.checkQueue(deadQueue)).messageCount;
    },
    async declarePlainQueue() {
      await channel.assertQueue(queue, { durable: true });
    },
    async [Symbol.asyncDispose]() {
      // Each on its own: a delete of something never declared closes the channel.
      for (const remove of [
        (ch: ConfirmChannel) => ch.deleteQueue(queue),
        (ch: ConfirmChannel) => ch.deleteQueue(deadQueue),
        (ch: ConfirmChannel) => ch.deleteExchange(exchange),
        (ch: ConfirmChannel) => ch.deleteExchange(`${exchange}.dead`),
      ]) {
        const ch = await connection.createConfirmChannel();
        ch.on('error', () => {});
        await remove(ch).catch(() => {});
        await ch.close().catch(() => {});
      }
      await connection.close();
    },
  };
}

/** The reason a dead letter carries, as the consumer wrote it. */
export function reasonOf(message: GetMessage): string | undefined {
  const reason: unknown = message.properties.headers?.['x-shopwire-reason'];
  if (Buffer.isBuffer(reason)) return reason.toString('utf8');
  return typeof reason === 'string' ? reason : undefined;
}
