import type { ActivityKind, LiveViewEvent } from '../../../../shared/presence.js';

export interface Activity {
  kind: ActivityKind;
  productId: string | null;
  at: Date;
}

export interface LiveViewState {
  /** False until the stream's snapshot has arrived. */
  ready: boolean;
  visitors: number;
  viewersByProduct: Record<string, number>;
  team: { userId: string; name: string; online: boolean }[];
  /** Newest first, at most FEED_SIZE. */
  activity: Activity[];
}

export const FEED_SIZE = 30;

export const initialLiveView: LiveViewState = { ready: false, visitors: 0, viewersByProduct: {}, team: [], activity: [] };

/** A snapshot replaces the figures (it comes first on every resubscription); the feed keeps what was seen. */
export function liveViewReducer(state: LiveViewState, event: LiveViewEvent): LiveViewState {
  switch (event.type) {
    case 'snapshot':
      return { ready: true, visitors: event.visitors, viewersByProduct: event.viewersByProduct, team: event.team, activity: state.activity };
    case 'visitors':
      return { ...state, visitors: event.visitors, viewersByProduct: event.viewersByProduct };
    case 'member_online':
    case 'member_offline': {
      const online = event.type === 'member_online';
      return { ...state, team: state.team.map((member) => (member.userId === event.userId ? { ...member, online } : member)) };
    }
    case 'activity':
      return { ...state, activity: [{ kind: event.kind, productId: event.productId, at: event.at }, ...state.activity].slice(0, FEED_SIZE) };
  }
}

/** Products by current viewers, most first (ties by id, so the order is stable). */
export function mostViewed(viewersByProduct: Record<string, number>, limit = 5): { productId: string; viewers: number }[] {
  return Object.entries(viewersByProduct)
    .filter(([, viewers]) => viewers > 0)
    .map(([productId, viewers]) => ({ productId, viewers }))
    .sort((a, b) => b.viewers - a.viewers || a.productId.localeCompare(b.productId))
    .slice(0, limit);
}
