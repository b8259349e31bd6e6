import { Modal, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { CostAboveWarning } from './CostAboveWarning.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { toCents } from '../../../utils/money.js';
import { FormActions } from '../../../components/FormActions.js';
import { useCreateProduct } from '../api/useOrderActions.js';

export function AddProductModal({ shopId, opened, onClose }: { shopId: string; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Add a product">
      {opened && <AddProductForm shopId={shopId} onDone={onClose} />}
    </Modal>
  );
}

function AddProductForm({ shopId, onDone }: { shopId: string; onDone: () => void }) {
  const [name, setName] = useState('');
  const [sku, setSku] = useState('');
  const [price, setPrice] = useState<number | string>('');
  const [cost, setCost] = useState<number | string>('');
  const [stock, setStock] = useState<number | string>(0);
  const [threshold, setThreshold] = useState<number | string>(5);
  const create = useCreateProduct(shopId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { shopId, name: name.trim(), sku: sku.trim(), priceCents: toCents(price), costCents: toCents(cost), stock: Number(stock), lowStockThreshold: Number(threshold) },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Add a product">
      <Stack>
        {create.error && <ErrorAlert error={create.error} />}
        <TextInput label="Name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <TextInput label="SKU" required value={sku} onChange={(e) => setSku(e.currentTarget.value)} />
        <SimpleGrid cols={2}>
          <NumberInput label="Price" required min={0} decimalScale={2} fixedDecimalScale value={price} onChange={setPrice} />
          <NumberInput label="Cost" required min={0} decimalScale={2} fixedDecimalScale value={cost} onChange={setCost} />
          <NumberInput label="Stock" required min={0} allowDecimal={false} value={stock} onChange={setStock} />
          <NumberInput label="Low-stock alert at" min={0} allowDecimal={false} value={threshold} onChange={setThreshold} />
        </SimpleGrid>
        <CostAboveWarning price={price} cost={cost} />
        <FormActions onCancel={onDone} submitLabel="Add product" pending={create.isPending} />
      </Stack>
    </form>
  );
}
