import { Modal, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { CostAboveWarning } from './CostAboveWarning.js';
import type { Product } from '../../../../shared/domain.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { toCents } from '../../../utils/money.js';
import { FormActions } from '../../../components/FormActions.js';
import { useUpdateProduct } from '../api/useOrderActions.js';

export function EditProductModal({ product, onClose }: { product: Product | null; onClose: () => void }) {
  return (
    <Modal opened={product !== null} onClose={onClose} title={product ? `Edit ${product.name}` : ''}>
      {product && <EditProductForm key={product.id} product={product} onDone={onClose} />}
    </Modal>
  );
}

function EditProductForm({ product, onDone }: { product: Product; onDone: () => void }) {
  const [name, setName] = useState(product.name);
  const [price, setPrice] = useState<number | string>(product.priceCents / 100);
  const [cost, setCost] = useState<number | string>(product.costCents === null ? '' : product.costCents / 100);
  const [threshold, setThreshold] = useState<number | string>(product.lowStockThreshold);
  const update = useUpdateProduct(product.shopId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { productId: product.id, name: name.trim(), priceCents: toCents(price), costCents: cost === '' ? undefined : toCents(cost), lowStockThreshold: Number(threshold) },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Edit product">
      <Stack>
        {update.error && <ErrorAlert error={update.error} />}
        <TextInput label="Name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <SimpleGrid cols={2}>
          <NumberInput label="Price" required min={0} decimalScale={2} fixedDecimalScale value={price} onChange={setPrice} />
          <NumberInput label="Cost" required min={0} decimalScale={2} fixedDecimalScale value={cost} onChange={setCost} />
          <NumberInput label="Low-stock alert at" min={0} allowDecimal={false} value={threshold} onChange={setThreshold} />
        </SimpleGrid>
        <CostAboveWarning price={price} cost={cost} />
        <Text size="xs" c="dimmed">
          Open storefronts show the new name and price at once; orders already placed keep theirs. Stock changes go through Adjust.
        </Text>
        <FormActions onCancel={onDone} submitLabel="Save" pending={update.isPending} />
      </Stack>
    </form>
  );
}
