import { Alert, Button, Group, NumberInput, Paper, Stack, Table, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { PurchaseOrder } from '../../../../shared/purchasing.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { ListTable, type ListColumn } from '../../../components/ListTable.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { ScreenHeader } from '../../../components/ScreenHeader.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import { usePurchaseOrder, usePurchasingLive, useReceivePurchaseOrder } from '../api/usePurchasing.js';
import { PurchaseOrderStatusBadge, STATUS_LABEL } from './PurchaseOrderStatusBadge.js';

const COLUMNS: readonly ListColumn[] = [{ label: 'Product' }, { label: 'Ordered', numeric: true }, { label: 'Received so far', numeric: true }, { label: 'Arrived now' }];

/**
 * `/dashboard/:shopId/purchase-orders/:purchaseOrderId/receive`: what arrived, line by line, for
 * whoever is at the door (staff too). A partial delivery is fine; the rest can come later.
 */
export function ReceivePage() {
  const { shopId = '', purchaseOrderId = '' } = useParams();
  const live = usePurchasingLive(shopId);
  const order = usePurchaseOrder(purchaseOrderId, live.ready);
  return (
    <Stack maw={880}>
      <ScreenHeader shopId={shopId} title="Receive goods" back={{ to: `/dashboard/${shopId}/purchase-orders/${purchaseOrderId}`, label: 'Back to the purchase order' }} />
      <StreamNotice stream={live.stream} />
      <QueryBoundary query={order} label="purchase order">
        {(po) => <ReceiveForm order={po} />}
      </QueryBoundary>
    </Stack>
  );
}

type Counts = Record<string, number | string>;

function ReceiveForm({ order }: { order: PurchaseOrder }) {
  const [counts, setCounts] = useState<Counts>({});
  const [done, setDone] = useState<PurchaseOrder | null>(null);
  const [missing, setMissing] = useState(false);
  const receive = useReceivePurchaseOrder(order.shopId);
  const open = order.status === 'ordered' || order.status === 'partially_received';
  const outstanding = (line: PurchaseOrder['lines'][number]) => line.quantity - line.receivedQuantity;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const lines = order.lines.map((line) => ({ productId: line.productId, quantity: Number(counts[line.productId] ?? 0) })).filter((line) => line.quantity !== 0);
    setMissing(lines.length === 0);
    if (lines.length === 0) return;
    receive.mutate(
      { purchaseOrderId: order.id, lines },
      {
        onSuccess: (result) => {
          setDone(result);
          setCounts({});
        },
      },
    );
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label="Receive goods">
        <Stack>
          <Group gap="xs">
            <Text fw={700}>{order.supplierName}</Text>
            <PurchaseOrderStatusBadge status={order.status} />
          </Group>
          {done && (
            <Alert role="status" data-testid="receive-done">
              Received: the stock is in. This purchase order is now {STATUS_LABEL[done.status].toLowerCase()}.
              {done.status === 'received' && (
                <>
                  {' '}
                  <Link to={`/dashboard/${order.shopId}/purchase-orders`}>Back to purchase orders</Link>
                </>
              )}
            </Alert>
          )}
          {!open && !done && <Text>This purchase order is {STATUS_LABEL[order.status].toLowerCase()}: there is nothing to receive on it.</Text>}
          {receive.error && <ErrorAlert error={receive.error} />}
          {missing && (
            <Text size="sm" c="var(--shopwire-warning-text)" role="alert">
              Enter how many arrived on at least one line.
            </Text>
          )}
          <ListTable columns={COLUMNS} miw={520} data-testid="receive-lines">
            <Table.Tbody>
              {order.lines.map((line) => (
                <Table.Tr key={line.productId} data-product-id={line.productId}>
                  <Table.Td>{line.productName}</Table.Td>
                  <Table.Td ta="right">{line.quantity}</Table.Td>
                  <Table.Td ta="right">{line.receivedQuantity}</Table.Td>
                  <Table.Td>
                    <NumberInput
                      aria-label={`Arrived now: ${line.productName}`}
                      description={outstanding(line) > 0 ? `up to ${outstanding(line)}` : 'all received'}
                      min={0}
                      max={outstanding(line)}
                      allowDecimal={false}
                      disabled={!open || outstanding(line) === 0}
                      value={counts[line.productId] ?? ''}
                      onChange={(value) => setCounts((current) => ({ ...current, [line.productId]: value }))}
                      w={140}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </ListTable>
          <Group justify="space-between">
            <Button
              variant="default"
              disabled={!open}
              onClick={() => setCounts(Object.fromEntries(order.lines.map((line) => [line.productId, outstanding(line)])))}
            >
              Everything arrived
            </Button>
            <Button type="submit" disabled={!open} loading={receive.isPending}>
              Receive
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
