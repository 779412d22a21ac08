// Issue 11 item 2: two Gatehouse processes on one PostgreSQL behind Debian's HAProxy, round-robin without
// stickiness, TRUST_PROXY set: sessions, the lockout count and policy changes hold across nodes, and users carry on
// through the other node when one is killed with SIGKILL in the middle of sign-ins. Needs the built server (npm test builds it first).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Cluster, startCluster } from '../support/cluster.js';
import { isPostgresReachable } from '../support/databases.js';
import { type Balancer, haproxySkipReason, SERVED_BY_HEADER } from '../support/haproxy.js';
import { HttpClient } from '../support/http-client.js';
import type { NodeProcess } from '../support/node-process.js';
import { decide, enrolKeyDevice, pendingRequests } from '../support/key-enrolment.js';
import { addGroup, addUser, GOOD_PASSWORD, submitLogin } from '../support/scenario.js';
import { startSignInLoad } from '../support/sign-in-load.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../support/test-server.js';

const OTP = '/portal/example.com/login/otp';
const skip = haproxySkipReason() || (!(await isPostgresReachable()) && 'PostgreSQL is not reachable');

describe('two nodes behind HAProxy on one PostgreSQL', { skip }, () => {
  let cluster: Cluster;
  let nodes: NodeProcess[];
  let balancer: Balancer;
  let admin: HttpClient;

  before(async () => {
    cluster = await startCluster();
    ({ nodes, balancer } = cluster);
    admin = new HttpClient(balancer.baseUrl, 'example.com');
    assert.equal((await admin.login(ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303);
  });
  after(async () => cluster?.close());

  /**
   * A sign-in is two requests (the form, then the password), so strict round-robin would send every password to the
   * same node; one more request on odd turns sends the passwords to both in turn.
   */
  const shiftRoundRobin = async (turn: number) => {
    if (turn % 2 === 1) assert.equal((await fetch(`${balancer.baseUrl}/healthz`)).status, 200);
  };

  it('keeps a session whichever node answers', async () => {
    const servedBy = new Set<string | null>();
    for (let i = 0; i < 10; i++) {
      const me = await admin.api('GET', '/me');
      assert.equal(me.status, 200, `request ${i}`);
      servedBy.add(me.headers.get(SERVED_BY_HEADER));
      // The node's idle timeout is for the balancer; clients keep to HAProxy's (docs/operations.md).
      assert.equal(me.headers.get('keep-alive'), null);
    }
    assert.deepEqual([...servedBy].sort(), ['node1', 'node2']);
  });

  it('counts wrong passwords across nodes: the account locks at the threshold', async () => {
    await addUser(admin, { loginId: 'lock@example.com' });
    const browser = new HttpClient(balancer.baseUrl, 'example.com');
    // The default threshold is 10 wrong passwords, sent to both nodes in turn.
    const nodesSeen = new Set<string | null>();
    for (let i = 0; i < 10; i++) {
      await shiftRoundRobin(i);
      nodesSeen.add((await submitLogin(browser, 'lock@example.com', 'Wrong-Password-1')).headers.get(SERVED_BY_HEADER));
    }
    assert.deepEqual([...nodesSeen].sort(), ['node1', 'node2']);
    const answer = await submitLogin(browser, 'lock@example.com', GOOD_PASSWORD);
    assert.notEqual(answer.status, 303, 'the right password no longer signs in');
    assert.match(answer.text, /Your account is locked/);
  });

  it('throttles an address across nodes: its failures on either node count towards one limit', async () => {
    await addUser(admin, { loginId: 'throttled@example.com' });
    const ip = '203.0.113.99';
    const nodesSeen = new Set<string | null>();
    // LOGIN_IP_MAX_FAILURES is 50 by default: guesses at 50 unknown login IDs, taking turns on the two nodes.
    for (let i = 0; i < 50; i++) {
      await shiftRoundRobin(i);
      const guess = await submitLogin(new HttpClient(balancer.baseUrl), `nobody${i}@example.com`, 'Guess-Passw0rd!', {
        ip,
      });
      assert.equal(guess.status, 401, `guess ${i + 1}`);
      nodesSeen.add(guess.headers.get(SERVED_BY_HEADER));
    }
    assert.deepEqual([...nodesSeen].sort(), ['node1', 'node2']);
    for (let i = 0; i < 2; i++) {
      const right = await submitLogin(new HttpClient(balancer.baseUrl), 'throttled@example.com', GOOD_PASSWORD, { ip });
      assert.equal(right.status, 429, 'the right password from that address, whichever node');
      assert.match(right.text, /Too many login attempts/);
    }
    const elsewhere = await submitLogin(new HttpClient(balancer.baseUrl), 'throttled@example.com', GOOD_PASSWORD, {
      ip: '203.0.113.100',
    });
    assert.equal(elsewhere.status, 303, 'another address is not throttled');
  });

  it('decides sign-ins on one node by an IP Set changed through the other within a second', async () => {
    const set = await admin.api('POST', '/ip-sets', { identifier: 'office', entries: ['198.51.100.0/24'] });
    assert.equal(set.status, 201, set.text);
    const group = await addGroup(admin, {
      displayName: 'Office only',
      allowAccess: 'conditions',
      allowCondition: 'ipset:office',
    });
    await addUser(admin, { loginId: 'office@example.com', groupId: group.id });
    const from = (ip: string) =>
      submitLogin(new HttpClient(balancer.baseUrl, 'example.com'), 'office@example.com', GOOD_PASSWORD, { ip });
    assert.equal((await from('198.51.100.7')).status, 303, 'from the office');
    assert.notEqual((await from('203.0.113.7')).status, 303, 'not from elsewhere');
    const changed = await admin.api('PATCH', `/ip-sets/${set.json<{ id: string }>().id}`, {
      entries: ['203.0.113.0/24'],
    });
    assert.equal(changed.status, 200, changed.text);
    const changedAt = Date.now();
    // Both nodes answer in turn; each must follow the change within a second, and then keep to it.
    const followedOn = new Map<string, number>();
    for (let turn = 0; followedOn.size < 2 || [...followedOn.values()].some((n) => n < 2); turn++) {
      await shiftRoundRobin(turn);
      const answer = await from('203.0.113.7');
      const node = answer.headers.get(SERVED_BY_HEADER) ?? '';
      if (answer.status === 303) followedOn.set(node, (followedOn.get(node) ?? 0) + 1);
      else assert.ok(!followedOn.has(node), `${node} went back to the old IP Set`);
      assert.ok(Date.now() - changedAt < 1500, 'a node still decides by the old IP Set after 1.5 s');
    }
  });

  it('approves a sign-in with Gatehouse Key push, browser and phone reaching different nodes', async () => {
    const group = await addGroup(admin, { displayName: 'Key users', skipOtp: 'always-require' });
    const user = await addUser(admin, { loginId: 'push@example.com', groupId: group.id });
    const { device } = await enrolKeyDevice(admin, user.id);
    const browser = new HttpClient(balancer.baseUrl, 'example.com');
    assert.equal((await browser.login('push@example.com', GOOD_PASSWORD)).headers.get('location'), OTP);
    const page = await browser.request('GET', OTP);
    const number = Number(/id="approval-number">(\d\d)</.exec(page.text)?.[1]);
    assert.ok(Number.isInteger(number), page.text.slice(0, 300));
    const [request] = await pendingRequests(balancer.baseUrl, device);
    assert.ok(request, 'the phone sees the request, whichever node it asks');
    const accepted = await decide(balancer.baseUrl, device, request.id, { decision: 'accept', number });
    assert.equal(accepted.status, 200, accepted.text);
    for (let i = 0; i < 4; i++)
      assert.deepEqual((await browser.request('GET', `${OTP}/push-status`)).json(), { status: 'accepted' });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const done = await browser.request('POST', `${OTP}/push`, { form: { _csrf: token } });
    assert.equal(done.status, 303, done.text);
    assert.equal(done.headers.get('location'), '/portal/example.com/');
  });

  it('lets users carry on through the other node when one is killed with SIGKILL in the middle of sign-ins', async () => {
    const loginIds = [1, 2, 3, 4].map((n) => `carry${n}@example.com`);
    for (const loginId of loginIds) await addUser(admin, { loginId });
    const load = startSignInLoad(balancer.baseUrl, 'example.com', loginIds);
    let killedAt = 0;
    try {
      assert.ok((await load.waitUntilServing('node1', 0)) && (await load.waitUntilServing('node2', 0)));
      killedAt = Date.now();
      nodes[0]!.child.kill('SIGKILL');
      await nodes[0]!.exited();
      const giveUpAt = Date.now() + 30_000;
      while (load.outcomes.filter((o) => o.startedAt > killedAt + 1000).length < 60 && Date.now() < giveUpAt)
        await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await load.stop();
    }
    // Until the balancer takes the dead node out (two failed checks, 300 ms apart), what it had in hand or was sent
    // there may get no answer: a 502, or a closed connection (which browsers retry by themselves; fetch does not).
    const noticedAt = killedAt + 1000;
    const afterNoticed = load.outcomes.filter((o) => o.startedAt > noticedAt);
    assert.ok(afterNoticed.length >= 60, `only ${afterNoticed.length} requests after the kill was noticed`);
    const failed = load.outcomes.filter((o) => o.problem !== '');
    assert.ok(failed.length <= 2 * loginIds.length, failed.map((o) => `${o.request}: ${o.problem}`).join('\n'));
    // Every request after that was answered, by the other node.
    assert.deepEqual(
      afterNoticed.filter((o) => o.problem !== '' || o.servedBy !== 'node2').map((o) => `${o.request}: ${o.problem}`),
      [],
    );
    // Nothing is lost: every session made before or after the kill still opens the portal.
    assert.ok(load.signedIn.length > 10);
    for (const browser of load.signedIn) {
      const home = await browser.request('GET', '/portal/example.com/');
      assert.equal(home.status, 200);
      assert.match(home.text, /Welcome/);
    }
    for (let i = 0; i < 4; i++) assert.equal((await admin.api('GET', '/me')).status, 200, 'the session lives on');
  });
});
