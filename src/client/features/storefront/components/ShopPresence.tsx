import { Badge, Group, Text } from '@mantine/core';
import type { VisitFigures } from '../../../../shared/presence.js';

function people(n: number): string {
  return n === 1 ? '1 person is' : `${n} people are`;
}

/** Who else is here: visitors of the shop, and whether someone from the shop is online to help. */
export function ShopPresence({ figures }: { figures: VisitFigures | null }) {
  if (!figures) return null;
  return (
    <Group gap="xs" data-testid="shop-presence">
      <Text size="sm" c="dimmed" data-testid="shop-visitors" data-count={figures.shopVisitors}>
        {people(figures.shopVisitors)} browsing this shop
      </Text>
      {figures.sellerOnline && (
        <Badge color="green" variant="dot" data-testid="seller-online">
          Seller online
        </Badge>
      )}
    </Group>
  );
}

export function ProductViewers({ figures }: { figures: VisitFigures | null }) {
  if (figures?.productViewers === null || figures?.productViewers === undefined) return null;
  return (
    <Text size="sm" c="dimmed" data-testid="product-viewers" data-count={figures.productViewers}>
      {people(figures.productViewers)} viewing this
    </Text>
  );
}
