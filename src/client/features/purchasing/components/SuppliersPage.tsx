import { Button, Group, Paper, Stack, Table, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { Supplier } from '../../../../shared/purchasing.js';
import { useShopRole } from '../../../app/useShopRole.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { EmptyNote, ListTable } from '../../../components/ListTable.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { ScreenHeader } from '../../../components/ScreenHeader.js';
import { useCreateSupplier, useSuppliers } from '../api/usePurchasing.js';

/** `/dashboard/:shopId/suppliers`: who the shop buys from; owners and managers add them. */
export function SuppliersPage() {
  const { shopId = '' } = useParams();
  const { can } = useShopRole(shopId);
  const suppliers = useSuppliers(shopId);
  return (
    <Stack maw={880}>
      <ScreenHeader shopId={shopId} title="Suppliers">
        <Button component={Link} to={`/dashboard/${shopId}/purchase-orders`} variant="light">
          Purchase orders
        </Button>
      </ScreenHeader>
      {can('manageCatalog') && <AddSupplierForm shopId={shopId} />}
      <Paper withBorder p="md">
        <QueryBoundary query={suppliers} label="suppliers">
          {(list) => <SuppliersTable suppliers={list} />}
        </QueryBoundary>
      </Paper>
    </Stack>
  );
}

function AddSupplierForm({ shopId }: { shopId: string }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const create = useCreateSupplier(shopId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = email.trim();
    create.mutate(
      { shopId, name: name.trim(), ...(trimmed ? { email: trimmed } : {}) },
      {
        onSuccess: () => {
          setName('');
          setEmail('');
        },
      },
    );
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label="Add a supplier">
        <Stack>
          <Title order={3}>Add a supplier</Title>
          {create.error && <ErrorAlert error={create.error} />}
          <Group align="end" wrap="wrap">
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} w={260} />
            <TextInput label="Email (optional)" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} w={260} />
            <Button type="submit" loading={create.isPending}>
              Add supplier
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function SuppliersTable({ suppliers }: { suppliers: readonly Supplier[] }) {
  if (suppliers.length === 0) return <EmptyNote>No suppliers yet.</EmptyNote>;
  return (
    <ListTable columns={[{ label: 'Name' }, { label: 'Email' }]} striped data-testid="suppliers">
      <Table.Tbody>
        {suppliers.map((supplier) => (
          <Table.Tr key={supplier.id}>
            <Table.Td>{supplier.name}</Table.Td>
            <Table.Td>{supplier.email ?? '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </ListTable>
  );
}
