import { Affix, Button } from '@mantine/core';
import type { Product } from '../../../../shared/domain.js';
import { money } from '../../../utils/money.js';
import { cartLines, cartTotal } from '../api/cartLines.js';
import type { Cart } from '../api/useCart.js';

/** On a phone the cart sits below every product; this keeps it one tap away. */
export function CartShortcut({ cart, products }: { cart: Cart; products: readonly Product[] }) {
  const lines = cartLines(cart, products);
  if (lines.length === 0) return null;
  const count = lines.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <Affix position={{ bottom: 16, left: 16, right: 16 }} hiddenFrom="md">
      <Button fullWidth size="md" onClick={() => document.getElementById('cart')?.scrollIntoView({ behavior: 'smooth' })}>
        View cart · {count} {count === 1 ? 'item' : 'items'} · {money(cartTotal(lines))}
      </Button>
    </Affix>
  );
}
