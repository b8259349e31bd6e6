/**
 * Publishes one message to Shopwire's ingest exchange, as a warehouse or payment processor would
 * (README "Events from other services"):
 *
 *   npx tsx scripts/ingest-publish.ts inventory.counted '{"shopId":"…","sku":"BEANS-1","quantity":12,"countedAt":"2026-12-01T09:30:00Z","source":"North"}'
 *
 * The message id is a new UUID unless `--id <id>` is given (send the same id twice to see it
 * applied once). The body is checked against the message's schema first; `--unchecked` sends it
 * anyway (to see a refusal land in the dead-letter queue). INGEST_AMQP_URL and INGEST_EXCHANGE
 * as for the server (default amqp://guest:guest@127.0.0.1:5672, shopwire.ingest).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { connect } from 'amqplib';
import { INGEST_MESSAGES, INGEST_TYPES, isIngestType } from '../src/shared/ingest.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { id: { type: 'string' }, unchecked: { type: 'boolean', default: false } } });
const [type, body] = positionals;
if (type === undefined || body === undefined) {
  console.error(`usage: ingest-publish <type> '<json body>' [--id <message id>] [--unchecked]\ntypes: ${INGEST_TYPES.join(', ')}`);
  process.exit(2);
}
if (!values.unchecked) {
  const problems = check(type, body);
  if (problems.length > 0) {
    console.error(`Not sent (--unchecked sends it anyway):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
}

const url = process.env['INGEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const exchange = process.env['INGEST_EXCHANGE'] ?? 'shopwire.ingest';
const connection = await connect(url);
try {
  const channel = await connection.createConfirmChannel();
  const messageId = values.id ?? randomUUID();
  channel.publish(exchange, type, Buffer.from(body), { messageId, contentType: 'application/json', persistent: true });
  await channel.waitForConfirms();
  console.log(`Sent ${type} ${messageId} to ${exchange}`);
} finally {
  await connection.close();
}

function check(type: string, body: string): string[] {
  if (!isIngestType(type)) return [`${type}: not a type Shopwire applies; one of ${INGEST_TYPES.join(', ')}`];
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return [`the body is not JSON (${error instanceof Error ? error.message : String(error)})`];
  }
  return INGEST_MESSAGES[type].safeParse(json).error?.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) ?? [];
}
