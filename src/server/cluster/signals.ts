import type { EventBus } from '../events/bus.js';
import type { LiveEvent, LiveSignal } from '../events/types.js';
import superjson from 'superjson';
import type { Redis } from './redis.js';

interface WireSignal {
  /** The instance that sent it (it has delivered it to its own subscribers already). */
  i: string;
  t: string;
  j: string;
  m: LiveSignal['encoded']['meta'];
  c: number;
}

/**
 * The bus of an instance among several. Logged events reach `local` from the log stream
 * (logStream.ts), never through `publish`; live-only signals (presence, typing) are what
 * `publish` carries, to this instance's subscribers at once and to the others over Redis
 * pub/sub: they are never stored and never replayed, so at-most-once fan-out is their contract,
 * and while the broker is away other instances simply do not hear them.
 */
export function createClusterBus(local: EventBus, redis: Redis, channel: string, instanceId: string, onError: (error: unknown) => void): EventBus {
  return {
    publish(events) {
      local.publish(events);
      for (const event of events) {
        if (event.id !== null) continue;
        const wire: WireSignal = { i: instanceId, t: event.topic, j: event.encoded.json, m: event.encoded.meta, c: event.createdAt.getTime() };
        redis.publish(channel, JSON.stringify(wire)).catch(onError);
      }
    },
    subscribe: (topic, listener) => local.subscribe(topic, listener),
    listenerCount: (topic) => local.listenerCount(topic),
  };
}

/** The other instances' signals, published to this instance's subscribers. */
export async function receiveSignals(subscriber: Redis, channel: string, instanceId: string, local: EventBus, onError: (error: unknown) => void): Promise<void> {
  await subscriber.subscribe(channel, (message) => {
    try {
      const wire = JSON.parse(message) as WireSignal;
      if (wire.i === instanceId) return;
      const signal: LiveEvent = {
        id: null,
        topic: wire.t,
        payload: superjson.deserialize({ json: JSON.parse(wire.j) as never, ...(wire.m ? { meta: wire.m } : {}) }),
        createdAt: new Date(wire.c),
        encoded: { json: wire.j, meta: wire.m },
      };
      local.publish([signal]);
    } catch (error) {
      onError(error);
    }
  });
}
