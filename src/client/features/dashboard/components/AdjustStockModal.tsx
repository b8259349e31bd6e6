import { Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { Product } from '../../../../shared/domain.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { FormActions } from '../../../components/FormActions.js';
import { useAdjustStock } from '../api/useOrderActions.js';

interface Props {
  product: Product | null;
  onClose: () => void;
}

export function AdjustStockModal({ product, onClose }: Props) {
  return (
    <Modal opened={product !== null} onClose={onClose} title={product ? `Adjust stock: ${product.name}` : ''}>
      {product && <AdjustStockForm product={product} onDone={onClose} />}
    </Modal>
  );
}

function AdjustStockForm({ product, onDone }: { product: Product; onDone: () => void }) {
  const [delta, setDelta] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const adjust = useAdjustStock();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    adjust.mutate({ productId: product.id, delta: Number(delta), reason: reason.trim() }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} aria-label="Adjust stock">
      <Stack>
        <Text size="sm">
          In stock now: <strong>{product.stock}</strong>
        </Text>
        {adjust.error && <ErrorAlert error={adjust.error} />}
        <NumberInput
          label="Change"
          description="Positive to add (a delivery), negative to remove (damage, a count)"
          allowDecimal={false}
          required
          data-autofocus
          value={delta}
          onChange={setDelta}
        />
        <TextInput label="Reason" required placeholder="e.g. Delivery from roaster" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        <FormActions onCancel={onDone} submitLabel="Save" pending={adjust.isPending} />
      </Stack>
    </form>
  );
}
