import { randomUUID } from 'node:crypto';

/**
 * A UUIDv7 (RFC 9562): 48 bits of milliseconds, then random bits. Being time-ordered, a new
 * order's rows (orders, order_items, its `order:<id>` event topic) go to the end of their indexes
 * instead of onto random pages, which is most of what a commit has to write.
 * The random part comes from randomUUID, which draws from a cached pool (randomBytes per id
 * was a syscall each).
 */
export function newId(nowMs: number = Date.now()): string {
  const time = nowMs.toString(16).padStart(12, '0');
  // A v4 UUID is xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx; keep its random tail and RFC variant nibble.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
