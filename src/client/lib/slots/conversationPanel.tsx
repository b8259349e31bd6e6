import { createContext, useContext, type ComponentType } from 'react';

export interface ConversationPanelProps {
  shopId: string;
  /** The buyer's own order of that shop the conversation is about, if any. */
  orderId?: string;
  /** The button that opens it ("Message the shop"). */
  label: string;
}

/**
 * Features do not import each other: a page of one feature (My orders, a shop page) shows the
 * chat feature's panel through this slot, which the app fills (routes.tsx). Empty: nothing shown.
 */
const ConversationPanelContext = createContext<ComponentType<ConversationPanelProps> | null>(null);

export const ConversationPanelProvider = ConversationPanelContext.Provider;

export function ConversationPanelSlot(props: ConversationPanelProps) {
  const Panel = useContext(ConversationPanelContext);
  return Panel ? <Panel {...props} /> : null;
}
