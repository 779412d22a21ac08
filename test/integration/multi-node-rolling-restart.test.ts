// Issue 11 item 4: a rolling restart of both nodes behind HAProxy while users sign in drops no request. Each node in
// turn gets SIGTERM, answers /readyz with 503 while it still serves (SHUTDOWN_DRAIN_SECONDS), is taken out of
// rotation by the balancer's health check, finishes what it has, exits, and a new process starts at its address.
// Needs the built server (npm test builds it first).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Cluster, startCluster } from '../support/cluster.js';
import { isPostgresReachable } from '../support/databases.js';
import { haproxySkipReason, SERVED_BY_HEADER } from '../support/haproxy.js';
import { HttpClient } from '../support/http-client.js';
import { addUser, GOOD_PASSWORD } from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../support/test-server.js';

const DOMAIN = 'example.com';
const LOGIN = `/portal/${DOMAIN}/login`;
const PORTAL = `/portal/${DOMAIN}/`;
const USERS = 4;

const skip = haproxySkipReason() || (!(await isPostgresReachable()) && 'PostgreSQL is not reachable');

interface Outcome {
  /** What the request was, and what was wrong with its answer ('' when nothing). */
  request: string;
  problem: string;
  servedBy: string;
  at: number;
}

describe('a rolling restart of two nodes under sign-in load', { skip, timeout: 5 * 60_000 }, () => {
  let cluster: Cluster;

  before(async () => {
    // Two seconds of draining: the balancer, checking every 300 ms, takes a node out after two failed checks.
    cluster = await startCluster({ env: { SHUTDOWN_DRAIN_SECONDS: '2' } });
    const admin = new HttpClient(cluster.balancer.baseUrl, DOMAIN);
    assert.equal((await admin.login(ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303);
    for (let i = 0; i < USERS; i++) await addUser(admin, { loginId: `load${i}@${DOMAIN}` });
  });
  after(async () => cluster?.close());

  it('drops no request', async () => {
    const outcomes: Outcome[] = [];
    let running = true;
    const record = (request: string, problem: string, headers?: Headers) =>
      outcomes.push({ request, problem, servedBy: headers?.get(SERVED_BY_HEADER) ?? '', at: Date.now() });
    /** One user's sign-ins, one after another: the login page, the password, the portal with the new session. */
    const signInLoop = async (user: number) => {
      const ip = `192.0.2.${user + 1}`;
      while (running) {
        const browser = new HttpClient(cluster.balancer.baseUrl, DOMAIN);
        try {
          const page = await browser.request('GET', LOGIN);
          const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
          record('login page', page.status === 200 && csrf ? '' : `${page.status}`, page.headers);
          if (!csrf) continue;
          const form = { _csrf: csrf, loginId: `load${user}@${DOMAIN}`, password: GOOD_PASSWORD };
          const signedIn = await browser.request('POST', LOGIN, { form, headers: { 'x-forwarded-for': ip } });
          const location = signedIn.headers.get('location');
          record('password', location === PORTAL ? '' : `${signedIn.status} ${location}`, signedIn.headers);
          const portal = await browser.request('GET', PORTAL);
          const welcome = portal.status === 200 && portal.text.includes('Welcome');
          record('portal', welcome ? '' : `${portal.status}`, portal.headers);
        } catch (error) {
          record('any', `no answer: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    };
    const load = Array.from({ length: USERS }, (_, user) => signInLoop(user));

    const served = (node: string, since: number) => outcomes.some((o) => o.servedBy === node && o.at > since);
    const waitUntilServing = async (node: string, since: number) => {
      const giveUpAt = Date.now() + 30_000;
      while (!served(node, since) && Date.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok(served(node, since), `${node} served nothing after its restart`);
    };
    try {
      await waitUntilServing('node1', 0);
      await waitUntilServing('node2', 0);
      for (const index of [0, 1]) {
        const oldPid = cluster.nodes[index]!.child.pid;
        await cluster.restartNode(index);
        assert.notEqual(cluster.nodes[index]!.child.pid, oldPid);
        await waitUntilServing(`node${index + 1}`, Date.now());
      }
      // A moment of both restarted nodes serving together.
      const bothServing = Date.now();
      await waitUntilServing('node1', bothServing);
      await waitUntilServing('node2', bothServing);
    } finally {
      running = false;
      await Promise.all(load);
    }

    const problems = outcomes.filter((o) => o.problem !== '').map((o) => `${o.request}: ${o.problem}`);
    assert.deepEqual(problems, []);
    assert.ok(outcomes.length > 100, `only ${outcomes.length} requests were made`);
  });
});
