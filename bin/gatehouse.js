#!/usr/bin/env -S node --max-semi-space-size=2
// The Node.js option above caps V8's young generation at 2 x 2 MiB instead of 2 x 16: 20 to 30 MiB less memory
// per node, for CPU within the noise of the measurement (bench/README.md, node-memory). `npm start` and the systemd unit in
// docs/operations.md pass the same option; test/unit/node-options.test.ts keeps the three in step.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  console.error('gatehouse: the server is not built yet; run "npm run build" (or "npm start") first.');
  process.exit(1);
}
const { main } = await import(compiled.href);
await main(process.argv.slice(2));
