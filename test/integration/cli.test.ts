import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dialectsToTest, freshDatabase, type TestDatabase } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { registerAuthenticatorApp } from '../support/otp-tools.js';
import { submitLogin, submitOtp } from '../support/scenario.js';
import { startTestServer } from '../support/test-server.js';
import { ADMIN_PASSKEY_MESSAGES } from '../../src/core/messages.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/gatehouse.js');

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`gatehouse command line (${dialect})`, { skip }, () => {
    let database: TestDatabase;
    const env = () => ({
      ...process.env,
      GATEHOUSE_DATA_DIR: database.dataDir,
      DATABASE_URL: database.url,
      ARGON2_MEMORY_KIB: '4096',
      ARGON2_TIME_COST: '1',
      LOG_LEVEL: 'silent',
    });
    const gatehouse = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], { env: env(), encoding: 'utf8' });

    before(async () => {
      database = await freshDatabase(dialect);
    });
    after(async () => database?.drop());

    it('migrates, adds a tenant with a one-time password, and adds users', () => {
      const migrate = gatehouse('migrate');
      assert.equal(migrate.status, 0, migrate.stderr);
      assert.match(migrate.stdout, /Applied migrations: 0001-initial/);
      assert.match(gatehouse('migrate').stdout, /up to date/);

      const tenant = gatehouse('tenant', 'add', 'acme.example');
      assert.equal(tenant.status, 0, tenant.stderr);
      assert.match(tenant.stdout, /Created tenant acme\.example with Global Admin admin@acme\.example/);
      assert.match(tenant.stdout, /Password \(shown only now\): \S{20,}/);

      const duplicate = gatehouse('tenant', 'add', 'acme.example');
      assert.equal(duplicate.status, 1);
      assert.match(duplicate.stderr, /already exists/);

      const user = gatehouse(
        'user',
        'add',
        'bob@acme.example',
        '--tenant',
        'acme.example',
        '--role',
        'read-only-admin',
      );
      assert.equal(user.status, 0, user.stderr);
      assert.match(user.stdout, /Added bob@acme\.example \(read-only-admin\)/);

      const badRole = gatehouse('user', 'add', 'eve@acme.example', '--tenant', 'acme.example', '--role', 'root');
      assert.equal(badRole.status, 1);
      assert.match(badRole.stderr, /Role must be one of/);
    });

    it('admin recover gives a locked-out, disabled admin a working password', async () => {
      const server = await startTestServer(dialect, {
        databaseUrl: database.url,
        dataDir: database.dataDir,
        env: { GATEHOUSE_DOMAIN: 'acme.example' },
      });
      try {
        // The first server start generated the master key: readable by its owner only.
        assert.equal(statSync(path.join(database.dataDir, 'secret.key')).mode & 0o777, 0o600);
        const tenant = await server.gatehouse.services.tenants.findByDomain('acme.example');
        assert.ok(tenant);
        await server.gatehouse.store.db
          .updateTable('users')
          .set({ status: 'disabled', locked_until: Date.now() + 3_600_000, failed_login_count: 10 })
          .where('login_id_lower', '=', 'admin@acme.example')
          .execute();

        const recover = gatehouse('admin', 'recover', 'ADMIN@acme.example', '--tenant', 'acme.example');
        assert.equal(recover.status, 0, recover.stderr);
        const password = /New password \(shown only now\): (\S+)/.exec(recover.stdout)?.[1];
        assert.ok(password);
        const tokens = recover.stdout.match(/^  [a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/gm) ?? [];
        assert.equal(tokens.length, 5, recover.stdout);

        const client = new HttpClient(server.baseUrl, 'acme.example');
        const login = await client.login('admin@acme.example', password);
        assert.equal(login.status, 303);
        assert.equal((await client.api('GET', '/me')).status, 200);
      } finally {
        await server.gatehouse.close();
      }
    });

    it('admin recover restores a way in when enforcement "deny" and a lost OTP shut every Global Admin out', async () => {
      const created = gatehouse('tenant', 'add', 'shut.example');
      assert.equal(created.status, 0, created.stderr);
      const firstPassword = /Password \(shown only now\): (\S+)/.exec(created.stdout)?.[1] as string;
      const server = await startTestServer(dialect, {
        databaseUrl: database.url,
        dataDir: database.dataDir,
        env: { GATEHOUSE_DOMAIN: 'acme.example' },
      });
      try {
        // Every step the lock-out guard still allows: an authenticator app, no emergency tokens, a group that
        // always requires OTP, and admin OTP enforcement with "deny".
        const console = new HttpClient(server.baseUrl, 'shut.example');
        assert.equal((await console.login('admin@shut.example', firstPassword)).status, 303);
        const adminId = (await console.api('GET', '/me')).json<{ user: { id: string } }>().user.id;
        await registerAuthenticatorApp(console, adminId);
        const tokens = (await console.api('GET', `/users/${adminId}/emergency-tokens`)).json<{
          items: { id: string }[];
        }>().items;
        for (const token of tokens)
          assert.equal((await console.api('DELETE', `/users/${adminId}/emergency-tokens/${token.id}`)).status, 204);
        const strict = await console.api('POST', '/groups', { displayName: 'Always OTP', skipOtp: 'always-require' });
        assert.equal(strict.status, 201, strict.text);
        const moved = await console.api('PATCH', `/users/${adminId}`, { groupId: strict.json<{ id: string }>().id });
        assert.equal(moved.status, 200, moved.text);
        const enforced = await console.api('PATCH', '/settings', {
          adminOtpEnforcement: 'now',
          adminOtpMissing: 'deny',
        });
        assert.equal(enforced.status, 200, enforced.text);
        // What the guard refuses stands in as direct changes: the OTP registration gone, the account disabled and
        // locked out; the first password is forgotten.
        await server.gatehouse.store.db
          .updateTable('users')
          .set({ otp_type: 'none', otp_secret: '', status: 'disabled', locked_until: Date.now() + 3_600_000 })
          .where('id', '=', adminId)
          .execute();
        const shutOut = await submitLogin(
          new HttpClient(server.baseUrl, 'shut.example'),
          'admin@shut.example',
          firstPassword,
        );
        assert.notEqual(shutOut.status, 303, 'the tenant is shut out');

        const recover = gatehouse('admin', 'recover', 'admin@shut.example', '--tenant', 'shut.example');
        assert.equal(recover.status, 0, recover.stderr);
        const password = /New password \(shown only now\): (\S+)/.exec(recover.stdout)?.[1] as string;
        const token = /^ {2}([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2})$/m.exec(recover.stdout)?.[1] as string;
        assert.ok(password && token, recover.stdout);

        const browser = new HttpClient(server.baseUrl, 'shut.example');
        const signedIn = await submitLogin(browser, 'admin@shut.example', password);
        assert.equal(signedIn.status, 303, signedIn.text.slice(0, 400));
        assert.equal(signedIn.headers.get('location'), '/portal/shut.example/login/otp', 'an emergency token answers');
        const answered = await submitOtp(browser, token);
        assert.equal(answered.status, 303, answered.text.slice(0, 400));
        assert.equal(
          answered.headers.get('location'),
          '/portal/shut.example/login/otp-setup',
          'straight on to OTP setup, before anything else',
        );
      } finally {
        await server.gatehouse.close();
      }
    });

    it('admin recover lifts phishing-resistant sign-in for admins, says so, and logs it', async () => {
      const server = await startTestServer(dialect, {
        databaseUrl: database.url,
        dataDir: database.dataDir,
        env: { GATEHOUSE_DOMAIN: 'acme.example' },
      });
      try {
        // As if a Global Admin had required it and the admin then lost their passkey.
        const db = server.gatehouse.store.db;
        await db
          .updateTable('tenants')
          .set({ admin_passkey_requirement: 'now' })
          .where('domain', '=', 'acme.example')
          .execute();
        const recover = gatehouse('admin', 'recover', 'admin@acme.example', '--tenant', 'acme.example');
        assert.equal(recover.status, 0, recover.stderr);
        assert.ok(recover.stdout.includes(ADMIN_PASSKEY_MESSAGES.recoverLifted), recover.stdout);
        const tenant = await db
          .selectFrom('tenants')
          .select(['id', 'admin_passkey_requirement'])
          .where('domain', '=', 'acme.example')
          .executeTakeFirstOrThrow();
        assert.equal(tenant.admin_passkey_requirement, 'off');
        const logged = await db
          .selectFrom('audit_logs')
          .selectAll()
          .where('tenant_id', '=', tenant.id)
          .where('operation', '=', 'settings.update')
          .execute();
        assert.equal(logged.length, 1);
        assert.match(logged[0]?.before_json ?? '', /"adminPasskeyRequirement":"now"/);

        const again = gatehouse('admin', 'recover', 'admin@acme.example', '--tenant', 'acme.example');
        assert.equal(again.status, 0, again.stderr);
        assert.ok(!again.stdout.includes('Phishing-resistant'), 'nothing to lift the second time');
      } finally {
        await server.gatehouse.close();
      }
    });

    it('refuses to recover an ordinary user or an unknown one', () => {
      assert.match(gatehouse('user', 'add', 'carol@acme.example', '--tenant', 'acme.example').stdout, /Added/);
      const ordinary = gatehouse('admin', 'recover', 'carol@acme.example', '--tenant', 'acme.example');
      assert.equal(ordinary.status, 1);
      assert.match(ordinary.stderr, /not an administrator/);
      const unknown = gatehouse('admin', 'recover', 'nobody@acme.example', '--tenant', 'acme.example');
      assert.equal(unknown.status, 1);
      assert.match(unknown.stderr, /There is no user nobody@acme\.example/);
    });

    it('stops with a message naming a bad configuration variable', () => {
      const result = spawnSync(process.execPath, [BIN, 'migrate'], {
        env: { ...env(), PORT: 'eighty' },
        encoding: 'utf8',
      });
      assert.equal(result.status, 1);
      assert.match(result.stderr, /Invalid configuration: PORT must be a whole number, got "eighty"\./);
    });
  });
}
