// /metrics and request ids (issue 11 item 6): a real server with the real logger of `gatehouse serve`, scraped over
// real HTTP after real sign-ins, on both databases.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { METRICS_MESSAGES } from '../../src/core/messages.js';
import { createGatehouse, createLogger, type Gatehouse } from '../../src/main.js';
import { dialectsToTest, freshDatabase, type TestDatabase } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { signedInClient, submitLogin } from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, startTestServer, type TestServer } from '../support/test-server.js';

const TOKEN = 'scrape-token-0123456789abcdef';

/** The value of the one sample named `name` with exactly these labels (in any order), or undefined. */
function sample(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z0-9_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (
      Object.keys(found).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => found[k] === v)
    )
      return Number(match[3]);
  }
  return undefined;
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`metrics and request ids (${dialect})`, { skip }, () => {
    const lines: string[] = [];
    let database: TestDatabase;
    let gatehouse: Gatehouse;
    let baseUrl = '';
    let unconfigured: TestServer;

    const scrape = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
      fetch(`${baseUrl}/metrics`, { headers });

    before(async () => {
      database = await freshDatabase(dialect);
      const config = loadConfig({
        GATEHOUSE_DATA_DIR: database.dataDir,
        DATABASE_URL: database.url,
        GATEHOUSE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ARGON2_MEMORY_KIB: '4096',
        ARGON2_TIME_COST: '1',
        LOG_LEVEL: 'info',
        TRUST_PROXY: '127.0.0.1',
        METRICS_TOKEN: TOKEN,
      });
      const logger = createLogger(config, { write: (line: string) => void lines.push(line) });
      gatehouse = await createGatehouse(config, { logger, announce: () => undefined });
      await gatehouse.app.listen({ host: '127.0.0.1', port: 0 });
      baseUrl = `http://127.0.0.1:${(gatehouse.app.server.address() as { port: number }).port}`;
      unconfigured = await startTestServer(dialect);
    });
    after(async () => {
      await gatehouse?.close();
      await database?.drop();
      await unconfigured?.close();
    });

    it('is refused without the token or with a wrong one, and absent when nothing is configured', async () => {
      const refused = await scrape({});
      assert.equal(refused.status, 403);
      assert.deepEqual(await refused.json(), { error: 'forbidden', message: METRICS_MESSAGES.forbidden });
      assert.equal((await scrape({ authorization: 'Bearer wrong-token-0123456789abcdef' })).status, 403);
      assert.equal((await scrape({ authorization: `Bearer ${TOKEN}x` })).status, 403);
      assert.equal((await scrape({ authorization: TOKEN })).status, 403);
      const unconfiguredAnswer = await fetch(`${unconfigured.baseUrl}/metrics`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal(unconfiguredAnswer.status, 404);
    });

    it('counts a failed and a successful sign-in by result and reason, and times the login route', async () => {
      const before = await (await scrape()).text();
      const failed = await submitLogin(new HttpClient(baseUrl), ADMIN_LOGIN, 'Not-The-Password-1');
      assert.equal(failed.status, 401);
      await signedInClient({ baseUrl } as TestServer);

      const answer = await scrape();
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await answer.text();
      const count = (exposition: string, labels: Record<string, string>) =>
        sample(exposition, 'gatehouse_access_attempts_total', labels) ?? 0;
      const denied = { result: 'denied', reason: 'invalid-credentials' };
      const allowed = { result: 'allowed', reason: 'allowed' };
      assert.equal(count(text, denied) - count(before, denied), 1);
      assert.equal(count(text, allowed) - count(before, allowed), 1);

      const postLogin = { method: 'POST', route: '/portal/:domain/login', status_class: '4xx' };
      assert.ok((sample(text, 'gatehouse_http_request_duration_seconds_count', postLogin) ?? 0) >= 1, text);
      const redirected = { ...postLogin, status_class: '3xx' };
      assert.ok((sample(text, 'gatehouse_http_request_duration_seconds_count', redirected) ?? 0) >= 1);
      assert.ok(sample(text, 'gatehouse_http_request_duration_seconds_bucket', { ...postLogin, le: '+Inf' }));
      assert.doesNotMatch(text, /route="\/portal\/example\.com/, 'a raw URL became a label');
    });

    it('times the answers the OpenID Provider writes itself', async () => {
      const discovery = await fetch(`${baseUrl}/oidc/example.com/.well-known/openid-configuration`);
      assert.equal(discovery.status, 200);
      assert.ok(discovery.headers.get('x-request-id'));
      const text = await (await scrape()).text();
      const labels = { method: 'GET', route: '/oidc/:domain/*', status_class: '2xx' };
      assert.ok((sample(text, 'gatehouse_http_request_duration_seconds_count', labels) ?? 0) >= 1, text);
    });

    it('reports event-loop lag, and the connection pool on PostgreSQL', async () => {
      const text = await (await scrape()).text();
      assert.notEqual(sample(text, 'nodejs_eventloop_lag_seconds', {}), undefined);
      assert.notEqual(sample(text, 'nodejs_eventloop_lag_p99_seconds', {}), undefined);
      const open = sample(text, 'gatehouse_db_pool_connections', { state: 'open' });
      const waiting = sample(text, 'gatehouse_db_pool_waiting', {});
      if (dialect === 'postgres') {
        assert.ok(open !== undefined && open >= 1, 'the pool has opened connections by now');
        assert.notEqual(sample(text, 'gatehouse_db_pool_connections', { state: 'idle' }), undefined);
        assert.equal(waiting, 0);
      } else {
        assert.equal(open, undefined);
        assert.equal(waiting, undefined);
      }
    });

    it("takes the request id of a trusted proxy's header, echoes it and logs it", async () => {
      const id = 'balancer-7f3a9c01';
      const answer = await fetch(`${baseUrl}/portal/example.com/login?probe=${id}`, {
        headers: { 'x-request-id': id },
      });
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('x-request-id'), id);
      const logged = lines.map((line) => JSON.parse(line) as { reqId?: string; req?: { url?: string } });
      const incoming = logged.find((entry) => entry.req?.url?.includes(`probe=${id}`));
      assert.equal(incoming?.reqId, id, 'the incoming request is logged with the id');
      assert.ok(logged.filter((entry) => entry.reqId === id).length >= 2, 'and so is its completion');
    });

    it('replaces an id that is malformed, or sent by a client that is not a trusted proxy', async () => {
      const malformed = await fetch(`${baseUrl}/healthz`, { headers: { 'x-request-id': 'a b\u00e9' } });
      assert.match(malformed.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      const untrusted = await fetch(`${unconfigured.baseUrl}/healthz`, { headers: { 'x-request-id': 'forged-id-1' } });
      const id = untrusted.headers.get('x-request-id') ?? '';
      assert.notEqual(id, 'forged-id-1');
      assert.match(id, /^[0-9a-f-]{36}$/);
    });
  });

  describe(`metrics for an allowed address (${dialect})`, { skip }, () => {
    let allowed: TestServer;
    let elsewhere: TestServer;
    before(async () => {
      allowed = await startTestServer(dialect, { env: { METRICS_ALLOW: '10.0.0.0/8, 127.0.0.0/8' } });
      elsewhere = await startTestServer(dialect, { env: { METRICS_ALLOW: '10.0.0.0/8,::1' } });
    });
    after(async () => {
      await allowed?.close();
      await elsewhere?.close();
    });

    it('is served without a token to a listed address and refused to others', async () => {
      const answer = await fetch(`${allowed.baseUrl}/metrics`);
      assert.equal(answer.status, 200);
      assert.match(await answer.text(), /^gatehouse_access_attempts_total|# HELP/m);
      assert.equal((await fetch(`${elsewhere.baseUrl}/metrics`)).status, 403);
    });
  });
}
