import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  loadAccounts,
  selectAccounts,
  stateDirectory,
  stateFilePath,
  storeAccount,
} from '../../key/cli/account-store.js';
import type { KeyAccount } from '../../key/protocol/index.js';

const root = await mkdtemp(path.join(tmpdir(), 'gatehouse-key-'));
after(() => rm(root, { recursive: true, force: true }));

function account(loginId: string, deviceId: string, apiBase = 'https://gh.example/api/key/v1'): KeyAccount {
  return {
    deviceId,
    apiBase,
    loginId,
    domain: 'example.com',
    issuer: 'Gatehouse',
    secret: 'JBSWY3DPEHPK3PXP',
    privateKeyJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' },
    publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' },
    deviceName: 'test',
    enrolledAt: '2026-01-01T00:00:00.000Z',
  };
}

describe('Key state file', () => {
  it('lives in GATEHOUSE_KEY_HOME, else XDG_CONFIG_HOME/gatehouse-key, else ~/.config/gatehouse-key', () => {
    assert.equal(stateFilePath({ GATEHOUSE_KEY_HOME: '/k', XDG_CONFIG_HOME: '/x' }), '/k/accounts.json');
    assert.equal(stateDirectory({ XDG_CONFIG_HOME: '/x' }), '/x/gatehouse-key');
    assert.match(stateDirectory({}), /\.config\/gatehouse-key$/);
  });

  it('is written with mode 0600 in a 0700 directory, even under a permissive umask', async () => {
    const file = path.join(root, 'nested', 'home', 'accounts.json');
    const previous = process.umask(0o000);
    try {
      await storeAccount(account('alice@example.com', 'd1'), file);
    } finally {
      process.umask(previous);
    }
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(path.dirname(file))).mode & 0o777, 0o700);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).version, 1);
  });

  it('replaces an earlier registration of the same user on the same server, keeps the others', async () => {
    const file = path.join(root, 'replace', 'accounts.json');
    assert.deepEqual(await loadAccounts(file), [], 'no file yet: no accounts');
    assert.deepEqual(await storeAccount(account('alice@example.com', 'd1'), file), { replaced: false });
    await storeAccount(account('bob@example.com', 'd2'), file);
    await storeAccount(account('alice@example.com', 'd3', 'https://other.example/api/key/v1'), file);
    assert.deepEqual(await storeAccount(account('Alice@example.com', 'd4'), file), { replaced: true });
    assert.deepEqual((await loadAccounts(file)).map((a) => a.deviceId).sort(), ['d2', 'd3', 'd4']);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('selects accounts by login ID, device ID or part of login ID / issuer / domain', () => {
    const held = [account('alice@example.com', 'd1'), account('bob@example.com', 'd2')];
    assert.deepEqual(selectAccounts(held).length, 2);
    assert.deepEqual(
      selectAccounts(held, 'ALICE@example.com').map((a) => a.deviceId),
      ['d1'],
    );
    assert.deepEqual(
      selectAccounts(held, 'd2').map((a) => a.deviceId),
      ['d2'],
    );
    assert.deepEqual(
      selectAccounts(held, 'bob').map((a) => a.deviceId),
      ['d2'],
    );
    assert.throws(() => selectAccounts(held, 'carol'), /No account matches "carol"/);
    assert.throws(() => selectAccounts([]), /No account yet/);
  });
});
