import type { Migration } from 'kysely';
import * as initial from './0001_initial.js';
import * as revokedTokens from './0002_revoked_tokens.js';
import * as eventLogState from './0003_event_log_state.js';
import * as shopRoles from './0004_shop_roles.js';
import * as announcements from './0006_announcements.js';
import * as notifications from './0005_notifications.js';
import * as conversations from './0007_conversations.js';
import * as purchasing from './0008_purchasing.js';
import * as bookings from './0009_bookings.js';
import * as transfers from './0010_transfers.js';
import * as payments from './0011_payments.js';
import * as periodsProducts from './0012_periods_products.js';
import * as serverSecrets from './0013_server_secrets.js';
import * as ingest from './0014_ingest.js';
import * as orderSearch from './0015_order_search.js';

/** Listed statically so the same migrations run from TypeScript sources (tests) and from the build. */
export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_revoked_tokens': revokedTokens,
  '0003_event_log_state': eventLogState,
  '0004_shop_roles': shopRoles,
  '0006_announcements': announcements,
  '0005_notifications': notifications,
  '0007_conversations': conversations,
  '0008_purchasing': purchasing,
  '0009_bookings': bookings,
  '0010_transfers': transfers,
  '0011_payments': payments,
  '0012_periods_products': periodsProducts,
  '0013_server_secrets': serverSecrets,
  '0014_ingest': ingest,
  '0015_order_search': orderSearch,
};
