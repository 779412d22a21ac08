import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

// key/protocol is shared with the /key/ web app: it must stay free of Node. (key/protocol/tsconfig.json checks the
// types without @types/node; this catches the rest cheaply.)
const protocolDir = new URL('../../key/protocol/', import.meta.url);

describe('key/protocol stays isomorphic', async () => {
  const files = (await readdir(protocolDir)).filter((name) => name.endsWith('.ts'));
  for (const name of files) {
    it(`${name} imports only its siblings and uses no Node globals`, async () => {
      // Comments may name what is avoided ("without Buffer"); only code counts.
      const source = (await readFile(new URL(name, protocolDir), 'utf8')).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const imports = [...source.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'/g)].map((m) => m[1] ?? m[2]);
      for (const specifier of imports) assert.match(specifier!, /^\.\/[\w-]+\.js$/, `${name} imports ${specifier}`);
      assert.doesNotMatch(source, /\b(Buffer|process|require|__dirname)\b/, `${name} uses a Node global`);
    });
  }
});
