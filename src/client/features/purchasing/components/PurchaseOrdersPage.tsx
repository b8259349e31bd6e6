import { Anchor, Button, Paper, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { purchaseOrderStatusSchema, type PurchaseOrder, type PurchaseOrderStatus } from '../../../../shared/purchasing.js';
import { useShopRole } from '../../../app/useShopRole.js';
import { EmptyNote, ListTable } from '../../../components/ListTable.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { ScreenHeader } from '../../../components/ScreenHeader.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import { money } from '../../../utils/money.js';
import { usePurchaseOrders, usePurchasingLive } from '../api/usePurchasing.js';
import { PurchaseOrderStatusBadge, STATUS_LABEL } from './PurchaseOrderStatusBadge.js';

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const FILTERS = [{ value: 'all', label: 'Every status' }, ...purchaseOrderStatusSchema.options.map((status) => ({ value: status, label: STATUS_LABEL[status] }))];

/** `/dashboard/:shopId/purchase-orders`: the shop's purchase orders, newest first; owners and managers start new ones. */
export function PurchaseOrdersPage() {
  const { shopId = '' } = useParams();
  const { can } = useShopRole(shopId);
  const [filter, setFilter] = useState<PurchaseOrderStatus | 'all'>('all');
  const live = usePurchasingLive(shopId);
  const orders = usePurchaseOrders(shopId, filter === 'all' ? undefined : filter, live.ready);
  const manage = can('manageCatalog');
  return (
    <Stack>
      <ScreenHeader shopId={shopId} title="Purchase orders">
        <Button component={Link} to={`/dashboard/${shopId}/suppliers`} variant="light">
          Suppliers
        </Button>
        {manage && (
          <Button component={Link} to={`/dashboard/${shopId}/purchase-orders/new`}>
            New purchase order
          </Button>
        )}
      </ScreenHeader>
      <StreamNotice stream={live.stream} />
      {!manage && (
        <Text size="sm" c="dimmed">
          Open an ordered purchase order to receive the goods that arrived. Owners and managers create and change purchase orders.
        </Text>
      )}
      <Select label="Status" data={FILTERS} value={filter} onChange={(value) => setFilter((value ?? 'all') as PurchaseOrderStatus | 'all')} allowDeselect={false} w={220} />
      <Paper withBorder p="md">
        <QueryBoundary query={orders} label="purchase orders">
          {(items) => <PurchaseOrdersTable shopId={shopId} orders={items} />}
        </QueryBoundary>
      </Paper>
    </Stack>
  );
}

function PurchaseOrdersTable({ shopId, orders }: { shopId: string; orders: readonly PurchaseOrder[] }) {
  if (orders.length === 0) return <EmptyNote>No purchase orders here yet.</EmptyNote>;
  const showCost = orders.some((order) => order.totalCostCents !== null);
  const columns = [{ label: 'Created' }, { label: 'Supplier' }, { label: 'Status' }, { label: 'Received', numeric: true }, showCost && { label: 'Total cost', numeric: true }];
  return (
    <ListTable columns={columns} striped miw={640} data-testid="purchase-orders">
      <Table.Tbody>
        {orders.map((order) => {
          const ordered = order.lines.reduce((sum, line) => sum + line.quantity, 0);
          const received = order.lines.reduce((sum, line) => sum + line.receivedQuantity, 0);
          return (
            <Table.Tr key={order.id} data-purchase-order-id={order.id}>
              <Table.Td>{date.format(order.createdAt)}</Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/dashboard/${shopId}/purchase-orders/${order.id}`}>
                  {order.supplierName}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <PurchaseOrderStatusBadge status={order.status} />
              </Table.Td>
              <Table.Td ta="right">
                {received} of {ordered}
              </Table.Td>
              {showCost && <Table.Td ta="right">{order.totalCostCents === null ? '' : money(order.totalCostCents)}</Table.Td>}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </ListTable>
  );
}
