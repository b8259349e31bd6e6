import { createContext, useContext, type ReactNode } from 'react';
import type { ApiCache } from './apiCache.js';
import type { ConnectionStore } from './connectionStore.js';
import type { TokenStore } from './tokenStore.js';

/** The SPA's long-lived objects, made once by main.tsx (the composition root) and handed down here. */
export interface ClientRuntime {
  tokens: TokenStore;
  connection: ConnectionStore;
  apis: ApiCache;
}

const ClientRuntimeContext = createContext<ClientRuntime | null>(null);

export function ClientRuntimeProvider({ runtime, children }: { runtime: ClientRuntime; children: ReactNode }) {
  return <ClientRuntimeContext value={runtime}>{children}</ClientRuntimeContext>;
}

export function useClientRuntime(): ClientRuntime {
  const runtime = useContext(ClientRuntimeContext);
  if (!runtime) throw new Error('useClientRuntime: no ClientRuntimeProvider above this component (see src/client/main.tsx)');
  return runtime;
}
