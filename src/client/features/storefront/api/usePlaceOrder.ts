import { useMemo, useRef } from 'react';
import type { Order } from '../../../../shared/domain.js';
import { trpc } from '../../../app/trpc.js';
import { newIdempotencyKey } from '../../../utils/idempotencyKey.js';
import type { Cart } from './useCart.js';

/**
 * One idempotency key per cart content: a double click or a retry after a timeout
 * sends the same key and the server returns the first order instead of buying twice.
 * Changing the cart (or a successful order) makes it a different purchase with a new key.
 */
export function usePlaceOrder(shopId: string, cart: Cart, onPlaced: () => void) {
  const utils = trpc.useUtils();
  const signature = useMemo(() => JSON.stringify(Object.entries(cart).sort()), [cart]);
  const keyFor = useRef<{ signature: string; key: string }>({ signature, key: newIdempotencyKey() });
  if (keyFor.current.signature !== signature) keyFor.current = { signature, key: newIdempotencyKey() };

  const mutation = trpc.order.place.useMutation({
    // The stock stream brings the new levels anyway; a fresh snapshot (one cheap query) also covers a stream
    // that is reconnecting. Not awaited: the order's outcome should show at once, not after the reload.
    onSettled: () => void utils.product.snapshot.invalidate({ shopId }),
    onSuccess: () => void utils.order.listMine.invalidate(),
  });
  /** `then`: what to do with the placed order (checkout pays it). */
  const place = (then?: (order: Order) => void) => {
    const items = Object.entries(cart).map(([productId, quantity]) => ({ productId, quantity }));
    mutation.mutate(
      { shopId, items, idempotencyKey: keyFor.current.key },
      {
        onSuccess: (order) => {
          onPlaced();
          then?.(order);
        },
      },
    );
  };
  return { mutation, place };
}
