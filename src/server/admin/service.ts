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

/** This instance's figures (one instance today; the scale-out work sums them over every instance). */
export function platformStats(deps: { connections: ConnectionRegistry; live: LiveEngine }): PlatformStats {
  const connectionsByRole = { anonymous: 0, buyer: 0, seller: 0, admin: 0 };
  const online = new Set<string>();
  for (const connection of deps.connections.all()) {
    const { user } = connection;
    connectionsByRole[user?.role ?? 'anonymous']++;
    if (user) online.add(user.userId);
  }
  return {
    instances: 1,
    connections: deps.connections.size(),
    connectionsByRole,
    subscriptionsByTopicKind: Object.fromEntries(deps.live.counts()),
    onlineUsers: online.size,
  };
}

export async function userStatus(deps: { db: Executor; connections: ConnectionRegistry }, userId: string): Promise<{ online: boolean; connections: number }> {
  const user = await deps.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('User');
  let connections = 0;
  for (const connection of deps.connections.all()) if (connection.user?.userId === userId) connections++;
  return { online: connections > 0, connections };
}
