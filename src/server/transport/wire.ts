import superjson from 'superjson';
import type { StoredEvent } from '../events/types.js';

/**
 * Serializes each event once for every subscriber. A data message for subscription `id` is
 * `prefix(id) + tail(event)`: the prefix is fixed per subscription, the tail per event; the same
 * bytes tRPC's own adapter would produce, so the stock `wsLink` reads them.
 */
export interface EventWire {
  prefix(requestId: string | number, jsonrpc: '2.0' | undefined): Buffer;
  tail(event: StoredEvent): Buffer;
}

export function createEventWire(): EventWire {
  // Keyed by the event object the bus hands to every listener, so it lives exactly as long as the event.
  const tails = new WeakMap<StoredEvent, Buffer>();
  return {
    prefix(requestId, jsonrpc) {
      const rpc = jsonrpc === undefined ? '' : `"jsonrpc":${JSON.stringify(jsonrpc)},`;
      return Buffer.from(`{"id":${JSON.stringify(requestId)},${rpc}"result":{"type":"data","id":"`);
    },
    tail(event) {
      let tail = tails.get(event);
      if (!tail) {
        const id = String(event.id);
        tail = Buffer.from(`${id}","data":${JSON.stringify(superjson.serialize({ id, data: event.payload }))}}}`);
        tails.set(event, tail);
      }
      return tail;
    },
  };
}
