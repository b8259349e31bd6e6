import { useState } from 'react';
import { trpc } from '../../../app/trpc.js';
import { notifyError } from '../../../utils/notifyError.js';

/**
 * "Notify me" on sold-out products: one back_in_stock notification (the bell) at the next restock.
 * Which ones this page asked for is remembered here; asking again is harmless (the server keeps one).
 */
export function useNotifyMe() {
  const [asked, setAsked] = useState<ReadonlySet<string>>(new Set());
  const mutation = trpc.product.notifyMe.useMutation({ onError: notifyError });
  return {
    asked,
    pendingId: mutation.isPending ? mutation.variables.productId : null,
    request: (productId: string) => mutation.mutate({ productId }, { onSuccess: () => setAsked((before) => new Set(before).add(productId)) }),
  };
}
