import { TRPCClientError } from '@trpc/client';
import { OfflineError } from '../app/offlineLink.js';

const ERROR_CODES = [
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_REQUEST',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'TOO_MANY_REQUESTS',
  'INTERNAL_SERVER_ERROR',
  'NETWORK',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const isErrorCode = (code: unknown): code is ErrorCode => (ERROR_CODES as readonly unknown[]).includes(code);

interface ZodIssueLike {
  path: (string | number)[];
  message: string;
}

export interface ErrorDescription {
  code: ErrorCode;
  title: string;
  message: string;
  /** Field-level problems from zod, for BAD_REQUEST. */
  issues: { field: string; message: string }[];
}

function errorData(error: unknown): Record<string, unknown> | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
}

export function errorCode(error: unknown): ErrorCode | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const code = errorData(error)?.['code'];
  if (code === undefined) return 'NETWORK';
  // A code this client does not know yet is still the server's failure, never a crash here.
  return isErrorCode(code) ? code : 'INTERNAL_SERVER_ERROR';
}

/** Why the server refused, where a code has several reasons (`PRECONDITION_FAILED`'s `cursor_expired`, ...). */
export function errorReason(error: unknown): string | undefined {
  const reason = errorData(error)?.['reason'];
  return typeof reason === 'string' ? reason : undefined;
}

function zodIssues(error: unknown): { field: string; message: string }[] {
  const raw = errorData(error)?.['zodIssues'];
  if (!Array.isArray(raw)) return [];
  return (raw as ZodIssueLike[]).map((issue) => ({ field: issue.path.join('.') || 'input', message: issue.message }));
}

function serverMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Titles for the causes the server names (`reason` in the error's data); the server's sentence says the rest. */
const REASON_TITLES: Record<string, string> = {
  bad_credentials: 'Wrong email or password',
  email_taken: 'That email already has an account',
  sku_taken: 'That SKU is already in use',
  not_enough_stock: 'Not enough stock',
  order_not_cancellable: "This order can't be cancelled now",
  shop_name_taken: 'You already have a shop with that name',
  already_member: 'Already on the team',
  last_owner: 'A shop needs an owner',
  supplier_name_taken: 'That supplier already exists',
  purchase_order_not_draft: 'Only a draft can be edited',
  purchase_order_not_receivable: 'Nothing to receive on this order',
  purchase_order_changed: 'The purchase order changed meanwhile',
  transfer_already_received: 'Already received',
  service_name_taken: 'That service already exists',
  slot_taken: 'That slot is taken',
  booking_started: 'This booking has already started',
  product_archived: 'No longer sold',
  in_stock: 'It is in stock',
};

/** Every code the contract can answer with, in words a shopper or seller can act on. */
export function describeError(error: unknown): ErrorDescription {
  const code = errorCode(error) ?? 'INTERNAL_SERVER_ERROR';
  const issues = code === 'BAD_REQUEST' ? zodIssues(error) : [];
  const base = { code, issues };
  if (error instanceof TRPCClientError && error.cause instanceof OfflineError) return { ...base, title: "You're offline", message: error.cause.message };
  const reasonTitle = REASON_TITLES[errorReason(error) ?? ''];
  if (reasonTitle) return { ...base, title: reasonTitle, message: serverMessage(error) };
  switch (code) {
    case 'UNAUTHORIZED':
      return { ...base, title: 'Please sign in', message: serverMessage(error) || 'You need to sign in to do this.' };
    case 'FORBIDDEN':
      return { ...base, title: 'Not allowed', message: `Your account can't do this. ${serverMessage(error)}` };
    case 'NOT_FOUND':
      return { ...base, title: 'Not found', message: `${serverMessage(error)}. It may have been removed, or the link is wrong.` };
    case 'BAD_REQUEST':
      return {
        ...base,
        title: 'Please check your input',
        message: issues.length > 0 ? 'Some fields need a fix:' : serverMessage(error),
      };
    case 'CONFLICT':
      // A conflict the server gives no reason for is one with the current state of things (a status moved on).
      return { ...base, title: "Can't do that now", message: serverMessage(error) };
    case 'PRECONDITION_FAILED':
      return { ...base, title: 'Out of date', message: 'What is on screen is older than the server can bring up to date. Reloading it.' };
    case 'TOO_MANY_REQUESTS':
      // With a wait (failed sign-ins), the server's sentence says how long; a stream that fell behind has none.
      return typeof errorData(error)?.['retryAfterSeconds'] === 'number'
        ? { ...base, title: 'Too many attempts', message: serverMessage(error) }
        : { ...base, title: 'Too busy right now', message: 'Too many requests at once. Wait a moment and try again.' };
    case 'NETWORK':
      return { ...base, title: "Can't reach Shopwire", message: 'Check your connection and try again.' };
    case 'INTERNAL_SERVER_ERROR':
      return { ...base, title: 'Something went wrong on our side', message: 'Please try again in a moment.' };
  }
}
