// Secrets never reach logs (DESIGN.md): a real server with the real logger of `gatehouse serve`, its output read
// line by line while a Gatehouse Key enrolment link is mistyped, opened with the wrong method and used.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { totpCode } from '../../src/core/otp/totp.js';
import { createGatehouse, createLogger, type Gatehouse } from '../../src/main.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { TestKeyDevice } from '../support/key-device.js';
import { addUser } from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../support/test-server.js';

describe('the server log (sqlite)', () => {
  const lines: string[] = [];
  let database: TestDatabase;
  let gatehouse: Gatehouse;
  let baseUrl = '';

  before(async () => {
    database = await freshDatabase('sqlite');
    const config = loadConfig({
      GATEHOUSE_DATA_DIR: database.dataDir,
      DATABASE_URL: database.url,
      GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ARGON2_MEMORY_KIB: '4096',
      ARGON2_TIME_COST: '1',
      LOG_LEVEL: 'info',
    });
    const logger = createLogger(config, { write: (line: string) => void lines.push(line) });
    gatehouse = await createGatehouse(config, { logger, announce: () => undefined });
    await gatehouse.app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(gatehouse.app.server.address() as { port: number }).port}`;
  });
  after(async () => {
    await gatehouse?.close();
    await database?.drop();
  });

  it('never contains the secret of a Gatehouse Key enrolment link, only the setup id', async () => {
    const admin = new HttpClient(baseUrl);
    assert.equal((await admin.login(ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303);
    const user = await addUser(admin, { loginId: 'logged@example.com' });
    const setup = (await admin.api('POST', `/users/${user.id}/otp/setup/totp`)).json<{
      setupId: string;
      otpauthUri: string;
    }>();
    const uri = new URL(setup.otpauthUri);
    const link = uri.searchParams.get('gatehouse_enroll') as string;
    const linkSecret = link.slice(link.lastIndexOf('.') + 1);
    assert.ok(linkSecret.length >= 20, link);
    const device = new TestKeyDevice();
    const enrol = (code: string) =>
      fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ publicKey: device.publicJwk, deviceName: 'logged phone', code }),
      });

    assert.equal((await enrol('000000')).status, 400);
    // Opened in a browser: no such route for GET, still logged as a request.
    assert.equal((await fetch(link)).status, 404);
    assert.equal((await enrol(totpCode(uri.searchParams.get('secret') as string, Date.now()))).status, 201);

    const log = lines.join('');
    const enrolmentLines = lines.filter((line) => line.includes('/api/key/v1/enroll/'));
    assert.equal(enrolmentLines.length, 3, `each request was logged once:\n${log}`);
    for (const line of enrolmentLines)
      assert.ok(line.includes(`"url":"/api/key/v1/enroll/${setup.setupId}.[redacted]"`), line);
    assert.equal(log.includes(linkSecret), false, `the link secret is in the log:\n${log}`);
  });
});
