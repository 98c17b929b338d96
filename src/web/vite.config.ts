/**
 * @module web/vite.config — builds the dashboard into dist/web (served by `gatehouse serve`); `npm run dev:web`
 * runs Vite's dev server with /api proxied to a local `gatehouse serve` on 127.0.0.1:8080 (development only).
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: new URL('../../dist/web', import.meta.url).pathname,
    emptyOutDir: true,
    // No inline script anywhere (the CSP forbids it): no module-preload polyfill, no inlined assets.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } } },
});
