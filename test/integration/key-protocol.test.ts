import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { totpCode } from '../../src/core/otp/totp.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import { TestKeyDevice } from '../support/key-device.js';
import { addGroup, addUser, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

interface Setup {
  setupId: string;
  otpauthUri: string;
}

const enrolLinkOf = (uri: string) => new URL(uri).searchParams.get('gatehouse_enroll') as string;
const secretOf = (uri: string) => new URL(uri).searchParams.get('secret') as string;

async function post(url: string, json: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(json),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`Gatehouse Key protocol (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    async function newSetup(userId: string): Promise<Setup> {
      const answer = await admin.api('POST', `/users/${userId}/otp/setup/totp`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<Setup>();
    }

    async function enrolledUser(loginId: string): Promise<{ userId: string; device: TestKeyDevice; secret: string }> {
      const user = await addUser(admin, { loginId });
      const setup = await newSetup(user.id);
      const device = new TestKeyDevice();
      const enrolled = await post(enrolLinkOf(setup.otpauthUri), {
        publicKey: device.publicJwk,
        deviceName: 'test device',
        code: totpCode(secretOf(setup.otpauthUri), Date.now()),
      });
      assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
      device.deviceId = enrolled.body.deviceId as string;
      return { userId: user.id, device, secret: secretOf(setup.otpauthUri) };
    }

    it('puts a single-use enrolment link in a standard otpauth URI and registers the device with its first code', async () => {
      const user = await addUser(admin, { loginId: 'kim@example.com' });
      const setup = await newSetup(user.id);
      assert.match(
        setup.otpauthUri,
        /^otpauth:\/\/totp\/Gatehouse:kim%40example\.com\?secret=[A-Z2-7]+&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30&gatehouse_enroll=/,
      );
      const link = enrolLinkOf(setup.otpauthUri);
      assert.ok(link.startsWith(`${server.baseUrl}/api/key/v1/enroll/${setup.setupId}.`), link);
      const device = new TestKeyDevice();

      const wrong = await post(link, { publicKey: device.publicJwk, deviceName: 'phone', code: '000000' });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.message, 'Invalid one-time password.');
      assert.equal((await admin.api('GET', `/users/${user.id}`)).json<{ otpType: string }>().otpType, 'none');

      const privateJwk = { ...device.publicJwk, d: 'AAAA' };
      assert.equal(
        (
          await post(link, {
            publicKey: privateJwk,
            deviceName: 'phone',
            code: totpCode(secretOf(setup.otpauthUri), Date.now()),
          })
        ).status,
        400,
      );

      const ok = await post(link, {
        publicKey: device.publicJwk,
        deviceName: 'phone',
        code: totpCode(secretOf(setup.otpauthUri), Date.now()),
      });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body.loginId, 'kim@example.com');
      assert.equal((await admin.api('GET', `/users/${user.id}`)).json<{ otpType: string }>().otpType, 'gatehouse-key');
      assert.deepEqual((await admin.api('GET', `/users/${user.id}/otp/setup/${setup.setupId}`)).json(), {
        status: 'completed',
        otpType: 'gatehouse-key',
      });

      const reused = await post(link, {
        publicKey: new TestKeyDevice().publicJwk,
        deviceName: 'thief',
        code: totpCode(secretOf(setup.otpauthUri), Date.now() + 30_000),
      });
      assert.equal(reused.status, 409);
      const forgedLink = await post(link.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), {
        publicKey: device.publicJwk,
        deviceName: 'x',
        code: '123456',
      });
      assert.equal(forgedLink.status, 404);
      const ops = (await admin.api('GET', '/audit-logs?operation=otp.register')).json<{
        items: { targetLabel: string; after: { otpType: string } }[];
      }>().items;
      assert.ok(ops.some((e) => e.targetLabel === 'kim@example.com' && e.after.otpType === 'gatehouse-key'));
    });

    it('accepts signed device requests and refuses forged, stale and replayed ones', async () => {
      const { device } = await enrolledUser('lee@example.com');
      const ok = await device.call(server.baseUrl, 'GET', '/api/key/v1/device');
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json<{ loginId: string }>().loginId, 'lee@example.com');

      const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
      assert.equal(
        (await device.call(server.baseUrl, 'GET', '/api/key/v1/device', undefined, { key: otherKey })).status,
        401,
      );
      assert.equal(
        (await device.call(server.baseUrl, 'GET', '/api/key/v1/device', undefined, { ts: Date.now() - 10 * 60_000 }))
          .status,
        401,
      );
      const nonce = 'fixed-nonce-0123456789';
      assert.equal(
        (await device.call(server.baseUrl, 'GET', '/api/key/v1/requests', undefined, { nonce })).status,
        200,
      );
      const replay = await device.call(server.baseUrl, 'GET', '/api/key/v1/requests', undefined, { nonce });
      assert.equal(replay.status, 401);
      assert.match(replay.json<{ message: string }>().message, /already received/);
      const unsigned = await fetch(`${server.baseUrl}/api/key/v1/requests`);
      assert.equal(unsigned.status, 401);
    });

    it('a new enrolment replaces the old device', async () => {
      const { userId, device } = await enrolledUser('mia@example.com');
      const setup = await newSetup(userId);
      const second = new TestKeyDevice();
      const enrolled = await post(enrolLinkOf(setup.otpauthUri), {
        publicKey: second.publicJwk,
        deviceName: 'new phone',
        code: totpCode(secretOf(setup.otpauthUri), Date.now() + 30_000),
      });
      assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
      assert.equal((await device.call(server.baseUrl, 'GET', '/api/key/v1/device')).status, 401);
      assert.equal(
        (await admin.api('GET', `/users/${userId}/key-device`)).json<{ device: { name: string } }>().device.name,
        'new phone',
      );
    });

    it('push approval: the right number accepts, a wrong number or another user cannot', async () => {
      const strict = await addGroup(admin, { displayName: `Push ${dialect}`, skipOtp: 'always-require' });
      const alice = await enrolledUser('push.alice@example.com');
      const bob = await enrolledUser('push.bob@example.com');
      for (const id of [alice.userId, bob.userId])
        assert.equal((await admin.api('PATCH', `/users/${id}`, { groupId: strict.id })).status, 200);

      const { HttpClient } = await import('../support/http-client.js');
      const browser = new HttpClient(server.baseUrl);
      const login = await browser.login('push.alice@example.com', 'Sturdy-Passw0rd!');
      assert.equal(login.headers.get('location'), '/portal/example.com/login/otp');
      const page = await browser.request('GET', '/portal/example.com/login/otp');
      assert.match(page.text, /Approve login on your device/);
      const number = Number(/id="approval-number">(\d\d)</.exec(page.text)?.[1]);

      const requests = (await alice.device.call(server.baseUrl, 'GET', '/api/key/v1/requests')).json<{
        items: Record<string, unknown>[];
      }>().items;
      assert.equal(requests.length, 1);
      const request = requests[0] as { id: string };
      // The device learns nothing about the number: the user must type what the browser shows.
      assert.deepEqual(Object.keys(request).sort(), ['createdAt', 'expiresAt', 'id', 'ip', 'service', 'userAgent']);
      // (Not a substring search: a two-digit number can occur in a time stamp or an id by chance.)
      assert.ok(
        Object.values(requests[0]!).every((value) => value !== number && value !== String(number)),
        'the device never sees the number',
      );
      assert.equal(
        (await bob.device.call(server.baseUrl, 'GET', '/api/key/v1/requests')).json<{ items: unknown[] }>().items
          .length,
        0,
      );
      assert.equal(
        (
          await bob.device.call(server.baseUrl, 'POST', `/api/key/v1/requests/${request.id}/decision`, {
            decision: 'accept',
            number,
          })
        ).status,
        404,
      );

      assert.deepEqual((await browser.request('GET', '/portal/example.com/login/otp/push-status')).json(), {
        status: 'pending',
      });
      const accepted = await alice.device.call(server.baseUrl, 'POST', `/api/key/v1/requests/${request.id}/decision`, {
        decision: 'accept',
        number,
      });
      assert.equal(accepted.status, 200, accepted.text);
      assert.deepEqual((await browser.request('GET', '/portal/example.com/login/otp/push-status')).json(), {
        status: 'accepted',
      });
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const done = await browser.request('POST', '/portal/example.com/login/otp/push', { form: { _csrf: token } });
      assert.equal(done.status, 303);
      assert.equal(done.headers.get('location'), '/portal/example.com/');
      assert.match((await browser.request('GET', '/portal/example.com/')).text, /push\.alice@example\.com/);
      assert.equal(
        (
          await alice.device.call(server.baseUrl, 'POST', `/api/key/v1/requests/${request.id}/decision`, {
            decision: 'reject',
          })
        ).status,
        409,
      );

      // A wrong number spends the request: the browser then says so and offers another.
      const second = new HttpClient(server.baseUrl);
      await second.login('push.alice@example.com', 'Sturdy-Passw0rd!');
      const secondPage = await second.request('GET', '/portal/example.com/login/otp');
      const shown = Number(/id="approval-number">(\d\d)</.exec(secondPage.text)?.[1]);
      const pending = (await alice.device.call(server.baseUrl, 'GET', '/api/key/v1/requests')).json<{
        items: { id: string }[];
      }>().items[0]!;
      const wrongNumber = shown === 99 ? 98 : shown + 1;
      const refused = await alice.device.call(server.baseUrl, 'POST', `/api/key/v1/requests/${pending.id}/decision`, {
        decision: 'accept',
        number: wrongNumber,
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.json<{ field: string }>().field, 'number');
      assert.equal(
        refused.json<{ message: string }>().message,
        'The number does not match the one shown in the browser.',
      );
      // Spent: the right number cannot follow a wrong one.
      const retried = await alice.device.call(server.baseUrl, 'POST', `/api/key/v1/requests/${pending.id}/decision`, {
        decision: 'accept',
        number: shown,
      });
      assert.equal(retried.status, 409, retried.text);
      const secondToken = /name="_csrf" value="([^"]+)"/.exec(secondPage.text)![1]!;
      const rejected = await second.request('POST', '/portal/example.com/login/otp/push', {
        form: { _csrf: secondToken },
      });
      assert.equal(rejected.status, 200);
      assert.match(rejected.text, /The number typed on your device did not match the number shown here\./);
      assert.match(rejected.text, /Send a new request/);

      // Enter a code instead: the Key's TOTP code works at the code input.
      const third = new HttpClient(server.baseUrl);
      await third.login('push.alice@example.com', 'Sturdy-Passw0rd!');
      const codePage = await third.request('GET', '/portal/example.com/login/otp?code=1');
      assert.match(codePage.text, /One-Time Password/);
      const thirdToken = /name="_csrf" value="([^"]+)"/.exec(codePage.text)![1]!;
      const byCode = await third.request('POST', '/portal/example.com/login/otp', {
        form: { _csrf: thirdToken, code: totpCode(alice.secret, Date.now() + 30_000) },
      });
      assert.equal(byCode.status, 303, byCode.text.slice(0, 400));

      const logs = (await admin.api('GET', `/access-logs?userId=${alice.userId}`)).json<{
        items: { reason: string; otpMethod: string }[];
      }>().items;
      assert.ok(logs.some((e) => e.reason === 'allowed' && e.otpMethod === 'gatehouse-key'));
      assert.ok(logs.some((e) => e.reason === 'otp-invalid' && e.otpMethod === 'gatehouse-key'));
    });

    it('decisions: a typed number accepts, reject and not-me answer, malformed answers leave the request open', async () => {
      const strict = await addGroup(admin, { displayName: `Decisions ${dialect}`, skipOtp: 'always-require' });
      const carol = await enrolledUser('push.carol@example.com');
      assert.equal((await admin.api('PATCH', `/users/${carol.userId}`, { groupId: strict.id })).status, 200);
      const { HttpClient } = await import('../support/http-client.js');

      async function newSignIn() {
        const browser = new HttpClient(server.baseUrl);
        await browser.login('push.carol@example.com', 'Sturdy-Passw0rd!');
        const page = await browser.request('GET', '/portal/example.com/login/otp');
        const number = Number(/id="approval-number">(\d\d)</.exec(page.text)?.[1]);
        const items = (await carol.device.call(server.baseUrl, 'GET', '/api/key/v1/requests')).json<{
          items: { id: string }[];
        }>().items;
        return { browser, page, number, id: items[0]!.id };
      }
      const decide = (id: string, body: unknown) =>
        carol.device.call(server.baseUrl, 'POST', `/api/key/v1/requests/${id}/decision`, body);
      const statusOf = async (browser: HttpClient) =>
        (await browser.request('GET', '/portal/example.com/login/otp/push-status')).json<{ status: string }>().status;

      const first = await newSignIn();
      for (const [body, field] of [
        [{ decision: 'accept' }, 'number'],
        [{ decision: 'accept', number: 100 }, 'number'],
        [{ decision: 'reject', number: first.number }, 'number'],
        [{ decision: 'maybe' }, 'decision'],
        [{ decision: 'accept', number: first.number, extra: 1 }, 'extra'],
        [{}, 'decision'],
      ] as const) {
        const refused = await decide(first.id, body);
        assert.equal(refused.status, 400, `${JSON.stringify(body)}: ${refused.text}`);
        assert.equal(refused.json<{ error: string; field: string }>().error, 'validation_failed');
        assert.equal(refused.json<{ field: string }>().field, field, JSON.stringify(body));
      }
      assert.equal(await statusOf(first.browser), 'pending', 'a malformed answer guesses nothing');
      const accepted = await decide(first.id, { decision: 'accept', number: first.number });
      assert.equal(accepted.status, 200, accepted.text);
      assert.deepEqual(accepted.json(), { status: 'accepted' });

      const second = await newSignIn();
      const rejected = await decide(second.id, { decision: 'reject' });
      assert.deepEqual(rejected.json(), { status: 'rejected' });
      assert.equal(await statusOf(second.browser), 'rejected');

      const third = await newSignIn();
      const reported = await decide(third.id, { decision: 'not-me' });
      assert.equal(reported.status, 200, reported.text);
      assert.deepEqual(reported.json(), { status: 'reported' });
      assert.notEqual(await statusOf(third.browser), 'accepted');
      assert.notEqual(await statusOf(third.browser), 'pending');
      assert.equal((await decide(third.id, { decision: 'accept', number: third.number })).status, 409);

      assert.equal((await decide('00000000-0000-4000-8000-000000000000', { decision: 'reject' })).status, 404);
    });
  });
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`Gatehouse Key approval expiry (${dialect})`, { skip }, () => {
    it('an unanswered request expires after 60 s; the browser then offers a new one', async () => {
      const { ManualClock } = await import('../../src/core/clock.js');
      const clock = new ManualClock(Date.now());
      const server = await startTestServer(dialect, { clock });
      try {
        const admin = await signedInClient(server);
        const strict = await addGroup(admin, { displayName: 'Push expiry', skipOtp: 'always-require' });
        const user = await addUser(admin, { loginId: 'late@example.com', groupId: strict.id });
        const setup = (await admin.api('POST', `/users/${user.id}/otp/setup/totp`)).json<Setup>();
        const device = new TestKeyDevice();
        const enrolled = await post(enrolLinkOf(setup.otpauthUri), {
          publicKey: device.publicJwk,
          deviceName: 'slow phone',
          code: totpCode(secretOf(setup.otpauthUri), clock.now()),
        });
        assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
        device.deviceId = enrolled.body.deviceId as string;

        const { HttpClient } = await import('../support/http-client.js');
        const browser = new HttpClient(server.baseUrl);
        await browser.login('late@example.com', 'Sturdy-Passw0rd!');
        const page = await browser.request('GET', '/portal/example.com/login/otp');
        const number = Number(/id="approval-number">(\d\d)</.exec(page.text)?.[1]);
        const request = (
          await device.call(server.baseUrl, 'GET', '/api/key/v1/requests', undefined, { ts: clock.now() })
        ).json<{ items: { id: string }[] }>().items[0]!;
        clock.advance(61_000);
        assert.deepEqual((await browser.request('GET', '/portal/example.com/login/otp/push-status')).json(), {
          status: 'expired',
        });
        const late = await device.call(
          server.baseUrl,
          'POST',
          `/api/key/v1/requests/${request.id}/decision`,
          { decision: 'accept', number },
          { ts: clock.now() },
        );
        assert.equal(late.status, 410);
        const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
        const expired = await browser.request('POST', '/portal/example.com/login/otp/push', { form: { _csrf: token } });
        assert.match(expired.text, /The request expired before it was answered\./);
        const retry = await browser.request('POST', '/portal/example.com/login/otp/push-retry', {
          form: { _csrf: token },
        });
        const fresh = Number(/id="approval-number">(\d\d)</.exec(retry.text)?.[1]);
        assert.ok(fresh >= 10 && fresh <= 99);
        const next = (
          await device.call(server.baseUrl, 'GET', '/api/key/v1/requests', undefined, { ts: clock.now() })
        ).json<{ items: { id: string }[] }>().items;
        assert.equal(next.length, 1);
        assert.notEqual(next[0]!.id, request.id);
      } finally {
        await server.close();
      }
    });
  });
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`Gatehouse Key enrolment links (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.now());
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect, { clock });
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    async function linkFor(loginId: string) {
      const user = await addUser(admin, { loginId });
      const setup = (await admin.api('POST', `/users/${user.id}/otp/setup/totp`)).json<Setup>();
      return { userId: user.id, link: enrolLinkOf(setup.otpauthUri), secret: secretOf(setup.otpauthUri) };
    }
    const enrol = (link: string, code: string) =>
      post(link, { publicKey: new TestKeyDevice().publicJwk, deviceName: 'phone', code });
    const wrongCode = (secret: string) =>
      String((Number(totpCode(secret, clock.now())) + 1) % 1_000_000).padStart(6, '0');
    const keyFailures = async (userId: string) =>
      (await admin.api('GET', `/access-logs?userId=${userId}&limit=100`))
        .json<{ items: { service: string; result: string; reason: string; otpMethod: string }[] }>()
        .items.filter((e) => e.service === 'gatehouse-key')
        .map((e) => {
          assert.equal(e.result, 'denied');
          assert.equal(e.otpMethod, 'gatehouse-key');
          return e.reason;
        })
        .sort();

    it('is void after 5 wrong first codes: even the right code then answers 410', async () => {
      clock.set(Date.now());
      const { userId, link, secret } = await linkFor('void.link@example.com');
      for (let i = 0; i < 5; i++) {
        const wrong = await enrol(link, wrongCode(secret));
        assert.equal(wrong.status, 400, JSON.stringify(wrong.body));
        assert.equal(wrong.body.message, 'Invalid one-time password.');
      }
      const voided = await enrol(link, totpCode(secret, clock.now()));
      assert.equal(voided.status, 410, JSON.stringify(voided.body));
      assert.equal(
        voided.body.message,
        'This enrolment link no longer works after 5 wrong codes. Show a new QR code and scan it again.',
      );
      assert.equal((await admin.api('GET', `/users/${userId}`)).json<{ otpType: string }>().otpType, 'none');
      assert.deepEqual(await keyFailures(userId), [...Array(5).fill('otp-invalid'), 'otp-too-many-attempts']);

      // A new QR code is a new link with its own tries.
      const fresh = (await admin.api('POST', `/users/${userId}/otp/setup/totp`)).json<Setup>();
      const enrolled = await enrol(enrolLinkOf(fresh.otpauthUri), totpCode(secretOf(fresh.otpauthUri), clock.now()));
      assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
    });

    it('checks at most 5 of 40 concurrent wrong codes', async () => {
      clock.set(Date.now());
      const { userId, link, secret } = await linkFor('race.link@example.com');
      const answers = await Promise.all(Array.from({ length: 40 }, () => enrol(link, wrongCode(secret))));
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [...Array(5).fill(400), ...Array(35).fill(410)]);
      const reasons = await keyFailures(userId);
      assert.equal(reasons.filter((r) => r === 'otp-invalid').length, 5, 'each checked code is logged once');
      assert.equal(reasons.filter((r) => r === 'otp-too-many-attempts').length, 35);
      assert.equal((await enrol(link, totpCode(secret, clock.now()))).status, 410);
    });

    it('logs a used or expired link as a Gatehouse Key failure', async () => {
      clock.set(Date.now());
      const used = await linkFor('used.link@example.com');
      assert.equal((await enrol(used.link, totpCode(used.secret, clock.now()))).status, 201);
      const again = await enrol(used.link, totpCode(used.secret, clock.now() + 30_000));
      assert.equal(again.status, 409);
      assert.deepEqual(await keyFailures(used.userId), ['otp-expired']);

      const late = await linkFor('late.link@example.com');
      clock.advance(10 * 60_000 + 1);
      const expired = await enrol(late.link, totpCode(late.secret, clock.now()));
      assert.equal(expired.status, 410);
      assert.match(String(expired.body.message), /^This enrolment link has expired/);
      assert.deepEqual(await keyFailures(late.userId), ['otp-expired']);
    });
  });
}
