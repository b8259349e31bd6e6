import { Badge, Button, Group, NumberInput, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import type { Transfer } from '../../../../shared/transfers.js';
import { useCurrentUser } from '../../../app/useCurrentUser.js';
import { useShopRole } from '../../../app/useShopRole.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { ListTable, type ListColumn } from '../../../components/ListTable.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { ScreenHeader } from '../../../components/ScreenHeader.js';
import { StreamNotice } from '../../../components/StreamNotice.js';
import { hasShopRight } from '../../../../shared/shopRights.js';
import { notifyError } from '../../../utils/notifyError.js';
import { incoming } from '../api/transfersLive.js';
import { useReceiveTransfer, useSendTransfer, useShopProducts, useTransfers } from '../api/useTransfers.js';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/**
 * `/dashboard/:shopId/transfers`: stock sent between this shop and the owner's other shops.
 * Owners and managers of both shops send; anyone in the receiving shop takes delivery.
 */
export function TransfersPage() {
  const { shopId = '' } = useParams();
  const { can } = useShopRole(shopId);
  const live = useTransfers(shopId);
  const refreshIfPaused = () => {
    if (live.stream.status !== 'live') void live.list.refetch();
  };
  return (
    <Stack>
      <ScreenHeader shopId={shopId} title="Transfers" />
      <StreamNotice stream={live.stream} />
      {can('manageCatalog') && <SendTransferForm shopId={shopId} onSent={refreshIfPaused} />}
      <QueryBoundary query={live.list} label="transfers">
        {() => (
          <>
            <IncomingTransfers transfers={incoming(live.transfers ?? [], shopId)} onReceived={refreshIfPaused} />
            <Paper withBorder p="md">
              <Title order={3} mb="sm">
                All transfers
              </Title>
              <TransfersTable shopId={shopId} transfers={live.transfers ?? []} />
            </Paper>
          </>
        )}
      </QueryBoundary>
    </Stack>
  );
}

function SendTransferForm({ shopId, onSent }: { shopId: string; onSent: () => void }) {
  const { user } = useCurrentUser();
  const products = useShopProducts(shopId);
  const [toShopId, setToShopId] = useState<string | null>(null);
  const [sku, setSku] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | string>(1);
  const send = useSendTransfer();
  // Shops this seller manages too; the server also checks that both have the same owner.
  const targets = (user?.shops ?? []).filter((shop) => shop.id !== shopId && hasShopRight(shop.role, 'manageCatalog'));
  const product = products.data?.find((p) => p.sku === sku);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate(
      { fromShopId: shopId, toShopId: toShopId ?? '', sku: sku ?? '', quantity: Number(quantity) },
      {
        onSuccess: () => {
          setQuantity(1);
          onSent();
        },
      },
    );
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label="Send stock to another shop">
        <Stack>
          <Title order={3}>Send stock to another shop</Title>
          {targets.length === 0 ? (
            <Text size="sm" c="dimmed">
              You manage no other shop. Open one with New shop on the dashboard, add the same products (same SKUs), and send stock between them here.
            </Text>
          ) : (
            <>
              {send.error && <ErrorAlert error={send.error} />}
              <Group align="end" wrap="wrap">
                <Select label="To shop" required placeholder="Choose a shop" data={targets.map((s) => ({ value: s.id, label: s.name }))} value={toShopId} onChange={setToShopId} allowDeselect={false} w={240} />
                <Select
                  label="Product"
                  required
                  searchable
                  placeholder="Choose a product"
                  data={(products.data ?? []).map((p) => ({ value: p.sku, label: `${p.name} (${p.sku})` }))}
                  value={sku}
                  onChange={setSku}
                  allowDeselect={false}
                  w={300}
                />
                <NumberInput
                  label="Quantity"
                  required
                  min={1}
                  allowDecimal={false}
                  value={quantity}
                  onChange={setQuantity}
                  description={product ? `${product.stock} in stock here` : undefined}
                  w={160}
                />
                <Button type="submit" loading={send.isPending}>
                  Send
                </Button>
              </Group>
            </>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

function IncomingTransfers({ transfers, onReceived }: { transfers: readonly Transfer[]; onReceived: () => void }) {
  const receive = useReceiveTransfer();
  return (
    <Paper withBorder p="md">
      <Title order={3} mb="sm">
        On its way here
      </Title>
      {transfers.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="incoming-empty">
          Nothing is on its way to this shop.
        </Text>
      ) : (
        <Stack gap="xs" data-testid="incoming">
          {transfers.map((t) => (
            <Group key={t.id} justify="space-between" wrap="nowrap" data-transfer-id={t.id}>
              <Text size="sm">
                {t.quantity}× {t.productName} ({t.sku}) from {t.fromShopName}, sent {when.format(t.sentAt)} by {t.sentByName}
              </Text>
              <Button
                size="xs"
                loading={receive.isPending && receive.variables.transferId === t.id}
                onClick={() => receive.mutate({ transferId: t.id }, { onSuccess: onReceived, onError: notifyError })}
                aria-label={`Receive ${t.quantity}× ${t.productName} from ${t.fromShopName}`}
              >
                Receive
              </Button>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

const COLUMNS: readonly ListColumn[] = [
  { label: 'Sent' },
  { label: 'Direction' },
  { label: 'Product' },
  { label: 'Quantity', numeric: true },
  { label: 'Status' },
  { label: 'Received' },
];

function TransfersTable({ shopId, transfers }: { shopId: string; transfers: readonly Transfer[] }) {
  if (transfers.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No transfers yet.
      </Text>
    );
  }
  return (
    <ListTable columns={COLUMNS} striped miw={720} data-testid="transfers">
      <Table.Tbody>
        {transfers.map((t) => (
          <Table.Tr key={t.id} data-transfer-id={t.id} data-status={t.status}>
            <Table.Td>
              {when.format(t.sentAt)} by {t.sentByName}
            </Table.Td>
            <Table.Td>{t.fromShopId === shopId ? `Out to ${t.toShopName}` : `In from ${t.fromShopName}`}</Table.Td>
            <Table.Td>
              {t.productName} ({t.sku})
            </Table.Td>
            <Table.Td ta="right">{t.quantity}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={t.status === 'received' ? 'green' : 'blue'}>
                {t.status === 'received' ? 'Received' : 'In transit'}
              </Badge>
            </Table.Td>
            <Table.Td>{t.receivedAt ? `${when.format(t.receivedAt)} by ${t.receivedByName ?? '—'}` : '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ListTable>
  );
}
