import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import type { Product } from '../../../../shared/domain.js';
import { newIdempotencyKey } from '../../../utils/idempotencyKey.js';
import { toCents } from '../../../utils/money.js';

/** One line as typed: quantities and costs stay text until the form is sent. */
export interface DraftLine {
  key: string;
  productId: string | null;
  quantity: number | string;
  unitCost: number | string;
}

export function emptyLine(): DraftLine {
  return { key: newIdempotencyKey(), productId: null, quantity: 1, unitCost: '' };
}

export function draftLines(lines: readonly { productId: string; quantity: number; unitCostCents: number | null }[]): DraftLine[] {
  return lines.map((line) => ({ key: newIdempotencyKey(), productId: line.productId, quantity: line.quantity, unitCost: line.unitCostCents === null ? '' : line.unitCostCents / 100 }));
}

/** What the server takes; lines without a product are left out (the server answers if none is left). */
export function linesToSend(lines: readonly DraftLine[]): { productId: string; quantity: number; unitCostCents: number }[] {
  return lines.flatMap((line) => (line.productId === null ? [] : [{ productId: line.productId, quantity: Number(line.quantity), unitCostCents: toCents(line.unitCost) }]));
}

/** A purchase order's lines: a product (each once), how many, and what one costs from the supplier. */
export function LinesEditor({ products, lines, onChange }: { products: readonly Product[]; lines: DraftLine[]; onChange: (lines: DraftLine[]) => void }) {
  const change = (key: string, patch: Partial<DraftLine>) => onChange(lines.map((line) => (line.key === key ? { ...line, ...patch } : line)));
  return (
    <Stack gap="xs" data-testid="po-lines">
      {lines.map((line, index) => {
        const taken = new Set(lines.filter((other) => other.key !== line.key).map((other) => other.productId));
        return (
          <Group key={line.key} align="end" wrap="wrap" gap="xs" data-testid="po-line">
            <Select
              label={`Product, line ${index + 1}`}
              placeholder="Choose a product"
              searchable
              data={products.filter((p) => !taken.has(p.id)).map((p) => ({ value: p.id, label: `${p.name} (${p.sku})` }))}
              value={line.productId}
              allowDeselect={false}
              onChange={(productId) => {
                const product = products.find((p) => p.id === productId);
                // The product's own cost is the likely price; the seller changes it if the supplier's differs.
                change(line.key, { productId, unitCost: line.unitCost === '' && product?.costCents != null ? product.costCents / 100 : line.unitCost });
              }}
              w={280}
            />
            <NumberInput label={`Quantity, line ${index + 1}`} min={1} allowDecimal={false} required value={line.quantity} onChange={(quantity) => change(line.key, { quantity })} w={140} />
            <NumberInput
              label={`Unit cost, line ${index + 1}`}
              min={0}
              decimalScale={2}
              fixedDecimalScale
              required
              value={line.unitCost}
              onChange={(unitCost) => change(line.key, { unitCost })}
              w={140}
            />
            <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove line ${index + 1}`} disabled={lines.length === 1} onClick={() => onChange(lines.filter((l) => l.key !== line.key))}>
              ×
            </ActionIcon>
          </Group>
        );
      })}
      {products.length === 0 && (
        <Text size="sm" c="dimmed">
          This shop has no products yet: add them on the dashboard first.
        </Text>
      )}
      <Button variant="light" size="xs" w="fit-content" onClick={() => onChange([...lines, emptyLine()])} disabled={lines.length >= products.length}>
        Add a line
      </Button>
    </Stack>
  );
}
