import { useReducer } from 'react';
import { trpc } from '../../../app/trpc.js';
import { useEphemeralStream } from '../../../lib/live/useLiveStream.js';
import { initialLiveView, liveViewReducer } from './liveViewState.js';

/** The shop's live view (presence.onShop) and its products' names. */
export function useShopLiveView(shopId: string) {
  const [state, dispatch] = useReducer(liveViewReducer, initialLiveView);
  const stream = useEphemeralStream(trpc.presence.onShop, { input: { shopId }, onValue: dispatch });
  const products = trpc.product.list.useQuery({ shopId });
  const nameOf = (productId: string | null) => (productId === null ? null : (products.data?.find((p) => p.id === productId)?.name ?? 'A product'));
  return { state, stream, nameOf };
}
