import { AreaChart } from '@mantine/charts';
import { Paper, Text, Title, Group } from '@mantine/core';
import type { Order } from '../../../../shared/domain.js';
import { money } from '../../../utils/money.js';
import { revenueSeries } from '../api/revenueSeries.js';

export function RevenueChart({ orders }: { orders: readonly Order[] }) {
  const data = revenueSeries(orders, new Date());
  const today = data.at(-1)?.revenueCents ?? 0;
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={3}>Revenue today</Title>
        <Text fw={700} data-testid="revenue-today">
          {money(today)}
        </Text>
      </Group>
      <AreaChart
        h={220}
        data={data}
        dataKey="hour"
        series={[{ name: 'revenueCents', label: 'Revenue', color: 'indigo.6' }]}
        valueFormatter={money}
        curveType="linear"
        withDots={false}
        // An empty day still gets a sensible scale ($0-$10) instead of fractions of a cent.
        yAxisProps={{ width: 80, domain: [0, (max: number) => Math.max(max, 1000)] }}
        role="img"
        aria-label="Cumulative revenue by hour today"
      />
    </Paper>
  );
}
