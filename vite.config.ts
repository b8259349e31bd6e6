import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiTarget = process.env['SHOPWIRE_API'] ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'src/client',
  plugins: [react()],
  build: {
    outDir: '../../dist/client',
    emptyOutDir: true,
    reportCompressedSize: true,
  },
  server: {
    // The dev server proxies the API (HTTP and WebSocket) to a running `npm run dev` backend.
    proxy: {
      '/trpc': { target: apiTarget, ws: true, changeOrigin: true },
      '/health': { target: apiTarget },
      '/api': { target: apiTarget },
    },
  },
});
