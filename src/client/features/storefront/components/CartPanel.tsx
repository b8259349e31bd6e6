import { ActionIcon, Alert, Anchor, Button, Group, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Product } from '../../../../shared/domain.js';
import type { Address } from '../../../../shared/payments.js';
import { CardChoice } from '../../../components/CardChoice.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { errorCode } from '../../../utils/describeError.js';
import { money } from '../../../utils/money.js';
import { cartLines, cartTotal } from '../api/cartLines.js';
import type { Cart } from '../api/useCart.js';

interface Props {
  cart: Cart;
  products: readonly Product[];
  onQuantity: (productId: string, quantity: number) => void;
  checkout: {
    canOrder: boolean;
    reason?: string;
    signInHref?: string;
    pending: boolean;
    error: unknown;
    onPlace: () => void;
    /** The card the order is paid with right after it is placed. */
    card: string;
    onCard: (card: string) => void;
    /** The buyer's saved address (orders ship there); null: none saved. Undefined when signed out. */
    shipTo?: Address | null;
  };
}

export function CartPanel({ cart, products, onQuantity, checkout }: Props) {
  const lines = cartLines(cart, products);
  const total = cartTotal(lines);
  const short = lines.filter((line) => line.quantity > line.product.stock);
  return (
    <Paper withBorder p="md" component="section" aria-label="Cart" data-testid="cart" id="cart">
      <Stack gap="sm">
        <Title order={3}>Cart</Title>
        {lines.length === 0 && <Text c="dimmed">Your cart is empty.</Text>}
        {lines.map(({ product, quantity }) => (
          <Group key={product.id} justify="space-between" wrap="nowrap" align="end">
            <NumberInput
              label={product.name}
              min={0}
              max={Math.max(product.stock, quantity)}
              allowDecimal={false}
              value={quantity}
              onChange={(value) => onQuantity(product.id, Number(value) || 0)}
              w={160}
              error={quantity > product.stock ? (product.stock === 0 ? 'Sold out' : `Only ${product.stock} left`) : undefined}
            />
            <Text>{money(product.priceCents * quantity)}</Text>
            <ActionIcon variant="subtle" color="red" onClick={() => onQuantity(product.id, 0)} aria-label={`Remove ${product.name}`}>
              ×
            </ActionIcon>
          </Group>
        ))}
        {errorCode(checkout.error) === 'CONFLICT' ? (
          <Alert color="orange" title="Stock ran out meanwhile" role="alert" data-error-code="CONFLICT">
            Someone bought the last ones while you were shopping. Nothing was charged. Stock is updated above; adjust your cart and try again.
          </Alert>
        ) : (
          checkout.error !== null && <ErrorAlert error={checkout.error} />
        )}
        {short.length > 0 && (
          <Text size="sm" c="var(--shopwire-warning-text)">
            Some items have less stock than your cart asks for.
          </Text>
        )}
        <Group justify="space-between">
          <Text fw={700}>Total</Text>
          <Text fw={700} data-testid="cart-total">
            {money(total)}
          </Text>
        </Group>
        {checkout.canOrder && lines.length > 0 && (
          <>
            <ShipTo address={checkout.shipTo ?? null} />
            <CardChoice value={checkout.card} onChange={checkout.onCard} />
          </>
        )}
        {checkout.reason && (
          <Text size="sm" c="dimmed">
            {checkout.reason}{' '}
            {checkout.signInHref && (
              <Anchor component={Link} to={checkout.signInHref}>
                Sign in
              </Anchor>
            )}
          </Text>
        )}
        <Button
          size="md"
          onClick={checkout.onPlace}
          loading={checkout.pending}
          disabled={!checkout.canOrder || lines.length === 0 || short.length > 0}
        >
          Place order
        </Button>
      </Stack>
    </Paper>
  );
}

function ShipTo({ address }: { address: Address | null }) {
  return (
    <Stack gap={2} data-testid="ship-to">
      <Text size="sm" fw={500}>
        Ship to
      </Text>
      {address ? (
        <Text size="sm">
          {address.name}, {address.line1}
          {address.line2 ? `, ${address.line2}` : ''}, {address.postalCode} {address.city}, {address.country}{' '}
          <Anchor component={Link} to="/account" size="sm">
            Change
          </Anchor>
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          No address saved.{' '}
          <Anchor component={Link} to="/account" size="sm">
            Add one in your account
          </Anchor>
        </Text>
      )}
    </Stack>
  );
}
