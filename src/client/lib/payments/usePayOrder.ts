import { useRef } from 'react';
import type { Order } from '../../../shared/domain.js';
import { trpc } from '../../app/trpc.js';
import { newIdempotencyKey } from '../../utils/idempotencyKey.js';

/**
 * order.pay with one idempotency key per attempt: a double click, or a retry after a lost answer,
 * sends the same key and the server charges once. Once an attempt has an outcome (paid or
 * declined) the next is a new attempt with a new key; another card is another attempt too.
 */
export function usePayOrder() {
  const utils = trpc.useUtils();
  const mutation = trpc.order.pay.useMutation({ onSettled: () => void utils.order.listMine.invalidate() });
  const attempt = useRef<{ orderId: string; method: string; key: string } | null>(null);
  const pay = (orderId: string, method: string, onAnswer?: (order: Order) => void) => {
    let current = attempt.current;
    if (!current || current.orderId !== orderId || current.method !== method) current = attempt.current = { orderId, method, key: newIdempotencyKey() };
    mutation.mutate(
      { orderId, paymentMethod: method, idempotencyKey: current.key },
      {
        onSuccess: (answer) => {
          attempt.current = null;
          onAnswer?.(answer);
        },
      },
    );
  };
  return { mutation, pay };
}
