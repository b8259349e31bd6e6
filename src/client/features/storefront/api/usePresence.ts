import { useState } from 'react';
import type { VisitFigures } from '../../../../shared/presence.js';
import { trpc } from '../../../app/trpc.js';
import { useEphemeralStream } from '../../../lib/live/useLiveStream.js';

/** While mounted, this tab counts as a visitor of the shop (and product); its figures, live. */
export function useVisit(shopId: string, productId?: string) {
  const [figures, setFigures] = useState<VisitFigures | null>(null);
  useEphemeralStream(trpc.presence.visit, { input: productId === undefined ? { shopId } : { shopId, productId }, onValue: setFigures });
  return figures;
}

/** Tells the shop's live view what this visitor did. Best effort: a refusal (rate limit) is not the shopper's problem. */
export function useReportActivity(shopId: string) {
  const report = trpc.presence.report.useMutation();
  return (kind: 'added_to_cart' | 'checkout_started', productId?: string) => report.mutate({ shopId, kind, productId }, { onError: () => undefined });
}
