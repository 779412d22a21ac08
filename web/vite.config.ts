import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves index.html for every /admin/<domain>/... path, so asset URLs must be absolute.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/static/console/',
  plugins: [react()],
  // Mirrors the `paths` of tsconfig.json; type-only imports of the contract never reach the bundle.
  resolve: { alias: { '@contract': fileURLToPath(new URL('../src/contract', import.meta.url)) } },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
  },
});
