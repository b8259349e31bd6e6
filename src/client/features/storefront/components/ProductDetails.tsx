import { Badge, Group, Modal, Stack, Text } from '@mantine/core';
import type { Product } from '../../../../shared/domain.js';
import { money } from '../../../utils/money.js';
import { useVisit } from '../api/usePresence.js';
import { ProductViewers } from './ShopPresence.js';

/** One product up close; while open, this visitor counts as one of its viewers. */
export function ProductDetails({ product, onClose }: { product: Product | null; onClose: () => void }) {
  return (
    <Modal opened={product !== null} onClose={onClose} title={product?.name ?? ''}>
      {product && <Details product={product} />}
    </Modal>
  );
}

function Details({ product }: { product: Product }) {
  const figures = useVisit(product.shopId, product.id);
  return (
    <Stack>
      <Group justify="space-between">
        <Text fw={700}>{money(product.priceCents)}</Text>
        <Badge color={product.stock > 0 ? 'green' : 'red.8'}>{product.stock > 0 ? `${product.stock} in stock` : 'Sold out'}</Badge>
      </Group>
      <Text size="sm">SKU {product.sku}</Text>
      <ProductViewers figures={figures} />
    </Stack>
  );
}
