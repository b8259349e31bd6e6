import type { Clock } from '../clock.js';
import type { Executor } from '../db/database.js';
import { NotFoundError } from '../errors.js';
import type { ConnectionRegistry } from '../live/connections.js';
import type { LiveEngine } from '../live/engine.js';

export interface PlatformStats {
  instances: number;
  connections: number;
  connectionsByRole: { anonymous: number; buyer: number; seller: number; admin: number };
  subscriptionsByTopicKind: Record<string, number>;
  onlineUsers: number;
}

/**
 * One instance's figures, with the connections of each signed-in user on it (`admin.stats` counts
 * the users as a union: a user on two instances is one; `admin.userStatus` sums the connections).
 */
export interface InstanceFigures {
  at: number;
  stats: PlatformStats;
  connectionsByUser: Record<string, number>;
}

/** The other instances' figures (cluster/stats.ts); absent with one instance. */
export interface StatsAcrossInstances {
  sum(mine: InstanceFigures): Promise<PlatformStats>;
  /** One user's connections over every instance, this one's (in `mine`) included. */
  connectionsOf(userId: string, mine: InstanceFigures): Promise<number>;
}

export interface StatsDeps {
  connections: ConnectionRegistry;
  live: LiveEngine;
  clock: Clock;
  instances: StatsAcrossInstances | null;
}

/** Over every instance; this instance's own when it is alone, or when the broker cannot be asked. */
export async function platformStats(deps: StatsDeps): Promise<PlatformStats> {
  const mine = instanceFigures(deps);
  if (!deps.instances) return mine.stats;
  try {
    return await deps.instances.sum(mine);
  } catch {
    return mine.stats;
  }
}

export function instanceFigures(deps: Omit<StatsDeps, 'instances'>): InstanceFigures {
  const connectionsByRole = { anonymous: 0, buyer: 0, seller: 0, admin: 0 };
  const connectionsByUser: Record<string, number> = {};
  for (const connection of deps.connections.all()) {
    const { user } = connection;
    connectionsByRole[user?.role ?? 'anonymous']++;
    if (user) connectionsByUser[user.userId] = (connectionsByUser[user.userId] ?? 0) + 1;
  }
  return {
    at: deps.clock.now().getTime(),
    stats: {
      instances: 1,
      connections: deps.connections.size(),
      connectionsByRole,
      subscriptionsByTopicKind: Object.fromEntries(deps.live.counts()),
      onlineUsers: Object.keys(connectionsByUser).length,
    },
    connectionsByUser,
  };
}

/** Over every instance, as `platformStats`; this instance's own when it is alone, or when the broker cannot be asked. */
export async function userStatus(deps: StatsDeps & { db: Executor }, userId: string): Promise<{ online: boolean; connections: number }> {
  const user = await deps.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('User');
  let connections = 0;
  for (const connection of deps.connections.all()) if (connection.user?.userId === userId) connections++;
  if (deps.instances) {
    try {
      connections = await deps.instances.connectionsOf(userId, instanceFigures(deps));
    } catch {
      // The broker cannot be asked: this instance's count stands.
    }
  }
  return { online: connections > 0, connections };
}
