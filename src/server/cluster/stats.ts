import type { InstanceFigures, PlatformStats, StatsAcrossInstances } from '../admin/service.js';
import type { Redis } from './redis.js';

/** How long an `admin.stats` waits for the other instances' fresh figures before it sums what it has. */
const ASK_TIMEOUT_MS = 500;

export interface ClusterStatsOptions {
  redis: Redis;
  subscriber: Redis;
  prefix: string;
  instanceId: string;
  /** Figures older than this are an instance that died, and are dropped. */
  staleMs: number;
  figures: () => InstanceFigures;
  onError: (error: unknown) => void;
}

/**
 * `admin.stats` and `admin.userStatus` over every instance: each writes its figures to one hash
 * (a field per instance) every few seconds, so the hash also says which instances are alive.
 * Figures a few seconds old would count connections since closed, so the asking instance asks the
 * others (pub/sub) to write theirs now, waits for their answers (or a short timeout: one that does
 * not answer is summed as it last wrote), and sums the fields. A user on two instances is one
 * online user for `admin.stats`; `admin.userStatus` adds up that user's connections.
 */
export async function startClusterStats({ redis, subscriber, prefix, instanceId, staleMs, figures, onError }: ClusterStatsOptions): Promise<StatsAcrossInstances & { publish(): Promise<void>; leave(): Promise<void> }> {
  const key = `${prefix}instances`;
  const channel = `${prefix}stats`;
  const waiting = new Map<string, (from: string) => void>();
  const publish = () => redis.hSet(key, instanceId, JSON.stringify(figures())).then(() => undefined);

  await subscriber.subscribe(channel, (message) => {
    const [kind, request, from] = message.split(' ');
    if (kind === 'ask' && from !== instanceId && request) {
      publish()
        .then(() => redis.publish(channel, `done ${request} ${instanceId}`))
        .catch(onError);
    } else if (kind === 'done' && request && from) waiting.get(request)?.(from);
  });

  const read = async (now: number) => {
    const live = new Map<string, InstanceFigures>();
    for (const [instance, text] of Object.entries(await redis.hGetAll(key))) {
      const entry = upgraded(JSON.parse(text) as InstanceFigures & { userIds?: string[] });
      if (entry.at >= now - staleMs) live.set(instance, entry);
      else await redis.hDel(key, instance);
    }
    return live;
  };

  const fresh = async (mine: InstanceFigures) => {
    await redis.hSet(key, instanceId, JSON.stringify(mine));
    const others = new Set([...(await read(mine.at)).keys()].filter((id) => id !== instanceId));
    if (others.size > 0) {
      const request = `${instanceId}:${mine.at}:${Math.random().toString(36).slice(2)}`;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, ASK_TIMEOUT_MS);
        function done() {
          clearTimeout(timer);
          waiting.delete(request);
          resolve();
        }
        waiting.set(request, (from) => {
          others.delete(from);
          if (others.size === 0) done();
        });
        redis.publish(channel, `ask ${request} ${instanceId}`).catch(done);
      });
    }
    return [...(await read(mine.at)).values()];
  };

  return {
    publish,
    leave: () => redis.hDel(key, instanceId).then(() => undefined),
    sum: async (mine) => total(await fresh(mine)),
    async connectionsOf(userId, mine) {
      let connections = 0;
      for (const figures of await fresh(mine)) connections += figures.connectionsByUser[userId] ?? 0;
      return connections;
    },
  };
}

function total(all: readonly InstanceFigures[]): PlatformStats {
  const sum: PlatformStats = { instances: all.length, connections: 0, connectionsByRole: { anonymous: 0, buyer: 0, seller: 0, admin: 0 }, subscriptionsByTopicKind: {}, onlineUsers: 0 };
  const users = new Set<string>();
  for (const { stats, connectionsByUser } of all) {
    sum.connections += stats.connections;
    for (const role of ['anonymous', 'buyer', 'seller', 'admin'] as const) sum.connectionsByRole[role] += stats.connectionsByRole[role];
    for (const [kind, n] of Object.entries(stats.subscriptionsByTopicKind)) sum.subscriptionsByTopicKind[kind] = (sum.subscriptionsByTopicKind[kind] ?? 0) + n;
    for (const id of Object.keys(connectionsByUser)) users.add(id);
  }
  sum.onlineUsers = users.size;
  return sum;
}

/**
 * During a rolling upgrade, instances still on the previous version write `userIds` (who is signed
 * in) without a count per user: read those as one connection each rather than failing the sum.
 */
function upgraded(entry: InstanceFigures & { userIds?: string[] }): InstanceFigures {
  if (entry.connectionsByUser) return entry;
  return { ...entry, connectionsByUser: Object.fromEntries((entry.userIds ?? []).map((id) => [id, 1])) };
}
