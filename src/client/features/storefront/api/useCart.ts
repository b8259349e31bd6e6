import { useCallback, useEffect, useState } from 'react';

export type Cart = Record<string, number>;

function storageKey(shopId: string): string {
  return `shopwire.cart.${shopId}`;
}

function load(shopId: string): Cart {
  try {
    const raw = window.sessionStorage.getItem(storageKey(shopId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return typeof parsed === 'object' && parsed !== null ? (parsed as Cart) : {};
  } catch {
    return {};
  }
}

/** Product id -> quantity, one cart per shop, surviving a reload of the tab. */
export function useCart(shopId: string) {
  const [cart, setCart] = useState<Cart>(() => load(shopId));
  useEffect(() => {
    try {
      window.sessionStorage.setItem(storageKey(shopId), JSON.stringify(cart));
    } catch {
      // storage unavailable: the cart lives as long as the page
    }
  }, [shopId, cart]);
  const setQuantity = useCallback((productId: string, quantity: number) => {
    setCart((current) => {
      const next = { ...current };
      if (quantity > 0) next[productId] = quantity;
      else delete next[productId];
      return next;
    });
  }, []);
  const clear = useCallback(() => setCart({}), []);
  return { cart, setQuantity, clear };
}
