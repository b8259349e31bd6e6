import { Loader, Paper, SimpleGrid, Text } from '@mantine/core';
import { money } from '../../../utils/money.js';
import type { Figures } from '../api/liveState.js';
import { comparison, type Period } from '../api/periods.js';

interface FigureProps {
  label: string;
  period: string;
  value: string;
  /** "+12% vs yesterday"; absent for all time. */
  change: string | undefined;
  testId: string;
  busy: boolean;
}

function Figure({ label, period, value, change, testId, busy }: FigureProps) {
  return (
    <Paper withBorder p="md" aria-busy={busy}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label} · <span data-testid={`${testId}-period`}>{period}</span> {busy && <Loader size={10} aria-label="Updating" />}
      </Text>
      <Text fz={{ base: 20, sm: 28 }} fw={700} data-testid={testId}>
        {value}
      </Text>
      {change && (
        <Text size="xs" c="dimmed" data-testid={`${testId}-change`}>
          {change}
        </Text>
      )}
    </Paper>
  );
}

interface Props {
  figures: Figures;
  /** The period before, for the comparisons; null for all time. */
  previous: Figures | null;
  period: Pick<Period, 'label' | 'previousLabel'>;
  rebasing: boolean;
  /** Stock at cost now, null for staff (no card, like profit). Not a figure of the period: it is what is on the shelves. */
  inventoryValueCents?: number | null;
}

const averageOf = (figures: Figures) => (figures.orderCount > 0 ? Math.round(figures.revenueCents / figures.orderCount) : 0);

/** Each figure names its period, and how it compares with the period before ("+12% vs yesterday"). */
export function FigureCards({ figures, previous, period, rebasing, inventoryValueCents = null }: Props) {
  const change = (pick: (f: Figures) => number | null, format: (value: number) => string) => {
    const [now, before] = [pick(figures), previous && pick(previous)];
    return now === null || before === null ? undefined : comparison(now, before, period.previousLabel, format);
  };
  const common = { period: period.label, busy: rebasing };
  const cards = 3 + (figures.profitCents === null ? 0 : 1) + (inventoryValueCents === null ? 0 : 1);
  return (
    <SimpleGrid cols={{ base: 2, lg: cards }} spacing={{ base: 'xs', sm: 'md' }}>
      <Figure label="Orders" value={String(figures.orderCount)} change={change((f) => f.orderCount, String)} testId="figure-orders" {...common} />
      <Figure label="Revenue" value={money(figures.revenueCents)} change={change((f) => f.revenueCents, money)} testId="figure-revenue" {...common} />
      {/* Staff get no profit from the server at all (null): the card is left out rather than shown empty. */}
      {figures.profitCents !== null && (
        <Figure label="Profit" value={money(figures.profitCents)} change={change((f) => f.profitCents, money)} testId="figure-profit" {...common} />
      )}
      <Figure label="Avg. order value" value={money(averageOf(figures))} change={change(averageOf, money)} testId="figure-aov" {...common} />
      {inventoryValueCents !== null && (
        <Figure label="Stock at cost" period="now" value={money(inventoryValueCents)} change={undefined} testId="figure-inventory-value" busy={false} />
      )}
    </SimpleGrid>
  );
}
