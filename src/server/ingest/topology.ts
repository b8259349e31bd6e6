import type { Channel } from 'amqplib';

/**
 * Where messages come from and where refused ones go (README "Events from other services"):
 *
 *   publishers -> exchange (topic, durable) -> queue (durable), bound by the families below
 *   refused messages, with the reason in a header -> dead-letter exchange (fanout) -> dead-letter queue
 *
 * The dead-letter exchange is also the main exchange's alternate exchange, so a message that no
 * binding takes (a type outside these families) lands in the dead-letter queue too, rather than
 * being dropped unseen; and the queue's dead-letter exchange, for whatever the broker itself drops
 * from it (an operator's length limit or TTL).
 */
export interface IngestNames {
  exchange: string;
  queue: string;
  deadExchange: string;
  deadQueue: string;
}

/** Every type of these families reaches the queue: the ones this build does not know are dead-lettered as unknown. */
export const INGEST_BINDINGS = ['inventory.*', 'order.*', 'payment.*'] as const;

export function ingestNames(exchange: string, queue: string): IngestNames {
  return { exchange, queue, deadExchange: `${exchange}.dead`, deadQueue: `${queue}.dead` };
}

/** Declares it all (idempotent); a queue or exchange that exists with other settings fails with the broker's PRECONDITION_FAILED. */
export async function assertTopology(channel: Channel, names: IngestNames): Promise<void> {
  await channel.assertExchange(names.deadExchange, 'fanout', { durable: true });
  await channel.assertQueue(names.deadQueue, { durable: true });
  await channel.bindQueue(names.deadQueue, names.deadExchange, '');
  await channel.assertExchange(names.exchange, 'topic', { durable: true, alternateExchange: names.deadExchange });
  await channel.assertQueue(names.queue, { durable: true, deadLetterExchange: names.deadExchange });
  for (const pattern of INGEST_BINDINGS) await channel.bindQueue(names.queue, names.exchange, pattern);
}
