import { Badge, Grid, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { Product } from '../../../../shared/domain.js';
import { TEST_CARDS } from '../../../../shared/payments.js';
import { useCurrentUser } from '../../../app/useCurrentUser.js';
import { useConnectionStatus } from '../../../app/connectionHooks.js';
import { matchesSearch } from '../../../utils/productSearch.js';
import { QueryBoundary } from '../../../components/QueryBoundary.js';
import { ConversationPanelSlot } from '../../../lib/slots/conversationPanel.js';
import { BookingPanelSlot } from '../../../lib/slots/bookingPanel.js';
import { useCart } from '../api/useCart.js';
import { useCheckout } from '../api/useCheckout.js';
import { useLiveProducts, useShops, type StockStreamState } from '../api/useStorefront.js';
import { CartPanel } from './CartPanel.js';
import { CartShortcut } from './CartShortcut.js';
import { PaymentPanel } from './PaymentPanel.js';
import { ProductCard } from './ProductCard.js';
import { ProductDetails } from './ProductDetails.js';
import { ShopPresence } from './ShopPresence.js';
import { useReportActivity, useVisit } from '../api/usePresence.js';
import { useNotifyMe } from '../api/useNotifyMe.js';

export function ShopPage() {
  const { shopId = '' } = useParams();
  return <Shop key={shopId} shopId={shopId} />;
}

function Shop({ shopId }: { shopId: string }) {
  const shops = useShops();
  const { products, stream } = useLiveProducts(shopId);
  const { cart, setQuantity, clear } = useCart(shopId);
  const checkout = useCheckout(shopId, cart, clear);
  const [card, setCard] = useState<string>(TEST_CARDS.visa);
  const { user, token } = useCurrentUser();
  // A shop with nothing on sale is not in shop.list; its own team still sees its name.
  const name = shops.data?.find((shop) => shop.id === shopId)?.name ?? user?.shops.find((shop) => shop.id === shopId)?.name;
  const visit = useVisit(shopId);
  const report = useReportActivity(shopId);
  const [open, setOpen] = useState<string | null>(null);
  const notifyMe = useNotifyMe();
  const onPlace = () => {
    checkout.placing.reset();
    report('checkout_started');
    checkout.checkout(card);
  };
  const reason = !token ? 'Sign in as a buyer to order.' : user && user.role !== 'buyer' ? 'Seller accounts cannot place orders.' : undefined;
  return (
    <Stack>
      <Group justify="space-between" align="baseline">
        <Title order={2}>{name ?? 'Shop'}</Title>
        <StockIndicator state={stream} />
      </Group>
      <ShopPresence figures={visit} />
      {user?.role === 'buyer' && <ConversationPanelSlot shopId={shopId} label="Message the shop" />}
      {checkout.order && !(checkout.order.payment.status === 'unpaid' && checkout.paying.isPending) && (
        <PaymentPanel order={checkout.order} paying={checkout.paying.isPending} error={checkout.paying.error} onPay={checkout.payAgain} onClose={checkout.done} />
      )}
      <QueryBoundary query={products} label="products">
        {(list) => (
          <Grid>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <ProductGrid
                products={list}
                cart={cart}
                notify={user?.role === 'buyer' ? notifyMe : null}
                onOpen={setOpen}
                onAdd={(productId) => {
                  report('added_to_cart', productId);
                  setQuantity(productId, (cart[productId] ?? 0) + 1);
                }}
              />
              <ProductDetails product={list.find((p) => p.id === open) ?? null} onClose={() => setOpen(null)} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }} pb={{ base: 72, md: undefined }}>
              <CartShortcut cart={cart} products={list} />
              <CartPanel
                cart={cart}
                products={list}
                onQuantity={setQuantity}
                checkout={{
                  canOrder: reason === undefined && user !== undefined,
                  reason,
                  signInHref: token ? undefined : `/signin?next=${encodeURIComponent(`/shops/${shopId}`)}`,
                  pending: checkout.placing.isPending || (checkout.paying.isPending && checkout.order?.payment.status === 'unpaid'),
                  error: checkout.placing.error,
                  onPlace,
                  card,
                  onCard: setCard,
                  shipTo: user?.shippingAddress,
                }}
              />
            </Grid.Col>
          </Grid>
        )}
      </QueryBoundary>
      <BookingPanelSlot shopId={shopId} />
    </Stack>
  );
}

/** The shop's products, narrowed by a search box; the cart next to it still counts every product. */
function ProductGrid({
  products,
  cart,
  notify,
  onAdd,
  onOpen,
}: {
  products: readonly Product[];
  cart: Record<string, number>;
  notify: ReturnType<typeof useNotifyMe> | null;
  onAdd: (productId: string) => void;
  onOpen: (productId: string) => void;
}) {
  const [search, setSearch] = useState('');
  if (products.length === 0) return <Text c="dimmed">This shop has no products yet.</Text>;
  const shown = products.filter((product) => matchesSearch(product, search));
  return (
    <>
      <TextInput mb="md" type="search" label="Search products" placeholder="Name or SKU" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      {shown.length === 0 && <Text c="dimmed">No products match “{search.trim()}”.</Text>}
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }}>
        {shown.map((product) => (
          <ProductCard
            key={product.id}
            product={product}
            inCart={cart[product.id] ?? 0}
            onAdd={() => onAdd(product.id)}
            onOpen={() => onOpen(product.id)}
            notify={notify ? { asked: notify.asked.has(product.id), pending: notify.pendingId === product.id, onAsk: () => notify.request(product.id) } : undefined}
          />
        ))}
      </SimpleGrid>
    </>
  );
}

const STREAM_LOOK: Record<StockStreamState, { color: string; label: string }> = {
  loading: { color: 'gray', label: 'Loading stock' },
  connecting: { color: 'gray', label: 'Connecting to live stock' },
  live: { color: 'green', label: 'Live stock' },
  reconnecting: { color: 'yellow', label: 'Reconnecting; stock may be behind' },
  stopped: { color: 'red', label: 'Live stock unavailable; reload the page' },
};

function StockIndicator({ state }: { state: StockStreamState }) {
  // Said in the header's words: while the header says Offline, this must not still say Reconnecting.
  const offline = useConnectionStatus() === 'offline' && state === 'reconnecting';
  const look = offline ? { color: 'red', label: 'Offline; stock may be behind' } : STREAM_LOOK[state];
  return (
    <Badge color={look.color} variant="dot" size="md" data-testid="stock-stream" data-state={state}>
      {look.label}
    </Badge>
  );
}
