import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: 'buyer' | 'seller' | 'admin';
  password_hash: string;
  created_at: number;
}

export interface ShopsTable {
  id: string;
  name: string;
  created_at: number;
}

export interface ShopSellersTable {
  shop_id: string;
  user_id: string;
  role: 'owner' | 'manager' | 'staff';
  /**
   * On owner rows only, the shop's name trimmed and lower-cased (null on the others): a unique index
   * on (user_id, owned_name_key) keeps the names of the shops one seller owns apart (migration 0012).
   */
  owned_name_key: Generated<string | null>;
}

export interface ProductsTable {
  id: string;
  shop_id: string;
  name: string;
  sku: string;
  price_cents: number;
  cost_cents: number;
  stock: number;
  low_stock_threshold: number;
  created_at: number;
  /** Set while the shop no longer sells it (not listed to buyers, not orderable); past orders keep their lines. */
  archived_at: Generated<number | null>;
}

export interface OrdersTable {
  id: string;
  shop_id: string;
  buyer_id: string;
  status: 'pending' | 'confirmed' | 'shipped' | 'delivered' | 'cancelled';
  total_cents: number;
  profit_cents: number;
  idempotency_key: string | null;
  created_at: number;
  updated_at: number;
}

export interface OrderItemsTable {
  order_id: string;
  line: number;
  product_id: string;
  product_name: string;
  quantity: number;
  price_cents: number;
  cost_cents: number;
}

export interface StockMovementsTable {
  id: Generated<number>;
  product_id: string;
  delta: number;
  reason: string;
  order_id: string | null;
  created_at: number;
  kind: Generated<StockMovementKind>;
  /** The product's stock right after this movement. */
  stock_after: number;
  /** Who made it: the buyer of an order, the member who adjusted, cancelled or received; null when unknown. */
  by_user_id: string | null;
  purchase_order_id: string | null;
  transfer_id: string | null;
}

export type StockMovementKind = 'order' | 'cancel' | 'adjust' | 'purchase' | 'transfer';

export interface EventsTable {
  id: Generated<number>;
  topic: string;
  type: string;
  payload: string;
  created_at: number;
}

export interface RevokedTokensTable {
  token_hash: string;
  expires_at: number;
}

export interface EventLogStateTable {
  id: number;
  /** Events with ids up to this one were pruned. */
  pruned_through: number;
}

export interface AnnouncementsTable {
  id: string;
  title: string;
  body: string;
  severity: 'info' | 'warning' | 'maintenance';
  ends_at: number | null;
  created_by: string;
  created_at: number;
}

export interface ConversationsTable {
  id: string;
  shop_id: string;
  buyer_id: string;
  order_id: string | null;
  /** The order id, or '' for none (see migration 0007). */
  order_key: string;
  created_at: number;
  /** The newest message's id, or the conversation's own (see migration 0007). */
  last_activity_id: string;
}

export interface MessagesTable {
  id: string;
  conversation_id: string;
  sender_id: string;
  sender_name: string;
  sender_role: 'buyer' | 'shop';
  body: string;
  client_message_id: string;
  created_at: number;
}

export interface ConversationReadsTable {
  conversation_id: string;
  user_id: string;
  last_read_message_id: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: number;
  read_at: number | null;
}

export interface SuppliersTable {
  id: string;
  shop_id: string;
  name: string;
  email: string | null;
  created_at: number;
}

export interface PurchaseOrdersTable {
  id: string;
  shop_id: string;
  supplier_id: string;
  status: 'draft' | 'ordered' | 'partially_received' | 'received' | 'cancelled';
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface PurchaseOrderLinesTable {
  purchase_order_id: string;
  line: number;
  product_id: string;
  quantity: number;
  unit_cost_cents: number;
  received_quantity: number;
}

export interface TransfersTable {
  id: string;
  from_shop_id: string;
  to_shop_id: string;
  from_product_id: string;
  to_product_id: string;
  sku: string;
  quantity: number;
  status: 'in_transit' | 'received';
  sent_by: string;
  sent_at: number;
  received_by: string | null;
  received_at: number | null;
}

export interface ServicesTable {
  id: string;
  shop_id: string;
  name: string;
  duration_minutes: number;
  price_cents: number;
  created_at: number;
  /** Bumped first by every transaction that books the service (see migration 0009). */
  booking_lock: Generated<number>;
}

export interface BookingsTable {
  id: string;
  service_id: string;
  shop_id: string;
  buyer_id: string;
  starts_at: number;
  ends_at: number;
  price_cents: number;
  status: 'requested' | 'confirmed' | 'completed' | 'cancelled';
  /** When the reminder was dealt with (sent, or passed over once the booking had started); null while due. */
  reminder_sent_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A message from another service that was applied (src/server/ingest): its id, so a redelivery is not applied twice. */
export interface IngestMessagesTable {
  message_id: string;
  type: string;
  source: string;
  applied_at: number;
}

/** The newest warehouse count applied to a product. */
export interface IngestCountsTable {
  product_id: string;
  counted_at: number;
  message_id: string;
}

/** A buyer asked to hear when a sold-out product comes back: one notification at its next restock, then the row goes. */
export interface RestockSubscriptionsTable {
  product_id: string;
  user_id: string;
  created_at: number;
}

export interface Database {
  users: UsersTable;
  shops: ShopsTable;
  shop_sellers: ShopSellersTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  revoked_tokens: RevokedTokensTable;
  stock_movements: StockMovementsTable;
  events: EventsTable;
  event_log_state: EventLogStateTable;
  announcements: AnnouncementsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  conversation_reads: ConversationReadsTable;
  notifications: NotificationsTable;
  suppliers: SuppliersTable;
  purchase_orders: PurchaseOrdersTable;
  purchase_order_lines: PurchaseOrderLinesTable;
  transfers: TransfersTable;
  services: ServicesTable;
  bookings: BookingsTable;
  ingest_messages: IngestMessagesTable;
  ingest_counts: IngestCountsTable;
  restock_subscriptions: RestockSubscriptionsTable;
}
