// Issue 11 item 4: a rolling restart of both nodes behind HAProxy while users sign in drops no request. Each node in
// turn gets SIGTERM, answers /readyz with 503 while it still serves (SHUTDOWN_DRAIN_SECONDS), is taken out of
// rotation by the balancer's health check, finishes what it has, exits, and a new process starts at its address.
// Needs the built server (npm test builds it first).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Cluster, startCluster } from '../support/cluster.js';
import { isPostgresReachable } from '../support/databases.js';
import { haproxySkipReason } from '../support/haproxy.js';
import { HttpClient } from '../support/http-client.js';
import { addUser } from '../support/scenario.js';
import { startSignInLoad } from '../support/sign-in-load.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../support/test-server.js';

const DOMAIN = 'example.com';
const loginIds = [1, 2, 3, 4].map((n) => `load${n}@${DOMAIN}`);

const skip = haproxySkipReason() || (!(await isPostgresReachable()) && 'PostgreSQL is not reachable');

describe('a rolling restart of two nodes under sign-in load', { skip, timeout: 5 * 60_000 }, () => {
  let cluster: Cluster;

  before(async () => {
    // Two seconds of draining: the balancer, checking every 300 ms, takes a node out after two failed checks.
    cluster = await startCluster({ env: { SHUTDOWN_DRAIN_SECONDS: '2' } });
    const admin = new HttpClient(cluster.balancer.baseUrl, DOMAIN);
    assert.equal((await admin.login(ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303);
    for (const loginId of loginIds) await addUser(admin, { loginId });
  });
  after(async () => cluster?.close());

  it('drops no request', async () => {
    const load = startSignInLoad(cluster.balancer.baseUrl, DOMAIN, loginIds);
    const serving = async (node: string, since: number, what: string) =>
      assert.ok(await load.waitUntilServing(node, since), `${node} served nothing ${what}`);
    try {
      await serving('node1', 0, 'at first');
      await serving('node2', 0, 'at first');
      for (const index of [0, 1]) {
        const oldPid = cluster.nodes[index]!.child.pid;
        await cluster.restartNode(index);
        assert.notEqual(cluster.nodes[index]!.child.pid, oldPid);
        await serving(`node${index + 1}`, Date.now(), 'after its restart');
      }
      // A moment of both restarted nodes serving together.
      const bothServing = Date.now();
      await serving('node1', bothServing, 'at the end');
      await serving('node2', bothServing, 'at the end');
    } finally {
      await load.stop();
    }
    const problems = load.outcomes.filter((o) => o.problem !== '').map((o) => `${o.request}: ${o.problem}`);
    assert.deepEqual(problems, []);
    assert.ok(load.outcomes.length > 100, `only ${load.outcomes.length} requests were made`);
  });
});
