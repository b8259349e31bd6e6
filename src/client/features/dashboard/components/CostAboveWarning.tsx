import { Text } from '@mantine/core';
import { money, toCents } from '../../../utils/money.js';

/** Both typed, and the cost above the price: the loss per sale in cents; otherwise null. */
export function lossPerSale(price: number | string, cost: number | string): number | null {
  if (price === '' || cost === '') return null;
  const loss = toCents(cost) - toCents(price);
  return Number.isFinite(loss) && loss > 0 ? loss : null;
}

/**
 * A warning, not a refusal: a seller may sell at a loss on purpose (a clearance, a loss leader),
 * but a cost typed in the price's box should not slip through unseen. Read out as it appears.
 */
export function CostAboveWarning({ price, cost }: { price: number | string; cost: number | string }) {
  const loss = lossPerSale(price, cost);
  return (
    <div role="status" aria-live="polite">
      {loss !== null && (
        <Text size="sm" c="var(--shopwire-warning-text)" data-testid="cost-above-price">
          The cost is above the price: each sale loses {money(loss)}. You can still save it, if that is on purpose.
        </Text>
      )}
    </div>
  );
}
