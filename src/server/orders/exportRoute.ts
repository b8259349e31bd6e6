import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { orderFiltersSchema } from '../../shared/orderFilters.js';
import type { TokenClaims } from '../auth/tokens.js';
import type { Clock } from '../clock.js';
import { bearerToken } from '../context.js';
import type { Db } from '../db/database.js';
import { DomainError } from '../errors.js';
import { assertSellerOfShop, seesMoney } from '../shops/access.js';
import { orderCsv } from './export.js';

export const ORDERS_EXPORT_PATH = '/api/export/orders.csv';

export interface OrdersExportDeps {
  db: Db;
  clock: Clock;
  verify: (token: string) => Promise<TokenClaims | null>;
  /** A failure after the download began (the file is cut short; the browser reports it as failed). */
  onError: (err: unknown) => void;
}

const inputSchema = z.object({ shopId: z.string().min(1, 'Give the shop: shopId=…').max(100) }).and(orderFiltersSchema);

const STATUS: Partial<Record<DomainError['code'], number>> = { UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, BAD_REQUEST: 400 };

/**
 * GET /api/export/orders.csv?shopId=…&status=…&paymentStatus=…&search=…&from=…&to=… with
 * `Authorization: Bearer <token>`: the orders `order.list` would page through with these filters,
 * as one CSV download, streamed (export.ts). Refusals answer before the first byte, as JSON
 * `{ error: { code, message } }` with the status that code has over tRPC's HTTP.
 */
export function createOrdersExportRoute(deps: OrdersExportDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void answer(deps, req, res).catch((err: unknown) => {
      if (!res.headersSent && err instanceof DomainError) return refuse(res, STATUS[err.code] ?? 500, err.code, err.message);
      // Not a refusal: a database failure before or during the file. A cut download is all the caller can be told once it began.
      deps.onError(err);
      if (!res.headersSent) refuse(res, 500, 'INTERNAL_SERVER_ERROR', 'The export failed; try again');
      else res.destroy();
    });
  };
}

async function answer(deps: OrdersExportDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET') {
    res.setHeader('allow', 'GET');
    return refuse(res, 405, 'METHOD_NOT_SUPPORTED', 'Download the export with GET');
  }
  const token = bearerToken(req.headers.authorization);
  const user = token ? await deps.verify(token) : null;
  if (!user) {
    res.setHeader('www-authenticate', 'Bearer realm="shopwire"');
    return refuse(res, 401, 'UNAUTHORIZED', token ? 'Your sign-in has expired or was signed out; sign in again' : 'Sign in first: send Authorization: Bearer <token>');
  }
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const raw = readParams(params);
  if (typeof raw === 'string') return refuse(res, 400, 'BAD_REQUEST', raw);
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) {
    return refuse(res, 400, 'BAD_REQUEST', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; '));
  }
  const { shopId, ...filters } = parsed.data;
  const role = await assertSellerOfShop(deps.db, user, shopId);

  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="orders-${deps.clock.now().toISOString().slice(0, 10)}.csv"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  // Readable.from pulls the next page only when the socket has taken the last one (backpressure);
  // a caller that goes away destroys it, which ends the generator before its next read.
  const rows = Readable.from(orderCsv(deps.db, { shopId, filters, seesMoney: seesMoney(role) }), { objectMode: false });
  try {
    await pipeline(rows, res);
  } catch (err) {
    // The caller closed the connection mid-download: nothing went wrong here.
    if (req.destroyed || res.destroyed) return;
    throw err;
  }
}

/** The query string as the filter schema takes it; a sentence when a date is no date. */
function readParams(params: URLSearchParams): Record<string, unknown> | string {
  const optional = (name: string) => {
    const value = params.get(name);
    return value === null || value === '' ? undefined : value;
  };
  const dates: Record<string, Date | undefined> = {};
  for (const name of ['from', 'to'] as const) {
    const value = optional(name);
    if (value === undefined) continue;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return `${name}: "${value.slice(0, 40)}" is not a date and time; send ISO 8601, like 2026-03-10T00:00:00Z`;
    dates[name] = date;
  }
  return {
    shopId: params.get('shopId') ?? '',
    status: optional('status'),
    paymentStatus: optional('paymentStatus'),
    search: params.get('search') ?? undefined,
    ...dates,
  };
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error: { code, message } }));
}
