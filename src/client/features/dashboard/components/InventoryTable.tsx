import { Button, Group, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title, useMatches } from '@mantine/core';
import { useState } from 'react';
import type { Product } from '../../../../shared/domain.js';
import { EmptyNote, ListTable } from '../../../components/ListTable.js';
import { money } from '../../../utils/money.js';
import { matchesSearch } from '../../../utils/productSearch.js';
import { AddProductModal } from './AddProductModal.js';
import { useArchiveProduct, useRestoreProduct } from '../api/useOrderActions.js';
import { StockBadge, stockLevel } from './StockBadge.js';

const ROW_TINT = {
  out: 'var(--mantine-color-red-light)',
  critical: 'var(--mantine-color-orange-light)',
  low: 'var(--mantine-color-yellow-light)',
  ok: undefined,
} as const;

interface Props {
  shopId: string;
  products: readonly Product[];
  onAdjust: (productId: string) => void;
  /** Null when the viewer's role may not create or edit products (staff): no Add, Edit, Archive or Restore buttons. */
  onEdit: ((productId: string) => void) | null;
}

type Shelf = 'on_sale' | 'archived';

export function InventoryTable({ shopId, products, onAdjust, onEdit }: Props) {
  const [adding, setAdding] = useState(false);
  const [search, setSearch] = useState('');
  const [shelf, setShelf] = useState<Shelf>('on_sale');
  const onSale = products.filter((product) => product.archivedAt === null);
  const archivedCount = products.length - onSale.length;
  const shown = products.filter((product) => (product.archivedAt === null) === (shelf === 'on_sale') && matchesSearch(product, search));
  const lowCount = onSale.filter((product) => stockLevel(product) !== 'ok').length;
  const emptyShelf = shelf === 'on_sale' ? onSale.length === 0 : archivedCount === 0;
  // On a phone the table scrolls sideways, and a last column of buttons starts off-screen: there the
  // buttons go under the product's name, in the first column, where the eye (and thumb) already is.
  const actionsUnderName = useMatches({ base: true, sm: false });
  const columns = actionsUnderName ? 5 : 6;
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Group gap="sm">
          <Title order={3}>Inventory</Title>
          <SegmentedControl
            size="xs"
            aria-label="Which products"
            data-testid="inventory-filter"
            value={shelf}
            onChange={(value) => setShelf(value)}
            data={[
              { value: 'on_sale', label: 'On sale' },
              { value: 'archived', label: `Archived (${archivedCount})` },
            ]}
          />
        </Group>
        <Group gap="sm">
          <Text size="sm" c={lowCount > 0 ? 'var(--shopwire-warning-text)' : 'dimmed'} data-testid="low-stock-count">
            {lowCount} low or out of stock
          </Text>
          {onEdit && (
            <Button size="xs" variant="default" onClick={() => setAdding(true)}>
              Add product
            </Button>
          )}
        </Group>
      </Group>
      {products.length > 0 && (
        <TextInput mb="sm" type="search" label="Search inventory" placeholder="Name or SKU" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      )}
      <ListTable columns={[{ label: 'Product' }, { label: 'SKU' }, { label: 'Price', numeric: true }, { label: 'Stock', numeric: true }, { label: 'Level' }, !actionsUnderName && { label: null }]} striped miw={560} data-testid="inventory-table">
        <Table.Tbody>
          {emptyShelf && (
            <Table.Tr>
              <Table.Td colSpan={columns}>
                <EmptyNote>{shelf === 'archived' ? 'No archived products.' : onEdit ? 'No products on sale. Add one to start selling.' : 'No products on sale.'}</EmptyNote>
              </Table.Td>
            </Table.Tr>
          )}
          {!emptyShelf && shown.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={columns}>
                <EmptyNote>No products match “{search.trim()}”.</EmptyNote>
              </Table.Td>
            </Table.Tr>
          )}
          {shown.map((product) => (
            <Table.Tr key={product.id} bg={ROW_TINT[stockLevel(product)]} data-product-id={product.id} data-level={stockLevel(product)}>
              <Table.Td>
                {actionsUnderName ? (
                  <Stack gap={4} align="start">
                    {product.name}
                    <RowActions product={product} onAdjust={onAdjust} onEdit={onEdit} />
                  </Stack>
                ) : (
                  product.name
                )}
              </Table.Td>
              <Table.Td>{product.sku}</Table.Td>
              <Table.Td ta="right">{money(product.priceCents)}</Table.Td>
              <Table.Td ta="right" data-testid="stock">
                {product.stock}
              </Table.Td>
              <Table.Td>
                <StockBadge product={product} />
              </Table.Td>
              {!actionsUnderName && (
                <Table.Td>
                  <RowActions product={product} onAdjust={onAdjust} onEdit={onEdit} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </ListTable>
      {onEdit && <AddProductModal shopId={shopId} opened={adding} onClose={() => setAdding(false)} />}
    </Paper>
  );
}

function RowActions({ product, onAdjust, onEdit }: { product: Product } & Pick<Props, 'onAdjust' | 'onEdit'>) {
  return (
    <Group gap={4} wrap="nowrap">
      <Button size="compact-xs" variant="light" onClick={() => onAdjust(product.id)} aria-label={`Adjust stock of ${product.name}`}>
        Adjust
      </Button>
      {onEdit && (
        <Button size="compact-xs" variant="subtle" onClick={() => onEdit(product.id)} aria-label={`Edit ${product.name}`}>
          Edit
        </Button>
      )}
      {onEdit && <ArchiveButton product={product} />}
    </Group>
  );
}

/** Archiving takes a product off the storefront (past orders keep it); restoring puts it back. */
function ArchiveButton({ product }: { product: Product }) {
  const archive = useArchiveProduct(product.shopId);
  const restore = useRestoreProduct(product.shopId);
  if (product.archivedAt !== null) {
    return (
      <Button size="compact-xs" variant="light" color="green" loading={restore.isPending} onClick={() => restore.mutate({ productId: product.id })} aria-label={`Restore ${product.name}`}>
        Restore
      </Button>
    );
  }
  return (
    <Button size="compact-xs" variant="subtle" color="gray" loading={archive.isPending} onClick={() => archive.mutate({ productId: product.id })} aria-label={`Archive ${product.name}`}>
      Archive
    </Button>
  );
}
