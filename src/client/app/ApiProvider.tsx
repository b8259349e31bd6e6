import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useClientRuntime } from './ClientRuntime.js';
import { trpc } from './trpc.js';

export function ApiProvider({ token, children }: { token: string | null; children: ReactNode }) {
  const api = useClientRuntime().apis.apiFor(token);
  return (
    <trpc.Provider client={api.client} queryClient={api.queryClient}>
      <QueryClientProvider client={api.queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}
