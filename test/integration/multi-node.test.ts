// Issue 11 item 2: two Gatehouse processes on one PostgreSQL behind Debian's HAProxy, round-robin without
// stickiness, TRUST_PROXY set: sessions, the lockout count and policy changes hold across nodes, and users carry on
// through the other node when one is killed with SIGKILL. Needs the built server (npm test builds it first).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Cluster, startCluster } from '../support/cluster.js';
import { isPostgresReachable } from '../support/databases.js';
import { type Balancer, haproxySkipReason, SERVED_BY_HEADER } from '../support/haproxy.js';
import { HttpClient } from '../support/http-client.js';
import type { NodeProcess } from '../support/node-process.js';
import { decide, enrolKeyDevice, pendingRequests } from '../support/key-enrolment.js';
import { addGroup, addUser, GOOD_PASSWORD, submitLogin } from '../support/scenario.js';
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
    // The default threshold is 10 wrong passwords; round-robin spreads them over both nodes.
    for (let i = 0; i < 10; i++) await submitLogin(browser, 'lock@example.com', 'Wrong-Password-1');
    const answer = await submitLogin(browser, 'lock@example.com', GOOD_PASSWORD);
    assert.notEqual(answer.status, 303, 'the right password no longer signs in');
    assert.match(answer.text, /Your account is locked/);
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
    // Both nodes answer in turn; each must follow the change within a second.
    let followedBoth = 0;
    while (followedBoth < 4) {
      const status = (await from('203.0.113.7')).status;
      if (status === 303) followedBoth++;
      else followedBoth = 0;
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

  it('lets users carry on through the other node when one is killed with SIGKILL', async () => {
    await addUser(admin, { loginId: 'carry@example.com' });
    const results: number[] = [];
    const signIn = async () => {
      const browser = new HttpClient(balancer.baseUrl, 'example.com');
      const answer = await submitLogin(browser, 'carry@example.com', GOOD_PASSWORD).catch(() => undefined);
      return answer?.status ?? 0;
    };
    for (let i = 0; i < 6; i++) results.push(await signIn());
    nodes[0]!.child.kill('SIGKILL');
    await nodes[0]!.exited();
    const afterKill: number[] = [];
    for (let i = 0; i < 20; i++) afterKill.push(await signIn());
    assert.deepEqual(results, Array(6).fill(303));
    // HAProxy sends a refused connection to the other node (retries, redispatch): nobody sees the dead one.
    assert.deepEqual(afterKill, Array(20).fill(303), afterKill.join(' '));
    for (let i = 0; i < 4; i++) assert.equal((await admin.api('GET', '/me')).status, 200, 'the session lives on');
  });
});
