import type { Migration } from 'kysely';
import * as initial from './0001_initial.js';
import * as revokedTokens from './0002_revoked_tokens.js';
import * as eventLogState from './0003_event_log_state.js';
import * as notifications from './0005_notifications.js';
import * as conversations from './0007_conversations.js';

/** Listed statically so the same migrations run from TypeScript sources (tests) and from the build. */
export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_revoked_tokens': revokedTokens,
  '0003_event_log_state': eventLogState,
  '0005_notifications': notifications,
  '0007_conversations': conversations,
};
