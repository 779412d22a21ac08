// SPEC §3.1 with another authenticator app: the admin shows a QR code, the app scans it, the admin types the app's
// code. zbarimg stands in for the phone's camera and oathtool for the app.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { commandLineActor } from '../../src/services/actor.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import {
  decodeQrImage,
  downloadBytes,
  oathtoolCode,
  otpToolsSkipReason,
  registerAuthenticatorApp,
  secretOfOtpauthUri,
  startTotpSetup,
  wrongCode,
} from '../support/otp-tools.js';
import {
  addUser,
  type ApiAuditEntry,
  type ApiUser,
  assertApiError,
  findUsers,
  GOOD_PASSWORD,
  parseCsv,
  signedInClient,
} from '../support/scenario.js';
import { ADMIN_LOGIN, startTestServer, type TestServer } from '../support/test-server.js';

const SUCCESS = 'Success. OTP is now enabled.';
const INVALID = 'Invalid one-time password.';
const TEN_MINUTES = 10 * 60_000;

type OtpUser = ApiUser & { otpType: string; otpEmail: string };

const toolsSkip = otpToolsSkipReason();

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`OTP with an authenticator app (${dialect})`, { skip: skip || toolsSkip }, () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 9, 0, 10));
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect, { clock });
      admin = await signedInClient(server);
    });
    after(async () => server?.close());

    async function userNamed(local: string, extra: Record<string, unknown> = {}): Promise<ApiUser> {
      return addUser(admin, { loginId: `${local}@example.com`, displayName: local, ...extra });
    }

    async function otpTypeOf(userId: string): Promise<string> {
      const answer = await admin.api('GET', `/users/${userId}`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<OtpUser>().otpType;
    }

    async function auditEntries(operation: string, targetId: string): Promise<ApiAuditEntry[]> {
      const answer = await admin.api('GET', `/audit-logs?operation=${operation}&limit=200`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<{ items: ApiAuditEntry[] }>().items.filter((entry) => entry.targetId === targetId);
    }

    /** What the user's app would read from the PNG the console shows. */
    async function scanPng(pngUrl: string): Promise<string> {
      const png = await downloadBytes(admin, pngUrl);
      assert.equal(png.status, 200, png.body.toString('utf8'));
      assert.equal(png.contentType, 'image/png');
      assert.deepEqual(
        [...png.body.subarray(0, 8)],
        [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
        'a PNG signature',
      );
      return decodeQrImage(png.body);
    }

    it('registers the app from the scanned QR code and shows the new OTP Type everywhere', async () => {
      const user = await userNamed('alice.app');
      const setup = await startTotpSetup(admin, user.id);
      assert.equal(
        setup.expiresAt,
        new Date(clock.now() + TEN_MINUTES).toISOString(),
        'the QR code is valid 10 minutes',
      );
      assert.match(setup.qrSvg.trim(), /^(<\?xml[^>]*>\s*)?<svg[\s>][\s\S]*<\/svg>$/, 'qrSvg is an SVG document');
      assert.doesNotMatch(setup.qrSvg, /<script|style=/i, 'the inline SVG needs nothing the CSP forbids');

      const scanned = await scanPng(setup.qrPngUrl);
      assert.equal(scanned, setup.otpauthUri, 'the PNG encodes the URI the API answered');
      assert.match(
        scanned,
        /^otpauth:\/\/totp\/Gatehouse:alice\.app(@|%40)example\.com\?secret=[A-Z2-7]{32}&issuer=Gatehouse(&|$)/,
      );
      const uri = new URL(scanned);
      assert.equal(uri.searchParams.get('algorithm') ?? 'SHA1', 'SHA1');
      assert.equal(uri.searchParams.get('digits') ?? '6', '6');
      assert.equal(uri.searchParams.get('period') ?? '30', '30');

      const code = oathtoolCode(secretOfOtpauthUri(scanned), clock.now());
      const confirmed = await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, { code });
      assert.equal(confirmed.status, 200, confirmed.text);
      assert.deepEqual(confirmed.json(), { otpType: 'authenticator-app', message: SUCCESS });

      assert.equal(await otpTypeOf(user.id), 'authenticator-app');
      const filtered = await findUsers(admin, { otpType: 'authenticator-app' });
      assert.ok(
        filtered.items.some((u) => u.id === user.id),
        'the OTP type filter finds the user',
      );
      assert.ok(filtered.items.every((u) => (u as OtpUser).otpType === 'authenticator-app'));
      assert.ok(!(await findUsers(admin, { otpType: 'none' })).items.some((u) => u.id === user.id));

      const csv = await admin.api('GET', '/users.csv');
      assert.equal(csv.status, 200);
      const [header = [], ...rows] = parseCsv(csv.text);
      const otpColumn = header.indexOf('OTP Type');
      assert.ok(otpColumn >= 0, `no "OTP Type" column in ${header.join(',')}`);
      assert.equal(rows.find((row) => row[0] === 'alice.app@example.com')?.[otpColumn], 'authenticator-app');
      assert.equal(rows.find((row) => row[0] === ADMIN_LOGIN)?.[otpColumn], 'none');

      const [entry, ...more] = await auditEntries('otp.register', user.id);
      assert.ok(entry, 'otp.register is in the Admin Operation Logs');
      assert.equal(more.length, 0);
      assert.equal(entry.actorLoginId, ADMIN_LOGIN);
      assert.equal(entry.targetLabel, 'alice.app@example.com');
      assert.equal(entry.result, 'success');
      assert.deepEqual(entry.before, { otpType: 'none' });
      assert.deepEqual(entry.after, { otpType: 'authenticator-app' });

      const status = await admin.api('GET', `/users/${user.id}/otp/setup/${setup.setupId}`);
      assert.deepEqual(status.json(), { status: 'completed', otpType: 'authenticator-app' });
      assertApiError(
        await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, { code }),
        409,
        'conflict',
      );
      assert.equal((await downloadBytes(admin, setup.qrPngUrl)).status, 409, 'a used QR code is not shown again');
    });

    it('says a wrong code is wrong, registers nothing, and lets the admin retry', async () => {
      const user = await userNamed('bruno.retry');
      const setup = await startTotpSetup(admin, user.id);
      const secret = secretOfOtpauthUri(setup.otpauthUri);

      const body = assertApiError(
        await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, {
          code: wrongCode(secret, clock.now()),
        }),
        400,
        'validation_failed',
        'code',
      );
      assert.equal(body.message, INVALID);
      assert.equal(await otpTypeOf(user.id), 'none');
      assert.deepEqual(await auditEntries('otp.register', user.id), []);

      clock.advance(20_000);
      const retry = await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, {
        code: oathtoolCode(secret, clock.now()),
      });
      assert.equal(retry.status, 200, retry.text);
      assert.equal(await otpTypeOf(user.id), 'authenticator-app');
    });

    it('refuses codes that are not six digits without using up the QR code', async () => {
      const user = await userNamed('carla.typo');
      const setup = await startTotpSetup(admin, user.id);
      const secret = secretOfOtpauthUri(setup.otpauthUri);
      const good = oathtoolCode(secret, clock.now());
      for (const code of [good.slice(0, 5), `${good}0`, 'abcdef', '12e456', '']) {
        assertApiError(
          await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, { code }),
          400,
          'validation_failed',
          'code',
        );
      }
      assertApiError(
        await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, { code: 123456 }),
        400,
        'validation_failed',
        'code',
      );
      assert.equal(await otpTypeOf(user.id), 'none');
      const confirmed = await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, { code: good });
      assert.equal(confirmed.status, 200, confirmed.text);
    });

    it('accepts an app one step behind but not two (a code lives at most 90 s)', async () => {
      const late = await userNamed('dora.drift');
      const lateSetup = await startTotpSetup(admin, late.id);
      const lateSecret = secretOfOtpauthUri(lateSetup.otpauthUri);
      const twoStepsOld = oathtoolCode(lateSecret, clock.now() - 60_000);
      if (
        twoStepsOld !== oathtoolCode(lateSecret, clock.now()) &&
        twoStepsOld !== oathtoolCode(lateSecret, clock.now() - 30_000)
      ) {
        const old = assertApiError(
          await admin.api('POST', `/users/${late.id}/otp/setup/${lateSetup.setupId}/confirm`, { code: twoStepsOld }),
          400,
          'validation_failed',
          'code',
        );
        assert.equal(old.message, INVALID);
      }
      const oneStepOld = await admin.api('POST', `/users/${late.id}/otp/setup/${lateSetup.setupId}/confirm`, {
        code: oathtoolCode(lateSecret, clock.now() - 30_000),
      });
      assert.equal(oneStepOld.status, 200, oneStepOld.text);
    });

    it('refuses a QR code older than 10 minutes', async () => {
      const user = await userNamed('emil.slow');
      const setup = await startTotpSetup(admin, user.id);
      const secret = secretOfOtpauthUri(setup.otpauthUri);
      clock.advance(TEN_MINUTES);
      assertApiError(
        await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, {
          code: oathtoolCode(secret, clock.now()),
        }),
        410,
        'expired',
      );
      assert.equal((await downloadBytes(admin, setup.qrPngUrl)).status, 410);
      assert.deepEqual((await admin.api('GET', `/users/${user.id}/otp/setup/${setup.setupId}`)).json(), {
        status: 'expired',
      });
      assert.equal(await otpTypeOf(user.id), 'none');
    });

    it('makes an earlier QR code unusable when a new one is shown', async () => {
      const user = await userNamed('fritz.twice');
      const first = await startTotpSetup(admin, user.id);
      const second = await startTotpSetup(admin, user.id);
      const firstSecret = secretOfOtpauthUri(first.otpauthUri);
      const secondSecret = secretOfOtpauthUri(second.otpauthUri);
      assert.notEqual(firstSecret, secondSecret, 'every QR code carries a new secret');

      assertApiError(
        await admin.api('POST', `/users/${user.id}/otp/setup/${first.setupId}/confirm`, {
          code: oathtoolCode(firstSecret, clock.now()),
        }),
        404,
        'not_found',
      );
      assert.equal((await downloadBytes(admin, first.qrPngUrl)).status, 404);
      assert.equal(await otpTypeOf(user.id), 'none');

      const confirmed = await admin.api('POST', `/users/${user.id}/otp/setup/${second.setupId}/confirm`, {
        code: oathtoolCode(secondSecret, clock.now()),
      });
      assert.equal(confirmed.status, 200, confirmed.text);
    });

    it("cannot reach another tenant's user", async () => {
      const { tenant: other } = await server.gatehouse.services.tenants.createTenant(
        'other.example',
        'Other-Admin-Pass-1',
      );
      const { user: bob } = await server.gatehouse.services.users.create(other, commandLineActor(), {
        loginId: 'bob@other.example',
        displayName: 'Bob',
        password: GOOD_PASSWORD,
      });

      assertApiError(await admin.api('POST', `/users/${bob.id}/otp/setup/totp`), 404, 'not_found');
      assertApiError(
        await admin.api('POST', `/users/${bob.id}/otp/setup/email`, { email: 'bob@other.example' }),
        404,
        'not_found',
      );
      assertApiError(await admin.api('DELETE', `/users/${bob.id}/otp`), 404, 'not_found');
      assertApiError(await admin.api('GET', `/users/${bob.id}/emergency-tokens`), 404, 'not_found');

      // Bob's own admin starts a setup; its id must not work from example.com, under either user.
      const otherAdmin = await signedInClient(server, 'admin@other.example', 'Other-Admin-Pass-1', {
        domain: 'other.example',
      });
      const bobSetup = await startTotpSetup(otherAdmin, bob.id);
      const code = oathtoolCode(secretOfOtpauthUri(bobSetup.otpauthUri), clock.now());
      assertApiError(
        await admin.api('POST', `/users/${bob.id}/otp/setup/${bobSetup.setupId}/confirm`, { code }),
        404,
        'not_found',
      );
      assert.equal(
        (await downloadBytes(admin, `/api/admin/example.com/v1/users/${bob.id}/otp/setup/${bobSetup.setupId}/qr.png`))
          .status,
        404,
      );
      const mine = await userNamed('gina.here');
      assertApiError(
        await admin.api('POST', `/users/${mine.id}/otp/setup/${bobSetup.setupId}/confirm`, { code }),
        404,
        'not_found',
      );

      assert.equal((await server.gatehouse.services.users.requireRow(other, bob.id)).otp_type, 'none');
      assert.equal(await otpTypeOf(mine.id), 'none');
      // Bob's setup itself was left intact.
      const bobConfirmed = await otherAdmin.api('POST', `/users/${bob.id}/otp/setup/${bobSetup.setupId}/confirm`, {
        code,
      });
      assert.equal(bobConfirmed.status, 200, bobConfirmed.text);
    });

    it('shows the OTP issuer name from Domain Settings in the QR code, escaped', async () => {
      try {
        const changed = await admin.api('PATCH', '/settings', { otpIssuerName: 'ACME & Co' });
        assert.equal(changed.status, 200, changed.text);
        const user = await userNamed('hana.issuer');
        const setup = await startTotpSetup(admin, user.id);
        const scanned = await scanPng(setup.qrPngUrl);
        assert.match(
          scanned,
          /^otpauth:\/\/totp\/ACME%20%26%20Co:hana\.issuer(@|%40)example\.com\?secret=[A-Z2-7]{32}&issuer=ACME%20%26%20Co(&|$)/,
        );
        assert.doesNotMatch(scanned, / /, 'no raw space in the URI');
        const uri = new URL(scanned);
        assert.equal(uri.searchParams.get('issuer'), 'ACME & Co');
        assert.equal(
          [...uri.searchParams.keys()].filter((k) => k === 'Co' || k === ' Co').length,
          0,
          'the "&" did not split the query',
        );
        const confirmed = await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, {
          code: oathtoolCode(uri.searchParams.get('secret') ?? '', clock.now()),
        });
        assert.equal(confirmed.status, 200, confirmed.text);

        assertApiError(
          await admin.api('PATCH', '/settings', { otpIssuerName: 'A'.repeat(21) }),
          400,
          'validation_failed',
          'otpIssuerName',
        );
        assertApiError(
          await admin.api('PATCH', '/settings', { otpIssuerName: '   ' }),
          400,
          'validation_failed',
          'otpIssuerName',
        );
        assert.equal(
          (await admin.api('GET', '/settings')).json<{ otpIssuerName: string }>().otpIssuerName,
          'ACME & Co',
        );
        const twenty = await admin.api('PATCH', '/settings', { otpIssuerName: 'B'.repeat(20) });
        assert.equal(twenty.status, 200, twenty.text);
      } finally {
        await admin.api('PATCH', '/settings', { otpIssuerName: 'Gatehouse' });
      }
    });

    it('Reset OTP removes the registration, and the old app stops working', async () => {
      const user = await userNamed('ivan.reset');
      const secret = await registerAuthenticatorApp(admin, user.id, clock.now());
      assert.equal(await otpTypeOf(user.id), 'authenticator-app');

      const reset = await admin.api('DELETE', `/users/${user.id}/otp`);
      assert.equal(reset.status, 204, reset.text);
      const after = (await admin.api('GET', `/users/${user.id}`)).json<OtpUser>();
      assert.equal(after.otpType, 'none');
      assert.equal(after.otpEmail, '');
      const [entry] = await auditEntries('otp.reset', user.id);
      assert.deepEqual([entry?.before, entry?.after], [{ otpType: 'authenticator-app' }, { otpType: 'none' }]);

      clock.advance(30_000);
      const tenant = await server.gatehouse.services.tenants.findByDomain('example.com');
      assert.ok(tenant);
      const row = await server.gatehouse.services.users.requireRow(tenant, user.id);
      assert.equal(
        await server.gatehouse.services.otpVerifier.verifyTotp(row, oathtoolCode(secret, clock.now())),
        false,
      );
    });

    it('lets a Read-Only Admin look but not register, reset or handle tokens', async () => {
      await userNamed('rita.readonly', { role: 'read-only-admin' });
      const readOnly = await signedInClient(server, 'rita.readonly@example.com', GOOD_PASSWORD);
      const user = await userNamed('jon.target');
      const setup = await startTotpSetup(admin, user.id);
      const code = oathtoolCode(secretOfOtpauthUri(setup.otpauthUri), clock.now());
      const tokens = (await admin.api('GET', `/users/${user.id}/emergency-tokens`)).json<{ items: { id: string }[] }>();
      const tokenId = tokens.items[0]?.id ?? '';

      assertApiError(await readOnly.api('POST', `/users/${user.id}/otp/setup/totp`), 403, 'forbidden');
      assertApiError(
        await readOnly.api('POST', `/users/${user.id}/otp/setup/email`, { email: 'jon@example.net' }),
        403,
        'forbidden',
      );
      assertApiError(
        await readOnly.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, { code }),
        403,
        'forbidden',
      );
      assertApiError(
        await readOnly.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/resend`),
        403,
        'forbidden',
      );
      assert.equal(
        (await downloadBytes(readOnly, setup.qrPngUrl)).status,
        403,
        'the QR code carries the secret: not for a Read-Only Admin',
      );
      assertApiError(await readOnly.api('DELETE', `/users/${user.id}/otp`), 403, 'forbidden');
      assertApiError(await readOnly.api('POST', `/users/${user.id}/emergency-tokens`, { count: 1 }), 403, 'forbidden');
      assertApiError(
        await readOnly.api('POST', `/users/${user.id}/emergency-tokens/${tokenId}/reveal`),
        403,
        'forbidden',
      );
      assertApiError(await readOnly.api('DELETE', `/users/${user.id}/emergency-tokens/${tokenId}`), 403, 'forbidden');

      const seen = await readOnly.api('GET', `/users/${user.id}/emergency-tokens`);
      assert.equal(seen.status, 200, 'a Read-Only Admin sees the masked tokens');
      assert.equal(seen.json<{ unused: number }>().unused, 5);
      assert.equal((await readOnly.api('GET', `/users/${user.id}`)).json<OtpUser>().otpType, 'none');

      // Nothing the Read-Only Admin tried used up the QR code.
      const confirmed = await admin.api('POST', `/users/${user.id}/otp/setup/${setup.setupId}/confirm`, { code });
      assert.equal(confirmed.status, 200, confirmed.text);
      const reset = await readOnly.api('DELETE', `/users/${user.id}/otp`);
      assertApiError(reset, 403, 'forbidden');
      assert.equal(await otpTypeOf(user.id), 'authenticator-app');
    });
  });
}
