import { useState } from 'react';
import type { Order } from '../../../../shared/domain.js';
import { usePayOrder } from '../../../lib/payments/usePayOrder.js';
import type { Cart } from './useCart.js';
import { usePlaceOrder } from './usePlaceOrder.js';

/**
 * Checkout: place the order, then pay it at once with the chosen card. A declined card leaves the
 * order placed (its stock held until it is paid or released) and payable again with another card.
 */
export function useCheckout(shopId: string, cart: Cart, clearCart: () => void) {
  const { mutation: placing, place } = usePlaceOrder(shopId, cart, clearCart);
  const { mutation: paying, pay } = usePayOrder();
  const [order, setOrder] = useState<Order | null>(null);

  return {
    /** The order this checkout placed, as its last answer had it (payment included). */
    order,
    placing,
    paying,
    checkout: (method: string) => {
      paying.reset();
      setOrder(null);
      place((placed) => {
        setOrder(placed);
        pay(placed.id, method, setOrder);
      });
    },
    payAgain: (method: string) => {
      if (order) pay(order.id, method, setOrder);
    },
    done: () => {
      setOrder(null);
      paying.reset();
      placing.reset();
    },
  };
}
