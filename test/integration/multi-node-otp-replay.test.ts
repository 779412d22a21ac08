// Issue 11 item 2: 10,000 concurrent double submissions of TOTP codes through HAProxy, spread over two nodes on one
// PostgreSQL, and not one replay accepted. Each pair is one user's current code sent twice at the same moment,
// half of them from two sign-ins of the user (a code seen over someone's shoulder, typed in the attacker's own
// sign-in), half as the same sign-in's form sent twice (a double click). Exactly one of each pair may get a session.
// Needs the built server (npm test builds it first).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Algorithm, hash } from '@node-rs/argon2';
import { generateTotpSecret, timeStepAt, totpCode } from '../../src/core/otp/totp.js';
import { OtpSecrets } from '../../src/services/otp/otp-secrets.js';
import { openStore, type Store } from '../../src/store/database.js';
import type { NewUserRow } from '../../src/store/schema.js';
import { insertUsersInBulk, searchTextOf } from '../../src/store/users.js';
import { type Cluster, startCluster } from '../support/cluster.js';
import { isPostgresReachable } from '../support/databases.js';
import { haproxySkipReason, SERVED_BY_HEADER } from '../support/haproxy.js';
import { type HttpAnswer, HttpClient } from '../support/http-client.js';
import { oathtoolCode, otpToolsSkipReason } from '../support/otp-tools.js';
import { addGroup, GOOD_PASSWORD } from '../support/scenario.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD } from '../support/test-server.js';

const DOMAIN = 'example.com';
const LOGIN = `/portal/${DOMAIN}/login`;
const OTP = `${LOGIN}/otp`;
const PAIRS = 10_000;
/** Sign-ins prepared at once, and pairs sent at once (each pair is two requests). */
const PREPARE_CONCURRENCY = 24;
const PAIR_CONCURRENCY = 100;

const skip =
  haproxySkipReason() || otpToolsSkipReason() || (!(await isPostgresReachable()) && 'PostgreSQL is not reachable');

interface SeededUser {
  loginId: string;
  secret: string;
  /** A client address of its own (through X-Forwarded-For), so that per-address limits measure nothing here. */
  ip: string;
}

/** A sign-in past its password, at the One-Time Password step, with the code form's CSRF token. */
interface WaitingSignIn {
  client: HttpClient;
  csrf: string;
}

interface Submission {
  answer: HttpAnswer;
  servedBy: string;
}

async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

describe('10,000 double submissions of TOTP codes over two nodes', { skip, timeout: 15 * 60_000 }, () => {
  let cluster: Cluster;
  let store: Store;
  let users: SeededUser[];

  before(async () => {
    cluster = await startCluster();
    store = openStore(cluster.database.url);
    const admin = new HttpClient(cluster.balancer.baseUrl, DOMAIN);
    assert.equal((await admin.login(ADMIN_LOGIN, ADMIN_PASSWORD)).status, 303);
    const group = await addGroup(admin, { displayName: 'OTP always', skipOtp: 'always-require' });
    const tenant = await store.db
      .selectFrom('tenants')
      .select('id')
      .where('domain', '=', DOMAIN)
      .executeTakeFirstOrThrow();
    // Users as OTP setup leaves them, written in bulk: registering 10,000 apps through the console would take longer
    // than the test. The secrets are sealed under the nodes' master key, as the nodes seal them.
    const secrets = new OtpSecrets(Buffer.from(cluster.secretKeyHex, 'hex'));
    const passwordHash = await hash(GOOD_PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 1 });
    const now = Date.now();
    const rows: NewUserRow[] = [];
    users = [];
    for (let i = 0; i < PAIRS; i++) {
      const id = crypto.randomUUID();
      const secret = generateTotpSecret();
      const named = {
        login_id: `pair${i}@${DOMAIN}`,
        display_name: `Pair ${i}`,
        family_name: 'Pair',
        given_name: String(i),
        email: `pair${i}@${DOMAIN}`,
      };
      rows.push({
        id,
        tenant_id: tenant.id,
        ...named,
        login_id_lower: named.login_id,
        search_text: searchTextOf(named),
        status: 'enabled',
        role: 'none',
        password_hash: passwordHash,
        failed_login_count: 0,
        locked_until: 0,
        last_login_at: 0,
        created_at: now,
        updated_at: now,
        otp_type: 'authenticator-app',
        otp_secret: secrets.sealUserSecret(id, secret),
        otp_last_step: timeStepAt(now) - 10,
        otp_registered_at: now,
        group_id: group.id,
      });
      users.push({ loginId: named.login_id, secret, ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` });
    }
    await insertUsersInBulk(store.db, rows);
  });
  after(async () => {
    await store?.close();
    await cluster?.close();
  });

  it('accepts exactly one of each pair', async (t) => {
    try {
      // The codes the test types are the product's computation; oathtool, an implementation we did not write, agrees.
      for (const user of users.slice(0, 3)) assert.equal(totpCode(user.secret, Date.now()), oathtoolCode(user.secret));

      const signIn = async (user: SeededUser): Promise<WaitingSignIn> => {
        const client = new HttpClient(cluster.balancer.baseUrl, DOMAIN);
        const loginToken = await client.formToken(LOGIN);
        const password = await client.request('POST', LOGIN, {
          form: { _csrf: loginToken, loginId: user.loginId, password: GOOD_PASSWORD },
          headers: { 'x-forwarded-for': user.ip },
        });
        assert.equal(password.headers.get('location'), OTP, `${user.loginId}: ${password.status} ${password.text}`);
        return { client, csrf: await client.formToken(OTP) };
      };
      const preparing = Date.now();
      // Even users: two sign-ins of the user send the code. Odd users: one sign-in sends its form twice.
      const prepared = await mapConcurrently(users, PREPARE_CONCURRENCY, async (user, i) => {
        const first = await signIn(user);
        return [first, i % 2 === 0 ? await signIn(user) : first] as const;
      });

      const submit = async (signIn: WaitingSignIn, user: SeededUser, code: string): Promise<Submission> => {
        const answer = await signIn.client.request('POST', OTP, {
          form: { _csrf: signIn.csrf, code },
          headers: { 'x-forwarded-for': user.ip },
        });
        return { answer, servedBy: answer.headers.get(SERVED_BY_HEADER) ?? '' };
      };
      t.diagnostic(`${PAIRS * 1.5} sign-ins brought to the OTP step in ${(Date.now() - preparing) / 1000} s`);
      const sending = Date.now();
      const sent = await mapConcurrently(users, PAIR_CONCURRENCY, async (user, i) => {
        const [a, b] = prepared[i]!;
        const code = totpCode(user.secret, Date.now());
        return Promise.all([submit(a, user, code), submit(b, user, code)]);
      });

      t.diagnostic(`${PAIRS} pairs sent, ${PAIR_CONCURRENCY} at a time, in ${(Date.now() - sending) / 1000} s`);
      const accepted = (s: Submission) =>
        s.answer.status === 303 && s.answer.headers.get('location') === `/portal/${DOMAIN}/`;
      const acceptedPerPair = sent.map((pair) => pair.filter(accepted).length);
      const replays = acceptedPerPair.filter((n) => n > 1).length;
      const neither = acceptedPerPair.filter((n) => n === 0).length;
      const unexpected = sent
        .flat()
        .filter((s) => !accepted(s) && s.answer.status >= 500)
        .map((s) => `${s.answer.status} ${s.answer.text.slice(0, 120)}`);
      assert.equal(replays, 0, 'a code was accepted twice');
      assert.deepEqual(unexpected, [], 'server errors');
      assert.equal(neither, 0, 'a pair where no submission was accepted proves nothing');
      // The refused one of a pair is told why. From a sign-in of its own: the code is wrong there, as any used code is.
      // The same form sent twice: the same, or, when the first answer had already ended the sign-in, that it is over.
      const alertOf = (s: Submission) =>
        /role="alert">([^<]*)</.exec(s.answer.text)?.[1] ?? s.answer.text.slice(0, 200);
      const refusals = new Map<string, number>();
      sent.forEach((pair, i) => {
        for (const s of pair.filter((one) => !accepted(one))) {
          const kind = `${i % 2 === 0 ? 'own sign-in' : 'same form'}: ${s.answer.status} ${alertOf(s)}`;
          refusals.set(kind, (refusals.get(kind) ?? 0) + 1);
        }
      });
      const allowed = [
        'own sign-in: 400 Invalid one-time password.',
        'same form: 400 Invalid one-time password.',
        'same form: 401 This login attempt has expired. Please log in again.',
      ];
      for (const kind of refusals.keys()) assert.ok(allowed.includes(kind), `unexpected refusal: ${kind}`);
      assert.equal(
        [...refusals.values()].reduce((a, b) => a + b, 0),
        PAIRS,
      );

      // Spread over both nodes: each answered a good share, and many pairs' two submissions met different nodes.
      const byNode = new Map<string, number>();
      for (const s of sent.flat()) byNode.set(s.servedBy, (byNode.get(s.servedBy) ?? 0) + 1);
      assert.deepEqual([...byNode.keys()].sort(), ['node1', 'node2']);
      for (const [node, count] of byNode) assert.ok(count > PAIRS * 0.6, `${node} answered only ${count}`);
      const split = sent.filter(([a, b]) => a.servedBy !== b.servedBy).length;
      assert.ok(split > PAIRS * 0.25, `only ${split} pairs met both nodes`);

      // And in the database: one new session per user, no more.
      const sessions = await store.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where('users.login_id', 'like', 'pair%')
        .executeTakeFirstOrThrow();
      assert.equal(Number(sessions.count), PAIRS);
    } finally {
      // HAProxy logs only abnormal requests: anything here explains a failure.
      const log = cluster.balancer.output().trim();
      if (log) t.diagnostic(`HAProxy:\n${log.slice(-4000)}`);
    }
  });
});
