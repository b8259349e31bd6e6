import { Badge, Group, Paper, Select, Stack, Table } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { stockMovementKindSchema, type StockMovement, type StockMovementKind } from '../../../../shared/purchasing.js';
import { trpc } from '../../../app/trpc.js';
import { EmptyNote, ListTable, type ListColumn } from '../../../components/ListTable.js';
import { LoadOlderButton } from '../../../components/LoadOlderButton.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { ScreenHeader } from '../../../components/ScreenHeader.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import type { MovementFilter } from '../api/movementsLive.js';
import { useMovements } from '../api/useMovements.js';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export const KIND_LABEL: Record<StockMovementKind, string> = {
  order: 'Order',
  cancel: 'Cancelled order',
  adjust: 'Adjustment',
  purchase: 'Purchase order',
  transfer: 'Transfer',
};

// Colours whose light badges keep AA contrast in both schemes.
const KIND_COLOR: Record<StockMovementKind, string> = { order: 'blue', cancel: 'gray', adjust: 'violet', purchase: 'green', transfer: 'indigo' };

/** `/dashboard/:shopId/movements`: every change of stock, newest first, live, by product and kind. */
export function MovementsPage() {
  const { shopId = '' } = useParams();
  const products = trpc.product.list.useQuery({ shopId });
  const [filter, setFilter] = useState<MovementFilter>({ productId: null, kind: null });
  return (
    <Stack>
      <ScreenHeader shopId={shopId} title="Stock movements" />
      <Group align="end">
        <Select
          label="Product"
          placeholder="Every product"
          searchable
          clearable
          data={(products.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.sku})` }))}
          value={filter.productId}
          onChange={(productId) => setFilter((current) => ({ ...current, productId }))}
          w={300}
        />
        <Select
          label="Kind"
          placeholder="Every kind"
          clearable
          data={stockMovementKindSchema.options.map((kind) => ({ value: kind, label: KIND_LABEL[kind] }))}
          value={filter.kind}
          onChange={(kind) => setFilter((current) => ({ ...current, kind }))}
          w={220}
        />
      </Group>
      {/* A filter is a new snapshot and cursor: a fresh list rather than one carrying the old rows. */}
      <MovementsList key={`${filter.productId ?? '*'}:${filter.kind ?? '*'}`} shopId={shopId} filter={filter} />
    </Stack>
  );
}

function MovementsList({ shopId, filter }: { shopId: string; filter: MovementFilter }) {
  const { pages, stream, rows, heardIds } = useMovements(shopId, filter);
  return (
    <Stack>
      <StreamNotice stream={stream} />
      <Paper withBorder p="md">
        <QueryBoundary query={pages} label="stock movements">
          {() => (
            <>
              <MovementsTable rows={rows} heardIds={heardIds} />
              <LoadOlderButton pages={pages} centered mt="sm">
                Load older
              </LoadOlderButton>
            </>
          )}
        </QueryBoundary>
      </Paper>
    </Stack>
  );
}

const COLUMNS: readonly ListColumn[] = [
  { label: 'When' },
  { label: 'Product' },
  { label: 'Kind' },
  { label: 'Change', numeric: true },
  { label: 'Stock after', numeric: true },
  { label: 'Why' },
  { label: 'By' },
];

function MovementsTable({ rows, heardIds }: { rows: readonly StockMovement[]; heardIds: ReadonlySet<string> }) {
  if (rows.length === 0) return <EmptyNote data-testid="movements-empty">No stock movements match.</EmptyNote>;
  return (
    <ListTable columns={COLUMNS} striped miw={760} data-testid="movements">
      <Table.Tbody aria-live="polite">
        {rows.map((m) => (
          <Table.Tr key={m.id} data-testid="movement" data-movement-id={m.id} data-kind={m.kind} data-live={String(heardIds.has(m.id))}>
            <Table.Td>{when.format(m.at)}</Table.Td>
            <Table.Td>{m.productName}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={KIND_COLOR[m.kind]}>
                {KIND_LABEL[m.kind]}
              </Badge>
            </Table.Td>
            <Table.Td ta="right" data-testid="delta">
              {m.delta > 0 ? `+${m.delta}` : m.delta}
            </Table.Td>
            <Table.Td ta="right" data-testid="stock-after">
              {m.stockAfter}
            </Table.Td>
            <Table.Td>{m.reason}</Table.Td>
            <Table.Td>{m.byName ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ListTable>
  );
}
