import { Anchor, Badge, Button, Card, Group, Text } from '@mantine/core';
import type { Product } from '../../../../shared/domain.js';
import { money } from '../../../utils/money.js';

interface Props {
  product: Product;
  inCart: number;
  onAdd: () => void;
  /** Opens the product's details (where its viewers are counted). */
  onOpen?: () => void;
  /** Buyers only: ask to hear when a sold-out product is back. */
  notify?: { asked: boolean; pending: boolean; onAsk: () => void } | undefined;
}

function stockText(stock: number): { label: string; color: string } {
  if (stock <= 0) return { label: 'Sold out', color: 'red.8' };
  if (stock <= 5) return { label: `Only ${stock} left`, color: 'yellow' };
  return { label: `${stock} in stock`, color: 'green' };
}

export function ProductCard({ product, inCart, onAdd, onOpen, notify }: Props) {
  const stock = stockText(product.stock);
  const soldOut = product.stock <= 0;
  const action = soldOut ? 'Sold out' : inCart > 0 ? `Add another (${inCart} in cart)` : 'Add to cart';
  return (
    <Card withBorder padding="md" data-testid="product-card" data-product-id={product.id} data-sold-out={soldOut}>
      {onOpen ? (
        <Anchor component="button" type="button" fw={600} c="inherit" ta="left" onClick={onOpen}>
          {product.name}
        </Anchor>
      ) : (
        <Text fw={600}>{product.name}</Text>
      )}
      <Group justify="space-between" mt="xs">
        <Text fw={700}>{money(product.priceCents)}</Text>
        <Badge color={stock.color}>{stock.label}</Badge>
      </Group>
      <Button
        mt="md"
        fullWidth
        variant="light"
        disabled={soldOut || inCart >= product.stock}
        onClick={onAdd}
        // The name a screen reader or voice control uses starts with the words on the button (WCAG 2.5.3).
        aria-label={`${action}: ${product.name}`}
      >
        {action}
      </Button>
      {soldOut && notify && (
        <Button
          mt="xs"
          fullWidth
          variant="subtle"
          size="compact-sm"
          disabled={notify.asked}
          loading={notify.pending}
          onClick={notify.onAsk}
          aria-label={notify.asked ? `We will notify you: ${product.name}` : `Notify me: ${product.name}`}
        >
          {notify.asked ? 'We will notify you' : 'Notify me'}
        </Button>
      )}
    </Card>
  );
}
