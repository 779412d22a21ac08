// The OpenID Provider engine's storage on Gatehouse's database (issue 10): what it writes it finds again, expired
// records are gone, a single-use record is consumed once however many servers race, and revoking a grant removes
// every record of it, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { oidcStoreAdapter } from '../../src/services/oidc/oidc-store-adapter.js';
import { consumeOidcRecord, deleteExpiredOidcRecords } from '../../src/store/oidc-records.js';
import { dialectsToTest } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`OpenID Provider storage (${dialect})`, { skip }, () => {
    let server: TestServer;
    let tenantId: string;
    let otherTenantId: string;
    const clock = new ManualClock(Date.UTC(2026, 11, 2, 12));

    before(async () => {
      server = await startTestServer(dialect);
      const { tenants } = server.gatehouse.services;
      tenantId = (await tenants.findByDomain('example.com'))!.id;
      otherTenantId = (await tenants.createTenant('other.example', 'Other-Admin-Pass-1')).tenant.id;
    });
    after(async () => server?.close());

    const adapter = (model: string, tenant = tenantId) => {
      const Adapter = oidcStoreAdapter(server.gatehouse.store, clock, tenant);
      return new Adapter(model);
    };

    it('finds what it wrote, by id, uid and user code, and only in its own model and tenant', async () => {
      const sessions = adapter('Session');
      await sessions.upsert('s1', { accountId: 'u1', uid: 'uid-1', jti: 's1' }, 3600);
      assert.deepEqual(await sessions.find('s1'), { accountId: 'u1', uid: 'uid-1', jti: 's1' });
      assert.equal((await sessions.findByUid('uid-1'))?.accountId, 'u1');
      assert.equal(await adapter('AccessToken').find('s1'), undefined, 'another model');
      assert.equal(await adapter('Session', otherTenantId).find('s1'), undefined, 'another tenant');
      const devices = adapter('DeviceCode');
      await devices.upsert('d1', { userCode: 'ABCD-EFGH', grantId: 'g0' }, 600);
      assert.equal((await devices.findByUserCode('ABCD-EFGH'))?.grantId, 'g0');
      assert.equal(await devices.findByUserCode(''), undefined);
    });

    it('writes a record again in place, and forgets it at its expiry', async () => {
      const codes = adapter('AuthorizationCode');
      await codes.upsert('c1', { accountId: 'u1' }, 60);
      await codes.upsert('c1', { accountId: 'u2' }, 60);
      assert.equal((await codes.find('c1'))?.accountId, 'u2');
      clock.advance(59_999);
      assert.ok(await codes.find('c1'));
      clock.advance(1);
      assert.equal(await codes.find('c1'), undefined, 'expired');
      await deleteExpiredOidcRecords(server.gatehouse.store.db, clock.now());
      const left = await server.gatehouse.store.db
        .selectFrom('oidc_records')
        .select('id')
        .where('id', '=', 'c1')
        .execute();
      assert.deepEqual(left, [], 'housekeeping removed it');
      const forever = adapter('Client');
      await forever.upsert('k1', { client_id: 'k1' });
      clock.advance(365 * 86_400_000);
      assert.ok(await forever.find('k1'), 'no expiry: kept');
    });

    it('consumes a single-use record once, however many requests race, and keeps it consumed when rewritten', async () => {
      const codes = adapter('AuthorizationCode');
      await codes.upsert('c2', { accountId: 'u1', grantId: 'g2' }, 600);
      const key = { tenantId, model: 'AuthorizationCode', id: 'c2' };
      const winners = await Promise.all(
        Array.from({ length: 12 }, () => consumeOidcRecord(server.gatehouse.store.db, key, clock.now())),
      );
      assert.equal(winners.filter(Boolean).length, 1);
      assert.equal((await codes.find('c2'))?.consumed, Math.floor(clock.now() / 1000));
      await codes.upsert('c2', { accountId: 'u1', grantId: 'g2' }, 600);
      assert.ok((await codes.find('c2'))?.consumed, 'still consumed after being written again');
      // A consume that loses (the record was used meanwhile) is a reuse: refused, and the grant revoked.
      await adapter('Grant').upsert('g2', { accountId: 'u1' }, 600);
      await adapter('AccessToken').upsert('t2', { grantId: 'g2' }, 600);
      await assert.rejects(codes.consume('c2'), (error: Error) => error.name === 'InvalidGrant');
      assert.equal(await adapter('Grant').find('g2'), undefined);
      assert.equal(await adapter('AccessToken').find('t2'), undefined);
    });

    it('revokes a grant: every record of it goes, in every model, and nothing else', async () => {
      const tokens = adapter('AccessToken');
      const refresh = adapter('RefreshToken');
      await tokens.upsert('a3', { grantId: 'g3' }, 600);
      await refresh.upsert('r3', { grantId: 'g3' }, 600);
      await tokens.upsert('a4', { grantId: 'g4' }, 600);
      await adapter('AccessToken', otherTenantId).upsert('a3', { grantId: 'g3' }, 600);
      await tokens.revokeByGrantId('g3');
      assert.equal(await tokens.find('a3'), undefined);
      assert.equal(await refresh.find('r3'), undefined);
      assert.ok(await tokens.find('a4'));
      assert.ok(await adapter('AccessToken', otherTenantId).find('a3'), "another tenant's grant of the same id stays");
      await tokens.destroy('a4');
      assert.equal(await tokens.find('a4'), undefined);
    });
  });
}
