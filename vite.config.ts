import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The web client: index.html at the repo root, entry src/web/main.tsx, built into dist/web (served by the API server). */
export default defineConfig({
  root: '.',
  publicDir: false,
  plugins: [react()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
