import type { Transfer } from '../../../../shared/transfers.js';

/** The list as loaded with every transfer heard of since (an event is newer than the list it follows), newest sent first. */
export function mergeTransfers(loaded: readonly Transfer[], heard: ReadonlyMap<string, Transfer>): Transfer[] {
  const byId = new Map(loaded.map((transfer) => [transfer.id, transfer]));
  for (const [id, transfer] of heard) byId.set(id, transfer);
  return [...byId.values()].sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime() || b.id.localeCompare(a.id));
}

/** Sent to this shop and not received yet: what its team has to take in. */
export function incoming(transfers: readonly Transfer[], shopId: string): Transfer[] {
  return transfers.filter((transfer) => transfer.toShopId === shopId && transfer.status === 'in_transit');
}
