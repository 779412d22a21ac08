import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { GATEHOUSE_BIN, productionNodeOptions } from '../support/node-process.js';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

describe('the Node.js options of a production node', () => {
  const options = productionNodeOptions();

  it('are given by the gatehouse command itself, and Node.js accepts them', () => {
    assert.deepEqual(options, ['--max-semi-space-size=2']);
    // Run through the #! line, as an installed `gatehouse` command runs: env splits it (-S) and node accepts it.
    const help = execFileSync(GATEHOUSE_BIN, ['--help'], { encoding: 'utf8' });
    assert.match(help, /serve\s+start the server/);
  });

  it('are the ones npm start and the systemd unit in docs/operations.md run with', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    assert.match(scripts.start ?? '', new RegExp(`node ${options.join(' ')} bin/gatehouse\\.js serve$`));
    const execStart = /^ExecStart=(.*)$/m.exec(read('docs/operations.md'))?.[1];
    assert.equal(execStart, `/usr/bin/node ${options.join(' ')} bin/gatehouse.js serve`);
  });
});
