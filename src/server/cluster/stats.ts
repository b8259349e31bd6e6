import type { InstanceFigures, PlatformStats, StatsAcrossInstances } from '../admin/service.js';
import type { Redis } from './redis.js';

/**
 * `admin.stats` over every instance: each writes its figures to one hash (a field per instance)
 * every few seconds and when asked; the asking instance sums the fields written recently. An
 * instance that stopped writing (it died) drops out once its figures are `staleMs` old.
 */
export function createClusterStats(redis: Redis, key: string, instanceId: string, staleMs: number): StatsAcrossInstances & { publish(figures: InstanceFigures): Promise<void> } {
  return {
    async publish(figures: InstanceFigures): Promise<void> {
      await redis.hSet(key, instanceId, JSON.stringify(figures));
    },
    async sum(mine: InstanceFigures): Promise<PlatformStats> {
      await redis.hSet(key, instanceId, JSON.stringify(mine));
      const fields = await redis.hGetAll(key);
      const total: PlatformStats = { instances: 0, connections: 0, connectionsByRole: { anonymous: 0, buyer: 0, seller: 0, admin: 0 }, subscriptionsByTopicKind: {}, onlineUsers: 0 };
      const users = new Set<string>();
      for (const [instance, text] of Object.entries(fields)) {
        const figures = JSON.parse(text) as InstanceFigures;
        if (figures.at < mine.at - staleMs) {
          await redis.hDel(key, instance);
          continue;
        }
        total.instances++;
        total.connections += figures.stats.connections;
        for (const role of ['anonymous', 'buyer', 'seller', 'admin'] as const) total.connectionsByRole[role] += figures.stats.connectionsByRole[role];
        for (const [kind, n] of Object.entries(figures.stats.subscriptionsByTopicKind)) total.subscriptionsByTopicKind[kind] = (total.subscriptionsByTopicKind[kind] ?? 0) + n;
        for (const id of figures.userIds) users.add(id);
      }
      total.onlineUsers = users.size;
      return total;
    },
  };
}
