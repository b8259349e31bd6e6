import { Button, Group, Modal, Paper, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { Product } from '../../../../shared/domain.js';
import type { PurchaseOrder } from '../../../../shared/purchasing.js';
import { useShopRole } from '../../../app/useShopRole.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { FormActions } from '../../../components/FormActions.js';
import { ListTable } from '../../../components/ListTable.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { ScreenHeader } from '../../../components/ScreenHeader.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import { money } from '../../../utils/money.js';
import { useProducts, usePurchaseOrder, usePurchasingLive, useSetPurchaseOrderStatus, useUpdatePurchaseOrder } from '../api/usePurchasing.js';
import { draftLines, LinesEditor, linesToSend } from './LinesEditor.js';
import { PurchaseOrderStatusBadge } from './PurchaseOrderStatusBadge.js';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** `/dashboard/:shopId/purchase-orders/:purchaseOrderId`: one purchase order, its lines and what may be done with it now. */
export function PurchaseOrderPage() {
  const { shopId = '', purchaseOrderId = '' } = useParams();
  const live = usePurchasingLive(shopId);
  const order = usePurchaseOrder(purchaseOrderId, live.ready);
  return (
    <Stack maw={960}>
      <ScreenHeader shopId={shopId} title="Purchase order" back={{ to: `/dashboard/${shopId}/purchase-orders`, label: 'All purchase orders' }} />
      <StreamNotice stream={live.stream} />
      <QueryBoundary query={order} label="purchase order">
        {(po) => <PurchaseOrderView order={po} />}
      </QueryBoundary>
    </Stack>
  );
}

function PurchaseOrderView({ order }: { order: PurchaseOrder }) {
  const { can } = useShopRole(order.shopId);
  const manage = can('manageCatalog');
  const [editing, setEditing] = useState(false);
  const setStatus = useSetPurchaseOrderStatus();
  const [confirmingCancel, cancelDialog] = useDisclosure(false);
  const receivable = order.status === 'ordered' || order.status === 'partially_received';
  const cancellable = order.status === 'draft' || receivable;
  return (
    <Stack>
      <Paper withBorder p="md">
        <Group justify="space-between" align="start">
          <Stack gap={4}>
            <Text fw={700} size="lg" data-testid="po-supplier">
              {order.supplierName}
            </Text>
            <Group gap="xs">
              <PurchaseOrderStatusBadge status={order.status} />
              <Text size="sm" c="dimmed">
                Created {when.format(order.createdAt)} · last change {when.format(order.updatedAt)}
              </Text>
            </Group>
          </Stack>
          <Group gap="xs">
            {receivable && (
              <Button component={Link} to={`/dashboard/${order.shopId}/purchase-orders/${order.id}/receive`}>
                Receive goods
              </Button>
            )}
            {manage && order.status === 'draft' && !editing && (
              <>
                <Button variant="default" onClick={() => setEditing(true)}>
                  Edit lines
                </Button>
                <Button variant="light" loading={setStatus.isPending} onClick={() => setStatus.mutate({ purchaseOrderId: order.id, status: 'ordered' })}>
                  Mark ordered
                </Button>
              </>
            )}
            {manage && cancellable && (
              <Button variant="subtle" color="red" onClick={cancelDialog.open}>
                Cancel order
              </Button>
            )}
          </Group>
        </Group>
        {setStatus.error && <ErrorAlert error={setStatus.error} />}
      </Paper>
      {editing ? <EditLines order={order} onDone={() => setEditing(false)} /> : <LinesTable order={order} />}
      <Modal opened={confirmingCancel} onClose={cancelDialog.close} title="Cancel this purchase order?">
        <Stack>
          <Text size="sm">
            {order.status === 'partially_received'
              ? 'What already arrived stays in stock; nothing more will be received on this order.'
              : 'Nothing has been received on it; it stays in the list as cancelled.'}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={cancelDialog.close}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={setStatus.isPending}
              onClick={() => setStatus.mutate({ purchaseOrderId: order.id, status: 'cancelled' }, { onSettled: cancelDialog.close })}
            >
              Cancel order
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function LinesTable({ order }: { order: PurchaseOrder }) {
  const showCost = order.totalCostCents !== null;
  return (
    <Paper withBorder p="md">
      <ListTable
        columns={[
          { label: 'Product' },
          { label: 'Ordered', numeric: true },
          { label: 'Received', numeric: true },
          { label: 'Still to come', numeric: true },
          showCost && { label: 'Unit cost', numeric: true },
          showCost && { label: 'Line total', numeric: true },
        ]}
        miw={560}
        data-testid="po-lines-table"
      >
        <Table.Tbody>
          {order.lines.map((line) => (
            <Table.Tr key={line.productId} data-product-id={line.productId}>
              <Table.Td>{line.productName}</Table.Td>
              <Table.Td ta="right">{line.quantity}</Table.Td>
              <Table.Td ta="right" data-testid="received">
                {line.receivedQuantity}
              </Table.Td>
              <Table.Td ta="right">{order.status === 'cancelled' ? '—' : line.quantity - line.receivedQuantity}</Table.Td>
              {showCost && <Table.Td ta="right">{line.unitCostCents === null ? '' : money(line.unitCostCents)}</Table.Td>}
              {showCost && <Table.Td ta="right">{line.unitCostCents === null ? '' : money(line.unitCostCents * line.quantity)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
        {order.totalCostCents !== null && (
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={5} ta="right">
                Total
              </Table.Th>
              <Table.Th ta="right" data-testid="po-total">
                {money(order.totalCostCents)}
              </Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        )}
      </ListTable>
    </Paper>
  );
}

function EditLines({ order, onDone }: { order: PurchaseOrder; onDone: () => void }) {
  const products = useProducts(order.shopId);
  return (
    <Paper withBorder p="md">
      <QueryBoundary query={products} label="products">
        {(list) => <EditLinesForm order={order} products={list} onDone={onDone} />}
      </QueryBoundary>
    </Paper>
  );
}

function EditLinesForm({ order, products, onDone }: { order: PurchaseOrder; products: readonly Product[]; onDone: () => void }) {
  const [lines, setLines] = useState(() => draftLines(order.lines));
  const update = useUpdatePurchaseOrder();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({ purchaseOrderId: order.id, lines: linesToSend(lines) }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} aria-label="Edit lines">
      <Stack>
        {update.error && <ErrorAlert error={update.error} />}
        <LinesEditor products={products} lines={lines} onChange={setLines} />
        <FormActions onCancel={onDone} submitLabel="Save lines" pending={update.isPending} />
      </Stack>
    </form>
  );
}
