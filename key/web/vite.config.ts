import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// Gatehouse Key's web app (SPEC §3.3), served by the server at /key/ under its strict CSP (no inline script or style:
// Vite's build emits only files). The CLI's tsc output lives apart, in dist/key-cli.
const root = fileURLToPath(new URL('.', import.meta.url));
const BASE = '/key/';

/**
 * Writes sw.js from service-worker.js with the list of files to precache and a version derived from their
 * contents: each build that changes anything gives the browser a new worker, which drops the old cache.
 */
function serviceWorker(): Plugin {
  const template = fileURLToPath(new URL('service-worker.js', import.meta.url));
  const publicDir = fileURLToPath(new URL('public/', import.meta.url));
  return {
    name: 'gatehouse-key-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      const built = Object.keys(bundle)
        .filter((file) => !file.endsWith('.map'))
        .sort();
      for (const file of built) {
        const output = bundle[file]!;
        hash.update(file).update(output.type === 'chunk' ? output.code : output.source);
      }
      const published = readdirSync(publicDir).sort();
      for (const file of published) hash.update(file).update(readFileSync(publicDir + file));
      const source = readFileSync(template, 'utf8');
      hash.update(source);
      const precache = [
        BASE,
        ...[...built.filter((file) => file !== 'index.html'), ...published].map((file) => BASE + file),
      ];
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: source
          .replace("'__VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 16)))
          .replace("['__PRECACHE__']", JSON.stringify(precache)),
      });
    },
  };
}

export default defineConfig({
  root,
  base: BASE,
  plugins: [react(), serviceWorker()],
  build: {
    outDir: '../../dist/key',
    emptyOutDir: true,
    // Everything as files, nothing as data: URLs.
    assetsInlineLimit: 0,
  },
});
