// Issue 11 item 7: `gatehouse backup` copies a live server's database, `gatehouse restore` puts it into a new data
// directory, and a user signs in there with password and authenticator app — with the master key the backup was
// made under, which a backup never holds (docs/operations.md).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { Migrator } from 'kysely';
import pg from 'pg';
import { SecretBox } from '../../src/core/crypto/secret-box.js';
import { commandLineActor } from '../../src/services/actor.js';
import { SEALED_COLUMNS } from '../../src/store/backup/backup-contents.js';
import { openStore } from '../../src/store/database.js';
import { MIGRATION_NAMES, MIGRATION_TABLE, MIGRATIONS } from '../../src/store/migrate.js';
import { dialectsToTest, freshDatabase, type TestDatabase } from '../support/databases.js';
import { type CommandResult, postgresClientToolsSkipReason, runGatehouse } from '../support/gatehouse-cli.js';
import { HttpClient } from '../support/http-client.js';
import { oathtoolCode, otpToolsSkipReason, registerAuthenticatorApp } from '../support/otp-tools.js';
import { addUser, GOOD_PASSWORD, signedInClient, submitLogin, submitOtp } from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const OTP_USER = 'otp.user@example.com';
/** The schema this version makes: a backup names the last migration its database had run. */
const LATEST = MIGRATION_NAMES.at(-1) as string;
/** Access log rows added so that copying the database takes a while, with sign-ins writing all along. */
const BULK_ROWS = { sqlite: 60_000, postgres: 20_000 };

const otpSkip = otpToolsSkipReason();
const databases = await dialectsToTest();
const postgresToolsSkip = databases.some((d) => d.dialect === 'postgres' && !d.skip) && postgresClientToolsSkipReason();

function assertRefused(result: CommandResult, message: RegExp): void {
  assert.equal(result.status, 1, `expected a refusal, got ${result.status}: ${result.stdout}${result.stderr}`);
  assert.match(result.stderr, message);
  assert.match(result.stderr, /^gatehouse: /m);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'a stack trace was printed');
  assert.equal(result.stdout, '');
}

function assertSucceeded(result: CommandResult): void {
  assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
}

/** Where a restore goes: a data directory of its own, and a database in it (SQLite) or a new one (PostgreSQL). */
interface Installation {
  dataDir: string;
  databaseUrl: string;
  drop(): Promise<void>;
}

async function newInstallation(dialect: 'sqlite' | 'postgres'): Promise<Installation> {
  const database: TestDatabase = await freshDatabase(dialect);
  return { dataDir: database.dataDir, databaseUrl: database.url, drop: () => database.drop() };
}

const envOf = (place: { dataDir: string; databaseUrl: string }, extra: Record<string, string> = {}) => ({
  GATEHOUSE_DATA_DIR: place.dataDir,
  DATABASE_URL: place.databaseUrl,
  ...extra,
});

async function postgresTableCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      `select count(*) as count from information_schema.tables where table_schema = 'public'`,
    );
    return Number(rows[0]?.count);
  } finally {
    await client.end();
  }
}

/** Admins signing in over and over on the live server, as a busy morning would, until stopped. */
function keepSigningIn(server: TestServer, browsers: number) {
  let running = true;
  let signIns = 0;
  const failures: string[] = [];
  const loops = Array.from({ length: browsers }, async () => {
    while (running) {
      const answer = await new HttpClient(server.baseUrl).login(ADMIN_LOGIN, ADMIN_PASSWORD);
      if (answer.status === 303) signIns++;
      else failures.push(`${answer.status}: ${answer.text.slice(0, 200)}`);
    }
  });
  return {
    count: () => signIns,
    async stop(): Promise<number> {
      running = false;
      await Promise.all(loops);
      assert.deepEqual(failures, [], 'every sign-in during the backup succeeded');
      return signIns;
    },
  };
}

/** A user whose group always asks for OTP, with an authenticator app registered; answers its id and the app's secret. */
async function addOtpUser(admin: HttpClient): Promise<{ id: string; secret: string }> {
  const group = await admin.api('POST', '/groups', { displayName: 'Always OTP', skipOtp: 'always-require' });
  assert.equal(group.status, 201, group.text);
  const user = await addUser(admin, { loginId: OTP_USER, groupId: group.json<{ id: string }>().id });
  return { id: user.id, secret: await registerAuthenticatorApp(admin, user.id) };
}

/** Password, then the authenticator app's next code (the current one may already have been used at setup). */
async function signInWithOtp(server: TestServer, secret: string): Promise<void> {
  const browser = new HttpClient(server.baseUrl);
  const password = await submitLogin(browser, OTP_USER, GOOD_PASSWORD);
  assert.equal(password.status, 303, password.text.slice(0, 300));
  assert.equal(password.headers.get('location'), '/portal/example.com/login/otp');
  const otp = await submitOtp(browser, oathtoolCode(secret, Date.now() + 30_000));
  assert.equal(otp.status, 303, otp.text.slice(0, 300));
  assert.doesNotMatch(otp.headers.get('location') ?? '', /login/, 'the OTP step let the user in');
  assert.equal((await browser.request('GET', '/portal/example.com/')).status, 200);
}

for (const { dialect, skip } of databases) {
  const skipHere = skip || otpSkip || (dialect === 'postgres' && postgresToolsSkip);
  describe(`gatehouse backup and restore (${dialect})`, { skip: skipHere }, () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-backups-'));
    const backupFile = path.join(work, dialect === 'sqlite' ? 'gatehouse.backup.db' : 'gatehouse.dump');
    const cleanups: (() => Promise<void>)[] = [];
    let source: TestServer;
    let sourcePlace: { dataDir: string; databaseUrl: string };
    let otpSecret: string;
    let otpUserId: string;
    let tokenId: string;
    let token: string;
    let masterKeyHex: string;
    let masterKeyId: string;

    before(async () => {
      source = await startTestServer(dialect);
      sourcePlace = { dataDir: source.gatehouse.config.dataDir, databaseUrl: source.databaseUrl };
      masterKeyHex = readFileSync(path.join(sourcePlace.dataDir, 'secret.key'), 'utf8').trim();
      masterKeyId = new SecretBox(Buffer.from(masterKeyHex, 'hex')).currentKeyId;
      const admin = await signedInClient(source);
      ({ id: otpUserId, secret: otpSecret } = await addOtpUser(admin));
      tokenId = (await admin.api('GET', `/users/${otpUserId}/emergency-tokens`)).json<{ items: { id: string }[] }>()
        .items[0]?.id as string;
      token = (await admin.api('POST', `/users/${otpUserId}/emergency-tokens/${tokenId}/reveal`)).json<{
        token: string;
      }>().token;
      assert.ok(token);
      // Every kind of sealed secret: signing keys too.
      const tenant = await source.gatehouse.services.tenants.findByDomain('example.com');
      assert.ok(tenant);
      await source.gatehouse.services.samlSigningKeys.prepareNext(tenant, commandLineActor());
      await source.gatehouse.services.oidcSigningKeys.prepareNext(tenant, commandLineActor());
      const now = Date.now();
      const rows = Array.from({ length: 1000 }, (_, i) => ({
        tenant_id: tenant.id,
        at: now - i,
        login_id: `bulk${i}@example.com`,
        user_id: '',
        ip: '198.51.100.7',
        user_agent: 'bulk history '.repeat(8),
        service: 'portal',
        result: 'denied' as const,
        reason: 'invalid-credentials' as const,
        otp_method: '',
      }));
      for (let batch = 0; batch < BULK_ROWS[dialect] / rows.length; batch++)
        await source.gatehouse.store.db
          .insertInto('access_logs')
          .values(rows.map((row) => ({ ...row, id: randomBytes(12).toString('hex') })))
          .execute();
    });
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      await source?.close();
      rmSync(work, { recursive: true, force: true });
    });

    it('backs up the live server while it signs users in, and the copy signs the user in with OTP elsewhere', async () => {
      const load = keepSigningIn(source, 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const before = load.count();
      const backup = await runGatehouse(envOf(sourcePlace), 'backup', backupFile);
      const during = load.count() - before;
      await load.stop();
      assertSucceeded(backup);
      assert.ok(during > 0, 'the server went on signing users in while the backup ran');
      assert.match(backup.stdout, new RegExp(`^Backed up to ${backupFile.replace(/\./g, '\\.')} \\(`, 'm'));
      assert.match(backup.stdout, new RegExp(`schema ${LATEST}\\)`));
      assert.match(
        backup.stdout,
        new RegExp(`It does not hold the master key: restoring it needs master key ${masterKeyId}`),
      );
      assert.equal(statSync(backupFile).mode & 0o777, 0o600, 'only its owner can read the backup');
      // One self-contained file: no log beside it, no temporary file left over.
      assert.deepEqual(readdirSync(work), [path.basename(backupFile)]);
      assert.ok(!readFileSync(backupFile).includes(Buffer.from(masterKeyHex)), 'the master key is not in the backup');

      // SQLite: a new data directory that holds only the master key's file, copied as docs/operations.md says.
      // PostgreSQL: a new database, and the key given in the environment.
      const restored = await newInstallation(dialect);
      cleanups.push(restored.drop);
      const keyEnv: Record<string, string> = dialect === 'postgres' ? { GATEHOUSE_SECRET_KEY: masterKeyHex } : {};
      if (dialect === 'sqlite')
        copyFileSync(path.join(sourcePlace.dataDir, 'secret.key'), path.join(restored.dataDir, 'secret.key'));
      const restore = await runGatehouse(envOf(restored, keyEnv), 'restore', backupFile);
      assertSucceeded(restore);
      assert.match(restore.stdout, new RegExp(`^Restored .* \\(schema ${LATEST}; no migrations to apply\\)\\.`, 'm'));
      assert.match(restore.stdout, new RegExp(`open with this master key \\(id ${masterKeyId}\\)`));

      const server = await startTestServer(dialect, {
        databaseUrl: restored.databaseUrl,
        dataDir: restored.dataDir,
        env: keyEnv,
      });
      cleanups.push(() => server.stop());
      await signInWithOtp(server, otpSecret);
      const admin = await signedInClient(server);
      const revealed = await admin.api('POST', `/users/${otpUserId}/emergency-tokens/${tokenId}/reveal`);
      assert.equal(revealed.status, 200, revealed.text);
      assert.equal(revealed.json<{ token: string }>().token, token, 'the sealed emergency token opens');
      const { count: rows } = await server.gatehouse.store.db
        .selectFrom('access_logs')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow();
      assert.ok(Number(rows) >= BULK_ROWS[dialect], 'the whole history came along');
      await server.stop();

      // Replacing a stopped server's database is what --force is for.
      const again = await runGatehouse(envOf(restored, keyEnv), 'restore', backupFile);
      assertRefused(again, /already holds/);
      assertSucceeded(await runGatehouse(envOf(restored, keyEnv), 'restore', '--force', backupFile));
      const replaced = await startTestServer(dialect, {
        databaseUrl: restored.databaseUrl,
        dataDir: restored.dataDir,
        env: keyEnv,
      });
      cleanups.push(() => replaced.stop());
      await signInWithOtp(replaced, otpSecret);
      await replaced.stop();
    });

    it('refuses to restore without the master key the backup was made under, and writes nothing', async () => {
      const target = await newInstallation(dialect);
      cleanups.push(target.drop);
      const sqliteTarget = dialect === 'sqlite';
      if (sqliteTarget) rmSync(target.dataDir, { recursive: true });

      const keyless = await runGatehouse(envOf(target), 'restore', backupFile);
      assertRefused(keyless, new RegExp(`sealed under master key ${masterKeyId}, but there is no master key here`));
      assert.match(keyless.stderr, /set GATEHOUSE_SECRET_KEY to it, or copy that server's secret\.key to /);
      assert.match(keyless.stderr, /Nothing was restored\./);

      const otherKey = randomBytes(32).toString('hex');
      const otherKeyId = new SecretBox(Buffer.from(otherKey, 'hex')).currentKeyId;
      const wrong = await runGatehouse(envOf(target, { GATEHOUSE_SECRET_KEY: otherKey }), 'restore', backupFile);
      assertRefused(wrong, new RegExp(`this configuration's master key is ${otherKeyId}`));
      const check = await runGatehouse(
        envOf(target, { GATEHOUSE_SECRET_KEY: otherKey }),
        'restore',
        '--check',
        backupFile,
      );
      assertRefused(check, /then check again\./);

      if (sqliteTarget) assert.ok(!existsSync(target.dataDir), 'no data directory, no key and no database were made');
      else assert.equal(await postgresTableCount(target.databaseUrl), 0, 'the database is still empty');

      const right = await runGatehouse(
        envOf(target, { GATEHOUSE_SECRET_KEY: masterKeyHex }),
        'restore',
        '--check',
        backupFile,
      );
      assertSucceeded(right);
      assert.match(right.stdout, /is a sound Gatehouse backup/);
    });

    it('refuses a file that is not a backup, or a damaged one, with a clear message and nothing written', async () => {
      const target = await newInstallation(dialect);
      cleanups.push(target.drop);
      const env = envOf(target, { GATEHOUSE_SECRET_KEY: masterKeyHex });
      const notes = path.join(work, 'notes.txt');
      writeFileSync(notes, 'not a database\n'.repeat(100));
      assertRefused(
        await runGatehouse(env, 'restore', notes),
        /notes\.txt is not a Gatehouse backup: it is neither a SQLite database nor a pg_dump archive in custom format/,
      );
      const whole = readFileSync(backupFile);
      const cut = path.join(work, `cut-${path.basename(backupFile)}`);
      writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
      assertRefused(
        await runGatehouse(env, 'restore', cut),
        dialect === 'sqlite'
          ? /cut-gatehouse\.backup\.db is (damaged|not a usable SQLite database)/
          : /is not a readable pg_dump archive: pg_restore failed/,
      );
      assertRefused(
        await runGatehouse(env, 'restore', path.join(work, 'absent.db')),
        /There is no file .*absent\.db\./,
      );
      const mismatched =
        dialect === 'sqlite'
          ? /is a SQLite backup, but DATABASE_URL names PostgreSQL/
          : /is a PostgreSQL dump, but DATABASE_URL names a SQLite file/;
      const otherDialect = dialect === 'sqlite' ? 'postgres://postgres@127.0.0.1:5432/none' : 'sqlite:/nowhere/x.db';
      assertRefused(await runGatehouse({ ...env, DATABASE_URL: otherDialect }, 'restore', backupFile), mismatched);
      if (dialect === 'sqlite') {
        const foreign = path.join(work, 'foreign.db');
        const db = new SqliteDatabase(foreign);
        db.exec('create table notes (body text); insert into notes values (1)');
        db.close();
        assertRefused(
          await runGatehouse(env, 'restore', foreign),
          /foreign\.db is a SQLite database but not Gatehouse's: it has no gatehouse_migrations table\./,
        );
        assert.deepEqual(readdirSync(target.dataDir), [], 'nothing was written into the data directory');
      } else assert.equal(await postgresTableCount(target.databaseUrl), 0, 'the database is still empty');
      for (const leftover of [notes, cut, path.join(work, 'foreign.db')]) rmSync(leftover, { force: true });
    });

    it('refuses to overwrite a backup file, a database that holds data, or a database in use', async () => {
      const before = readFileSync(backupFile);
      assertRefused(
        await runGatehouse(envOf(sourcePlace), 'backup', backupFile),
        /already exists; name another file, or add --force to replace it\./,
      );
      assert.ok(readFileSync(backupFile).equals(before), 'the backup file is untouched');
      assertRefused(
        await runGatehouse(envOf(sourcePlace), 'backup', path.join(work, 'no-such-folder', 'x')),
        /The folder .*no-such-folder does not exist/,
      );
      assertRefused(
        await runGatehouse(envOf(sourcePlace), 'restore', backupFile),
        dialect === 'sqlite' ? /gatehouse\.db already holds a database/ : /already holds \d+ tables/,
      );
      // Even --force does not pull the database from under a server at work (PostgreSQL sees its connections; an
      // idle node's pool may have none open, which is why docs/operations.md says to stop every node first).
      await signedInClient(source);
      assertRefused(
        await runGatehouse(envOf(sourcePlace), 'restore', '--force', backupFile),
        dialect === 'sqlite'
          ? /is in use \(is a Gatehouse server running on it\?\)/
          : /has \d+ other connections \(is a Gatehouse node still running on it\?\)/,
      );
      assert.equal(await signedInClient(source).then(() => 'signed in'), 'signed in', 'the live server is unharmed');
      const forced = await runGatehouse(envOf(sourcePlace), 'backup', '--force', backupFile);
      assertSucceeded(forced);
      assert.deepEqual(readdirSync(work), [path.basename(backupFile)]);
    });

    // The SQLite file is read directly here; the checks it makes do not depend on the dialect.
    if (dialect === 'sqlite')
      it('knows every column that holds a sealed secret', () => {
        const db = new SqliteDatabase(backupFile, { readonly: true });
        try {
          const tables = db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[];
          const sealedLooking = new Set<string>();
          for (const { name } of tables)
            for (const row of db.prepare(`select * from "${name}"`).all() as Record<string, unknown>[])
              for (const [column, value] of Object.entries(row))
                if (typeof value === 'string' && /^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]*\.[\w-]+$/.test(value))
                  sealedLooking.add(`${name}.${column}`);
          const known = SEALED_COLUMNS.map(({ table, column }) => `${table}.${column}`);
          assert.deepEqual(
            [...sealedLooking].sort(),
            [...known].sort(),
            'the backup holds every kind of sealed secret',
          );
        } finally {
          db.close();
        }
      });

    if (dialect === 'sqlite')
      it('migrates an older backup, and refuses one from a newer Gatehouse', async () => {
        const older = path.join(work, 'older.db');
        copyFileSync(backupFile, older);
        // A backup made before the latest migration: the copy taken back one migration by that migration's own down().
        const store = openStore(`sqlite:${older}`, { poolSize: 1 });
        const { error } = await new Migrator({
          db: store.db,
          provider: { getMigrations: async () => MIGRATIONS },
          migrationTableName: MIGRATION_TABLE,
          migrationLockTableName: 'gatehouse_migration_lock',
        }).migrateDown();
        await store.close();
        assert.ifError(error);
        const target = await newInstallation(dialect);
        cleanups.push(target.drop);
        const env = envOf(target, { GATEHOUSE_SECRET_KEY: masterKeyHex });
        const check = await runGatehouse(env, 'restore', '--check', older);
        assertSucceeded(check);
        assert.match(check.stdout, new RegExp(`schema ${MIGRATION_NAMES.at(-2)}; a restore applies ${LATEST}\\)`));
        const restore = await runGatehouse(env, 'restore', older);
        assertSucceeded(restore);
        assert.match(restore.stdout, new RegExp(`applied migrations: ${LATEST}\\)`));

        const newer = path.join(work, 'newer.db');
        copyFileSync(backupFile, newer);
        const later = new SqliteDatabase(newer);
        later.prepare('insert into gatehouse_migrations (name, timestamp) values (?, ?)').run('9999-from-later', 'x');
        later.close();
        const other = await newInstallation(dialect);
        cleanups.push(other.drop);
        assertRefused(
          await runGatehouse(envOf(other, { GATEHOUSE_SECRET_KEY: masterKeyHex }), 'restore', newer),
          /newer\.db comes from a newer Gatehouse: its database has run migration 9999-from-later, which this version does not know\./,
        );
        assert.deepEqual(readdirSync(other.dataDir), []);
        for (const file of [older, newer]) rmSync(file);
      });
  });
}

describe(
  'PostgreSQL by hand: the pg_dump and pg_restore commands of docs/operations.md',
  {
    skip: databases.find((d) => d.dialect === 'postgres')?.skip || otpSkip || postgresToolsSkip,
  },
  () => {
    it('a dump made with pg_dump passes restore --check, and pg_restore then gatehouse migrate brings it back', async () => {
      const { execFileSync } = await import('node:child_process');
      const source = await startTestServer('postgres');
      const work = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-pg-dump-'));
      const target = await freshDatabase('postgres');
      try {
        const admin = await signedInClient(source);
        const { secret } = await addOtpUser(admin);
        const keyHex = readFileSync(path.join(source.gatehouse.config.dataDir, 'secret.key'), 'utf8').trim();
        const dump = path.join(work, 'gatehouse.dump');
        execFileSync('pg_dump', ['--format=custom', `--file=${dump}`, source.databaseUrl]);
        const check = await runGatehouse(
          { DATABASE_URL: target.url, GATEHOUSE_DATA_DIR: target.dataDir, GATEHOUSE_SECRET_KEY: keyHex },
          'restore',
          '--check',
          dump,
        );
        assertSucceeded(check);
        assert.match(check.stdout, new RegExp(`is a sound Gatehouse backup \\(pg_dump; schema ${LATEST}\\)`));
        execFileSync('pg_restore', [
          '--no-owner',
          '--no-privileges',
          '--single-transaction',
          '--exit-on-error',
          `--dbname=${target.url}`,
          dump,
        ]);
        const migrate = await runGatehouse({ DATABASE_URL: target.url, GATEHOUSE_DATA_DIR: target.dataDir }, 'migrate');
        assertSucceeded(migrate);
        assert.match(migrate.stdout, /up to date/);
        const server = await startTestServer('postgres', {
          databaseUrl: target.url,
          dataDir: target.dataDir,
          env: { GATEHOUSE_SECRET_KEY: keyHex },
        });
        try {
          await signInWithOtp(server, secret);
        } finally {
          await server.stop();
        }
      } finally {
        await source.close();
        await target.drop();
        rmSync(work, { recursive: true, force: true });
      }
    });
  },
);
