#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/key-cli/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  console.error(
    'gatehouse-key: Gatehouse Key is not built yet; run "npm run build" (or "npx tsc -p key/tsconfig.json") first.',
  );
  process.exit(1);
}
const { main } = await import(compiled.href);
await main(process.argv.slice(2));
