// B6: every admin API route is closed by the guard on its scope. The routes are read from the running server
// itself (its route tree), so a route added later, anywhere under /api/admin/, is checked without touching this file.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { registerAdminApi } from '../../src/http/plugins/admin-api-scope.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient, type HttpAnswer } from '../support/http-client.js';
import { addUser, assertApiError, type ApiUser, GOOD_PASSWORD, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

interface RegisteredRoute {
  method: string;
  path: string;
}

/**
 * Every route of the app, read back from Fastify's printed route tree: one node per line, children indented by
 * four columns under their parent, each node with its path segment and its methods in brackets.
 */
function registeredRoutes(server: TestServer): RegisteredRoute[] {
  const tree = server.gatehouse.app.printRoutes({ commonPrefix: false });
  const pathAtDepth: string[] = [];
  const routes: RegisteredRoute[] = [];
  for (const line of tree.split('\n')) {
    const node = /^((?:│ {3}| {4})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!node) continue;
    const depth = (node[1] ?? '').length / 4;
    const path = (depth === 0 ? '' : (pathAtDepth[depth - 1] ?? '')) + (node[2] ?? '');
    pathAtDepth[depth] = path;
    for (const method of node[3]?.split(', ') ?? []) routes.push({ method, path });
  }
  return routes;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`admin API: every route is closed by the guard on its scope (${dialect})`, { skip }, () => {
    let server: TestServer;
    let worker: ApiUser;
    let adminRoutes: RegisteredRoute[];
    let ordinary: HttpClient;
    let readOnly: HttpClient;

    before(async () => {
      server = await startTestServer(dialect);
      const admin = await signedInClient(server);
      worker = await addUser(admin, { loginId: 'worker@example.com' });
      const auditor = await addUser(admin, { loginId: 'auditor@example.com', role: 'read-only-admin' });
      ordinary = await signedInClient(server, worker.loginId, GOOD_PASSWORD);
      readOnly = await signedInClient(server, auditor.loginId, GOOD_PASSWORD);
      adminRoutes = registeredRoutes(server).filter((route) => route.path.startsWith('/api/admin/'));
    });
    after(async () => server?.close());

    /** A concrete URL for a route: the tenant, a real user, and ids that exist nowhere for the rest. */
    function urlOf(route: RegisteredRoute): string {
      return route.path.replace(/:(\w+)/g, (_match, name: string) => {
        if (name === 'domain') return 'example.com';
        if (name === 'id') return worker.id;
        if (['setupId', 'tokenId', 'passId', 'secretId', 'passkeyId'].includes(name)) return randomUUID();
        throw new Error(`the route ${route.path} has a parameter :${name} this test does not know; teach it`);
      });
    }

    /** Sends a route's request as the console would (JSON body and CSRF token on writes). */
    async function call(client: HttpClient, route: RegisteredRoute): Promise<HttpAnswer> {
      const url = urlOf(route);
      const path = url.slice('/api/admin/example.com/v1'.length);
      return MUTATING.has(route.method) ? client.api(route.method, path, {}) : client.request(route.method, url);
    }

    function assertRefused(answer: HttpAnswer, route: RegisteredRoute, status: number, error: string): void {
      const label = `${route.method} ${route.path}`;
      if (route.method === 'HEAD') assert.equal(answer.status, status, label);
      else assert.equal(assertApiError(answer, status, error).error, error, label);
    }

    it('finds the admin API in the route tree', () => {
      assert.ok(adminRoutes.length >= 50, `only ${adminRoutes.length} admin API routes found: is the tree read right?`);
      for (const known of [
        'GET /api/admin/:domain/v1/me',
        'PATCH /api/admin/:domain/v1/users/:id',
        'POST /api/admin/:domain/v1/users/:id/emergency-tokens/:tokenId/reveal',
        'DELETE /api/admin/:domain/v1/templates/:id',
        'GET /api/admin/:domain/v1/users.csv',
        'POST /api/admin/:domain/v1/saml-signing-keys/:id/activate',
        'GET /api/admin/:domain/v1/saml-signing-keys/:id/certificate',
        'POST /api/admin/:domain/v1/oidc-signing-keys',
        'POST /api/admin/:domain/v1/oidc-signing-keys/:id/retire',
      ])
        assert.ok(
          adminRoutes.some((route) => `${route.method} ${route.path}` === known),
          `${known} is among the routes read`,
        );
    });

    it('asks for a sign-in on every admin API route', async () => {
      const anonymous = new HttpClient(server.baseUrl);
      for (const route of adminRoutes) assertRefused(await call(anonymous, route), route, 401, 'not_signed_in');
    });

    it('refuses an ordinary user on every admin API route', async () => {
      for (const route of adminRoutes) assertRefused(await call(ordinary, route), route, 403, 'forbidden');
    });

    it('refuses a Read-Only Admin every route that is not a read', async () => {
      const writes = adminRoutes.filter((route) => !['GET', 'HEAD'].includes(route.method));
      assert.ok(writes.length >= 25);
      for (const route of writes) assertRefused(await call(readOnly, route), route, 403, 'forbidden');
      assert.equal((await readOnly.api('GET', '/users')).status, 200, 'while reading stays open to them');
    });

    it('describes every admin API route in /api/docs', async () => {
      const docs = await new HttpClient(server.baseUrl).request('GET', '/api/docs');
      assert.equal(docs.status, 200);
      const paths = docs.json<{ paths: Record<string, Record<string, unknown>> }>().paths;
      for (const route of adminRoutes.filter((r) => r.method !== 'HEAD')) {
        const documented = route.path.replace(/:(\w+)/g, '{$1}');
        assert.ok(paths[documented]?.[route.method.toLowerCase()], `${route.method} ${documented} is documented`);
      }
    });

    it('refuses every admin API route to a session opened without OTP once admin OTP enforcement applies', async () => {
      const admin = await signedInClient(server);
      const enforced = await admin.api('PATCH', '/settings', { adminOtpEnforcement: 'now' });
      assert.equal(enforced.status, 200, enforced.text);
      for (const route of adminRoutes) assertRefused(await call(admin, route), route, 403, 'otp_required');
    });

    it('refuses to start with an admin API route that declares no permission', async () => {
      const { services } = server.gatehouse;
      const forgetful = Fastify();
      await assert.rejects(
        registerAdminApi(forgetful, services, (api) => {
          api.get('/forgotten', async () => ({ open: 'to anyone' }));
        }),
        /GET \/api\/admin\/:domain\/v1\/forgotten declares no permission/,
      );
      await forgetful.close();

      const careful = Fastify();
      await registerAdminApi(careful, services, (api) => {
        api.get('/remembered', { config: { permission: 'viewConsole' } }, async () => ({ open: 'to admins' }));
      });
      await careful.ready();
      assert.ok(careful.hasRoute({ method: 'GET', url: '/api/admin/:domain/v1/remembered' }));
      await careful.close();
    });
  });
}
