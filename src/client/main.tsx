import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import './app/layout.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiCache } from './app/apiCache.js';
import { App } from './app/App.js';
import { ClientRuntimeProvider, type ClientRuntime } from './app/ClientRuntime.js';
import { createConnectionStore } from './app/connectionStore.js';
import { createTokenStore } from './app/tokenStore.js';
import { browserVisitorId } from './app/visitorId.js';

const root = document.getElementById('root');
if (root) {
  // The composition root: the only place these are made, so there is one of each per page.
  const tokens = createTokenStore(() => window.localStorage, window);
  const connection = createConnectionStore();
  const runtime: ClientRuntime = { tokens, connection, apis: createApiCache(tokens, connection, browserVisitorId(() => window.localStorage)) };
  createRoot(root).render(
    <StrictMode>
      <ClientRuntimeProvider runtime={runtime}>
        <App />
      </ClientRuntimeProvider>
    </StrictMode>,
  );
}
