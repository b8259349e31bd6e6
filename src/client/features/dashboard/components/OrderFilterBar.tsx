import { Button, CloseButton, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import { ORDER_STATUSES, type OrderStatus } from '../../../../shared/orderStatus.js';
import { PAYMENT_STATUSES, type PaymentStatus } from '../../../../shared/payments.js';
import type { OrderFilterForm } from '../api/orderFilterForm.js';

const ANY = '';
const PAYMENT_LABEL: Record<PaymentStatus, string> = {
  unpaid: 'Unpaid',
  paid: 'Paid',
  failed: 'Payment failed',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

interface Props {
  form: OrderFilterForm;
  onChange: (form: OrderFilterForm) => void;
  onClear: () => void;
  rangeProblem: string | null;
  onExport: () => void;
  exporting: boolean;
  exportError: string | null;
}

/** Search, status, payment and days of the orders list; the export takes the same filters. */
export function OrderFilterBar({ form, onChange, onClear, rangeProblem, onExport, exporting, exportError }: Props) {
  const set = (patch: Partial<OrderFilterForm>) => onChange({ ...form, ...patch });
  const filtered = form.search !== '' || form.status !== null || form.paymentStatus !== null || form.firstDay !== '' || form.lastDay !== '';
  return (
    <Group gap="xs" align="end" wrap="wrap" data-testid="order-filters" role="search" aria-label="Filter orders">
      <TextInput
        size="xs"
        label="Search"
        placeholder="#number, name or email"
        value={form.search}
        onChange={(e) => set({ search: e.currentTarget.value })}
        maxLength={100}
        w={{ base: '100%', xs: 200 }}
        rightSection={form.search ? <CloseButton size="xs" aria-label="Clear search" onClick={() => set({ search: '' })} /> : null}
      />
      <NativeSelect
        size="xs"
        label="Status"
        value={form.status ?? ANY}
        onChange={(e) => set({ status: e.currentTarget.value === ANY ? null : (e.currentTarget.value as OrderStatus) })}
        data={[{ value: ANY, label: 'Any status' }, ...ORDER_STATUSES.map((status) => ({ value: status, label: status[0]?.toUpperCase() + status.slice(1) }))]}
      />
      <NativeSelect
        size="xs"
        label="Payment"
        value={form.paymentStatus ?? ANY}
        onChange={(e) => set({ paymentStatus: e.currentTarget.value === ANY ? null : (e.currentTarget.value as PaymentStatus) })}
        data={[{ value: ANY, label: 'Any payment' }, ...PAYMENT_STATUSES.map((status) => ({ value: status, label: PAYMENT_LABEL[status] }))]}
      />
      <TextInput size="xs" type="date" label="From day" value={form.firstDay} onChange={(e) => set({ firstDay: e.currentTarget.value })} />
      <TextInput size="xs" type="date" label="To day" value={form.lastDay} onChange={(e) => set({ lastDay: e.currentTarget.value })} />
      {filtered && (
        <Button size="xs" variant="subtle" onClick={onClear}>
          Clear filters
        </Button>
      )}
      <Button size="xs" variant="light" loading={exporting} onClick={onExport} ml="auto" data-testid="export-orders">
        Export CSV
      </Button>
      {rangeProblem && (
        <Text size="xs" c="red" w="100%" role="alert" data-testid="order-range-problem">
          {rangeProblem}; the days are not applied yet.
        </Text>
      )}
      {exportError && (
        <Text size="xs" c="red" w="100%" role="alert" data-testid="export-error">
          {exportError}
        </Text>
      )}
    </Group>
  );
}
