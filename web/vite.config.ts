import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves index.html for every /admin/<domain>/... path, so asset URLs must be absolute.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/static/console/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
  },
});
