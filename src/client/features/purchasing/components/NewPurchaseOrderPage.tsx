import { Anchor, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useShopRole } from '../../../app/useShopRole.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { ScreenHeader } from '../../../components/ScreenHeader.js';
import { useCreatePurchaseOrder, useProducts, useSuppliers } from '../api/usePurchasing.js';
import { emptyLine, LinesEditor, linesToSend } from './LinesEditor.js';

/** `/dashboard/:shopId/purchase-orders/new`: a draft with a supplier and its lines (owners and managers). */
export function NewPurchaseOrderPage() {
  const { shopId = '' } = useParams();
  const { can, role } = useShopRole(shopId);
  const suppliers = useSuppliers(shopId);
  const products = useProducts(shopId);
  const back = { to: `/dashboard/${shopId}/purchase-orders`, label: 'All purchase orders' };
  return (
    <Stack maw={880}>
      <ScreenHeader shopId={shopId} title="New purchase order" back={back} />
      {role !== undefined && !can('manageCatalog') ? (
        <Text>Only the shop&apos;s owners and managers create purchase orders.</Text>
      ) : (
        <QueryBoundary query={suppliers} label="suppliers">
          {(supplierList) => (
            <QueryBoundary query={products} label="products">
              {(productList) =>
                supplierList.length === 0 ? (
                  <Text>
                    Add a supplier first:{' '}
                    <Anchor component={Link} to={`/dashboard/${shopId}/suppliers`}>
                      Suppliers
                    </Anchor>
                    .
                  </Text>
                ) : (
                  <NewPurchaseOrderForm shopId={shopId} suppliers={supplierList} products={productList} />
                )
              }
            </QueryBoundary>
          )}
        </QueryBoundary>
      )}
    </Stack>
  );
}

function NewPurchaseOrderForm({ shopId, suppliers, products }: { shopId: string; suppliers: readonly { id: string; name: string }[]; products: Parameters<typeof LinesEditor>[0]['products'] }) {
  const navigate = useNavigate();
  const [supplierId, setSupplierId] = useState<string | null>(suppliers.length === 1 ? (suppliers[0]?.id ?? null) : null);
  const [lines, setLines] = useState(() => [emptyLine()]);
  const [missing, setMissing] = useState<string | null>(null);
  const create = useCreatePurchaseOrder();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = supplierId === null ? 'Choose the supplier.' : linesToSend(lines).length === 0 ? 'Choose a product for at least one line.' : null;
    setMissing(problem);
    if (problem) return;
    create.mutate(
      { shopId, supplierId: supplierId ?? '', lines: linesToSend(lines) },
      { onSuccess: (order) => void navigate(`/dashboard/${shopId}/purchase-orders/${order.id}`) },
    );
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label="New purchase order">
        <Stack>
          {create.error && <ErrorAlert error={create.error} />}
          <Select
            label="Supplier"
            required
            placeholder="Choose a supplier"
            data={suppliers.map((s) => ({ value: s.id, label: s.name }))}
            value={supplierId}
            onChange={setSupplierId}
            allowDeselect={false}
            error={missing === 'Choose the supplier.' ? missing : undefined}
            w={280}
          />
          <LinesEditor products={products} lines={lines} onChange={setLines} />
          {missing && missing !== 'Choose the supplier.' && (
            <Text size="sm" c="var(--shopwire-warning-text)" role="alert">
              {missing}
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Save draft
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
