import type { LiveEvent } from './types.js';

/** Gets every event of one publish for its topic at once, so a transport can write them together. */
export type Listener = (events: readonly LiveEvent[]) => void;

/**
 * Carries committed events (in log order, from the relay) and live-only signals to the live
 * subscribers of this process. The in-process one is the default; a broker-backed one (several
 * instances, DESIGN §9) implements the same three methods, fanning each publish out to every
 * instance's local listeners.
 */
export interface EventBus {
  publish(events: readonly LiveEvent[]): void;
  subscribe(topic: string, listener: Listener): () => void;
  listenerCount(topic?: string): number;
}

export function createInProcessBus(): EventBus {
  const listeners = new Map<string, Set<Listener>>();
  return {
    publish(events) {
      // One listener that throws must not keep the events from the others; its error is raised after.
      const errors: unknown[] = [];
      for (const [topic, batch] of groupByTopic(events)) {
        const set = listeners.get(topic);
        if (!set) continue;
        for (const listener of set) {
          try {
            listener(batch);
          } catch (error) {
            errors.push(error);
          }
        }
      }
      if (errors.length > 0) throw new AggregateError(errors, `${errors.length} bus listener(s) failed`);
    },
    subscribe(topic, listener) {
      let set = listeners.get(topic);
      if (!set) listeners.set(topic, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(topic) === set) listeners.delete(topic);
      };
    },
    listenerCount(topic) {
      if (topic !== undefined) return listeners.get(topic)?.size ?? 0;
      let total = 0;
      for (const set of listeners.values()) total += set.size;
      return total;
    },
  };
}

function groupByTopic(events: readonly LiveEvent[]): Map<string, LiveEvent[]> {
  const byTopic = new Map<string, LiveEvent[]>();
  for (const event of events) {
    const batch = byTopic.get(event.topic);
    if (batch) batch.push(event);
    else byTopic.set(event.topic, [event]);
  }
  return byTopic;
}
