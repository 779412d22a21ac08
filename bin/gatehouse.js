#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  console.error('gatehouse: the server is not built yet; run "npm run build" (or "npm start") first.');
  process.exit(1);
}
const { main } = await import(compiled.href);
await main(process.argv.slice(2));
