import { Text } from '@mantine/core';
import { money } from '../../../utils/money.js';
import { lossPerSale } from '../api/lossPerSale.js';

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
