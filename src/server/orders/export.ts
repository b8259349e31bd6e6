import type { OrderFilters } from '../../shared/orderFilters.js';
import { orderNumber } from '../../shared/orderNumber.js';
import { decimalMoney } from '../../shared/money.js';
import { addressLines } from '../../shared/payments.js';
import type { Executor } from '../db/database.js';
import type { OrdersTable } from '../db/schema.js';
import { csvRow, number, text, type CsvCell } from './csv.js';
import { pageOrderRows, parseAddress } from './queries.js';

/** Rows per read: big enough that a large export is few queries, small enough that one page is little memory. */
export const EXPORT_PAGE_SIZE = 500;

const BASE_COLUMNS = ['Order', 'Placed at', 'Status', 'Payment', 'Customer', 'Email', 'Shipping address', 'Items', 'Total'];
/** Owners and managers only; staff get a file without these columns at all, not empty ones. */
const MONEY_COLUMNS = ['Cost', 'Profit'];

export function exportColumns(seesMoney: boolean): string[] {
  return seesMoney ? [...BASE_COLUMNS, ...MONEY_COLUMNS] : BASE_COLUMNS;
}

export interface OrderExport {
  shopId: string;
  filters: OrderFilters;
  seesMoney: boolean;
  pageSize?: number;
  /** Told after each page is read (tests watch the stream read no further ahead than it is consumed). */
  onPage?: (rows: number) => void;
}

/**
 * The filtered orders as CSV text, a page at a time through the same filters and keyset as
 * `order.list`. Consumed as a stream, the next page is read only when the previous one has been
 * taken, so memory holds a page, whatever the shop's size. Pages are separate reads, not one
 * transaction (a long export must not hold a connection or the WAL): orders placed meanwhile are
 * newer than the first page and never join, and the keyset neither repeats nor skips a row.
 */
export async function* orderCsv(db: Executor, { shopId, filters, seesMoney, pageSize = EXPORT_PAGE_SIZE, onPage }: OrderExport): AsyncGenerator<string> {
  yield csvRow(exportColumns(seesMoney).map(text));
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof pageOrderRows>> = await pageOrderRows(db, { shopId, filters }, { cursor, limit: pageSize });
    onPage?.(page.rows.length);
    if (page.rows.length > 0) {
      const units = await unitsByOrder(
        db,
        page.rows.map((row) => row.id),
      );
      yield page.rows.map((row) => csvRow(orderCells(row, units.get(row.id) ?? 0, seesMoney))).join('');
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
}

function orderCells(row: OrdersTable, units: number, seesMoney: boolean): CsvCell[] {
  const cells = [
    text(orderNumber(row.id)),
    text(new Date(Number(row.created_at)).toISOString()),
    text(row.status),
    text(row.payment_status),
    text(row.customer_name),
    text(row.customer_email),
    text(addressLine(row.shipping_address)),
    number(String(units)),
    number(decimalMoney(row.total_cents)),
  ];
  if (seesMoney) cells.push(number(decimalMoney(row.total_cents - row.profit_cents)), number(decimalMoney(row.profit_cents)));
  return cells;
}

function addressLine(json: string | null): string {
  const address = parseAddress(json);
  return address ? addressLines(address).join(', ') : '';
}

/** Items per order: the units bought (2 mugs and 1 bag are 3), as a picker counts them. */
async function unitsByOrder(db: Executor, orderIds: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('order_items')
    .select((eb) => ['order_id', eb.fn.sum<number | string>('quantity').as('units')])
    .where('order_id', 'in', orderIds)
    .groupBy('order_id')
    .execute();
  // PostgreSQL sums integers as bigint, which pg hands over as text.
  return new Map(rows.map((row) => [row.order_id, Number(row.units)]));
}
