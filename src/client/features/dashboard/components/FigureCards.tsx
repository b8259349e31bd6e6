import { Loader, Paper, SimpleGrid, Text } from '@mantine/core';
import { money } from '../../../utils/money.js';
import type { Figures } from '../api/liveState.js';

function Figure({ label, value, testId, busy }: { label: string; value: string; testId: string; busy: boolean }) {
  return (
    <Paper withBorder p="md" aria-busy={busy}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label} {busy && <Loader size={10} aria-label="Updating" />}
      </Text>
      <Text fz={{ base: 20, sm: 28 }} fw={700} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

/** `inventoryValueCents`: stock at cost; `refundedCents`: money given back to buyers. Both null for staff (no card, like profit). */
export function FigureCards({
  figures,
  rebasing,
  inventoryValueCents = null,
  refundedCents = null,
}: {
  figures: Figures;
  rebasing: boolean;
  inventoryValueCents?: number | null;
  refundedCents?: number | null;
}) {
  const average = figures.orderCount > 0 ? Math.round(figures.revenueCents / figures.orderCount) : 0;
  const cards = 3 + (figures.profitCents === null ? 0 : 1) + (inventoryValueCents === null ? 0 : 1) + (refundedCents === null ? 0 : 1);
  return (
    <SimpleGrid cols={{ base: 2, lg: cards }} spacing={{ base: 'xs', sm: 'md' }}>
      <Figure label="Orders" value={String(figures.orderCount)} testId="figure-orders" busy={rebasing} />
      <Figure label="Revenue" value={money(figures.revenueCents)} testId="figure-revenue" busy={rebasing} />
      {/* Staff get no profit from the server at all (null): the card is left out rather than shown empty. */}
      {figures.profitCents !== null && <Figure label="Profit" value={money(figures.profitCents)} testId="figure-profit" busy={rebasing} />}
      <Figure label="Avg. order value" value={money(average)} testId="figure-aov" busy={rebasing} />
      {inventoryValueCents !== null && <Figure label="Stock at cost" value={money(inventoryValueCents)} testId="figure-inventory-value" busy={false} />}
      {refundedCents !== null && <Figure label="Refunded" value={money(refundedCents)} testId="figure-refunded" busy={rebasing} />}
    </SimpleGrid>
  );
}
