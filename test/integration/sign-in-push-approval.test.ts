// Issue 8 C4: push approval resists fatigue and guessing. The number is typed on the device, at most three requests
// per sign-in and a cap per user and hour, a new request closes the older ones, every "no" from the device counts
// as a wrong OTP answer, and "This wasn't me" ends the attempt and is marked in the Access Logs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SIGN_IN_MESSAGES } from '../../src/core/messages.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient, type HttpAnswer } from '../support/http-client.js';
import type { TestKeyDevice } from '../support/key-device.js';
import { decide, enrolKeyDevice, pendingRequests } from '../support/key-enrolment.js';
import { wrongCode } from '../support/otp-tools.js';
import { accessLogEntries, addGroup, addUser, GOOD_PASSWORD, pageError, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const OTP = '/portal/example.com/login/otp';
const numberOn = (page: HttpAnswer) => Number(/id="approval-number">(\d\d)</.exec(page.text)?.[1] ?? Number.NaN);

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`push approval resists fatigue and guessing (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let groupId: string;

    before(async () => {
      server = await startTestServer(dialect, { env: { KEY_PUSH_MAX_PER_HOUR: '5', LOGIN_IP_MAX_FAILURES: '100000' } });
      admin = await signedInClient(server);
      groupId = (await addGroup(admin, { displayName: 'Always OTP', skipOtp: 'always-require' })).id;
      // Lockout off: what bounds the guessing here is the OTP failure limit alone.
      assert.equal((await admin.api('PATCH', '/settings', { lockoutThreshold: 0 })).status, 200);
    });
    after(async () => server?.close());

    async function keyUser(loginId: string): Promise<{ id: string; device: TestKeyDevice; secret: string }> {
      const user = await addUser(admin, { loginId, groupId });
      return { id: user.id, ...(await enrolKeyDevice(admin, user.id)) };
    }

    /** Password, then the approval page: the browser and the page. */
    async function approvalPage(loginId: string): Promise<{ browser: HttpClient; page: HttpAnswer }> {
      const browser = new HttpClient(server.baseUrl);
      assert.equal((await browser.login(loginId, GOOD_PASSWORD)).headers.get('location'), OTP);
      const page = await browser.request('GET', OTP);
      assert.equal(page.status, 200);
      return { browser, page };
    }

    async function post(browser: HttpClient, action: 'push' | 'push-retry'): Promise<HttpAnswer> {
      const token = await browser.formToken(`${OTP}?code=1`);
      return browser.request('POST', `${OTP}/${action}`, { form: { _csrf: token } });
    }

    it('needs the number typed on the device: a blind accept is refused', async () => {
      const user = await keyUser('blind@example.com');
      await approvalPage('blind@example.com');
      const [request] = await pendingRequests(server.baseUrl, user.device);
      assert.ok(request);
      const blind = await user.device.call(server.baseUrl, 'POST', `/api/key/v1/requests/${request.id}/decision`, {
        decision: 'accept',
      });
      assert.equal(blind.status, 400);
      assert.equal(blind.json<{ field: string }>().field, 'number');
    });

    it('sends at most 3 requests per sign-in, each closing the one before', async () => {
      const user = await keyUser('fatigue@example.com');
      const { browser, page } = await approvalPage('fatigue@example.com');
      assert.match(page.text, /type this number/);
      const seen = [];
      for (let i = 0; i < 2; i++) {
        const [current] = await pendingRequests(server.baseUrl, user.device);
        seen.push(current!.id);
        const again = await post(browser, 'push-retry');
        assert.equal(again.status, 200);
        assert.ok(Number.isInteger(numberOn(again)));
        const pending = await pendingRequests(server.baseUrl, user.device);
        assert.equal(pending.length, 1, 'a new request closes the older one');
        assert.ok(!seen.includes(pending[0]!.id));
      }
      const closed = await decide(server.baseUrl, user.device, seen[0]!, { decision: 'reject' });
      assert.equal(closed.status, 409);
      const fourth = await post(browser, 'push-retry');
      assert.equal(pageError(fourth), SIGN_IN_MESSAGES.noMoreApprovalRequests);
      assert.doesNotMatch(fourth.text, /Send a new request/);
      assert.equal((await pendingRequests(server.baseUrl, user.device)).length, 1);
    });

    it('caps the requests one user gets per hour (KEY_PUSH_MAX_PER_HOUR)', async () => {
      const user = await keyUser('hourly@example.com');
      const first = await approvalPage('hourly@example.com');
      await post(first.browser, 'push-retry');
      await post(first.browser, 'push-retry');
      const second = await approvalPage('hourly@example.com');
      assert.ok(Number.isInteger(numberOn(second.page)));
      const fifth = await post(second.browser, 'push-retry');
      assert.ok(Number.isInteger(numberOn(fifth)), 'the fifth request of the hour is sent');
      const sixth = await post(second.browser, 'push-retry');
      assert.equal(pageError(sixth), SIGN_IN_MESSAGES.tooManyApprovalRequests);
      // A new sign-in gets the code input straight away, with the reason.
      const third = await approvalPage('hourly@example.com');
      assert.match(third.page.text, /One-Time Password/);
      assert.equal(pageError(third.page), SIGN_IN_MESSAGES.tooManyApprovalRequests);
      assert.equal((await pendingRequests(server.baseUrl, user.device)).length, 1);
    });

    it('counts Reject and a wrong number as wrong OTP answers, in the Access Logs and towards the OTP limit', async () => {
      const user = await keyUser('refuser@example.com');
      const { browser, page } = await approvalPage('refuser@example.com');
      let [request] = await pendingRequests(server.baseUrl, user.device);
      assert.equal((await decide(server.baseUrl, user.device, request!.id, { decision: 'reject' })).status, 200);
      const rejected = await post(browser, 'push');
      assert.equal(pageError(rejected), SIGN_IN_MESSAGES.rejectedOnDevice);
      assert.match(rejected.text, /Send a new request/);

      const retried = await post(browser, 'push-retry');
      [request] = await pendingRequests(server.baseUrl, user.device);
      const wrong = numberOn(retried) === 99 ? 10 : numberOn(retried) + 1;
      assert.equal(
        (await decide(server.baseUrl, user.device, request!.id, { decision: 'accept', number: wrong })).status,
        400,
      );
      assert.equal(pageError(await post(browser, 'push')), SIGN_IN_MESSAGES.wrongNumberOnDevice);
      assert.ok(Number.isInteger(numberOn(page)));

      const reasons = (await accessLogEntries(admin, { userId: user.id })).map((e) => `${e.reason}/${e.otpMethod}`);
      assert.ok(reasons.includes('otp-rejected/gatehouse-key'), reasons.join());
      assert.ok(reasons.includes('otp-invalid/gatehouse-key'), reasons.join());

      // Two of the account's ten wrong answers are spent: eight typed codes later the OTP step refuses.
      const codes = new HttpClient(server.baseUrl);
      let answers = 0;
      let limited: HttpAnswer | undefined;
      while (!limited && answers < 20) {
        if (answers % 5 === 0) await codes.login('refuser@example.com', GOOD_PASSWORD);
        const token = await codes.formToken(`${OTP}?code=1`);
        const answer = await codes.request('POST', OTP, { form: { _csrf: token, code: wrongCode(user.secret) } });
        if (answer.status === 429) limited = answer;
        else answers++;
      }
      assert.equal(answers, 8);
      assert.equal(pageError(limited!), SIGN_IN_MESSAGES.otpLimit);
    });

    it('"This wasn\'t me" ends the attempt, tells the browser, and flags it for administrators', async () => {
      const user = await keyUser('victim@example.com');
      const { browser } = await approvalPage('victim@example.com');
      const [request] = await pendingRequests(server.baseUrl, user.device);
      const reported = await decide(server.baseUrl, user.device, request!.id, { decision: 'not-me' });
      assert.equal(reported.status, 200);
      assert.deepEqual(reported.json(), { status: 'reported' });
      // The page's script polls first, then posts: the poll must not swallow the reason.
      assert.deepEqual((await browser.request('GET', `${OTP}/push-status`)).json(), { status: 'ended' });
      const after = await browser.request('POST', `${OTP}/push`, {
        form: { _csrf: await browser.formToken('/portal/example.com/login') },
      });
      assert.equal(after.status, 403);
      assert.equal(pageError(after), `403 ${SIGN_IN_MESSAGES.reportedOnDevice}`);
      assert.equal((await browser.request('GET', OTP)).status, 401, 'the attempt is over');
      const entries = await accessLogEntries(admin, { userId: user.id });
      assert.ok(entries.some((e) => e.reason === 'otp-reported'));
    });
  });
}
