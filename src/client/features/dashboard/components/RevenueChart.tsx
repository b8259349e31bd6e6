import { BarChart } from '@mantine/charts';
import { Group, Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { money } from '../../../utils/money.js';
import type { Period } from '../api/periods.js';
import { revenuePoints, type ChartBucket } from '../api/revenueSeries.js';

interface Props {
  period: Period;
  buckets: readonly ChartBucket[];
  previousBuckets: readonly ChartBucket[];
}

/** Revenue per hour of a day, or per day of a longer period, beside the same buckets of the period before. */
export function RevenueChart({ period, buckets, previousBuckets }: Props) {
  const points = revenuePoints(period, buckets, previousBuckets);
  const total = buckets.reduce((sum, bucket) => sum + bucket.revenueCents, 0);
  const labelOf = new Map(points.map((point) => [point.range, point.label]));
  const by = period.bucket === 'hour' ? 'hour' : 'day';
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={3}>
          Revenue by {by} · <span data-testid="chart-period">{period.label}</span>
        </Title>
        <Text fw={700} data-testid="chart-revenue">
          {money(total)}
        </Text>
      </Group>
      <BarChart
        h={220}
        data={points}
        dataKey="range"
        series={[
          { name: 'current', label: period.label, color: 'indigo.6' },
          { name: 'previous', label: capitalized(period.previousLabel), color: 'gray.4' },
        ]}
        valueFormatter={money}
        withLegend
        xAxisProps={{ tickFormatter: (range: string) => labelOf.get(range) ?? range }}
        // An empty period still gets a sensible scale ($0-$10) instead of fractions of a cent.
        yAxisProps={{ width: 80, domain: [0, (max: number) => Math.max(max, 1000)] }}
        role="img"
        aria-label={`Revenue by ${by}, ${period.label}, beside ${period.previousLabel}`}
      />
      {/* The bars as a table, for screen readers (and for tests that check which bucket an order landed in). */}
      <VisuallyHidden>
        <Table>
          <caption>
            Revenue by {by}, {period.label}
          </caption>
          <Table.Tbody>
            {points.map((point) => (
              <Table.Tr key={point.from.getTime()} data-testid="chart-bucket" data-from={point.from.toISOString()} data-revenue={point.current}>
                <Table.Th scope="row">{point.range}</Table.Th>
                <Table.Td>{money(point.current)}</Table.Td>
                {point.previous !== null && <Table.Td>{money(point.previous)}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Paper>
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
