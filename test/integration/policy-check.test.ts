// Access Control > Policy Check: what a sign-in with given facts would meet, which setting decided, and that asking
// writes nothing. Each answer is compared with what a real sign-in from that address does (TRUST_PROXY 127.0.0.1).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import { totpCode } from '../../src/core/otp/totp.js';
import type { PolicyCheckResult, PolicyCheckStep } from '../../src/contract/admin-api/index.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import { secretOfOtpauthUri, startTotpSetup } from '../support/otp-tools.js';
import {
  accessLogEntries,
  addGroup,
  addUser,
  type ApiAuditEntry,
  assertApiError,
  type ApiGroup,
  type ApiUser,
  GOOD_PASSWORD,
  pageError,
  signedInClient,
  submitLogin,
} from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const INSIDE = '198.51.100.8';
const OUTSIDE = '203.0.113.200';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`Policy Check (${dialect})`, { skip }, () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 30, 10, 0, 10));
    let server: TestServer;
    let admin: HttpClient;
    let officeOrPass: ApiGroup;
    let olive: ApiUser;

    before(async () => {
      server = await startTestServer(dialect, { clock, env: { TRUST_PROXY: '127.0.0.1' } });
      admin = await signedInClient(server, undefined, undefined, { keepMeLoggedIn: true });
      assert.equal(
        (await admin.api('POST', '/ip-sets', { identifier: 'office', entries: ['198.51.100.0/24'] })).status,
        201,
      );
      officeOrPass = await addGroup(admin, {
        displayName: 'Office or pass',
        skipOtp: 'conditions',
        skipOtpCondition: 'ipset:office or has_pass:true',
      });
      olive = await addUser(admin, { loginId: 'olive@example.com', groupId: officeOrPass.id });
      const setup = await startTotpSetup(admin, olive.id);
      const code = totpCode(secretOfOtpauthUri(setup.otpauthUri), clock.now());
      assert.equal(
        (await admin.api('POST', `/users/${olive.id}/otp/setup/${setup.setupId}/confirm`, { code })).status,
        200,
      );
    });
    after(async () => server?.close());

    /** Policy Check reads: the facts travel in the query string. */
    const askPolicyCheck = (facts: Record<string, string | number | boolean>) =>
      admin.api('GET', `/policy-check?${new URLSearchParams(Object.entries(facts).map(([k, v]) => [k, String(v)]))}`);

    async function check(facts: Record<string, string | number | boolean>): Promise<PolicyCheckResult> {
      const answer = await askPolicyCheck(facts);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<PolicyCheckResult>();
    }

    function stepOf(answer: PolicyCheckResult, setting: string): PolicyCheckStep {
      const step = answer.steps.find((s) => s.setting === setting);
      assert.ok(step, `a step for "${setting}" in ${JSON.stringify(answer.steps)}`);
      return step;
    }

    /** Where a real password sign-in from `ip` goes: 'portal', 'otp', or the error shown. */
    async function realSignIn(loginId: string, ip: string): Promise<string> {
      const answer = await submitLogin(new HttpClient(server.baseUrl), loginId, GOOD_PASSWORD, { ip });
      if (answer.status !== 303) return pageError(answer) ?? String(answer.status);
      return answer.headers.get('location') === '/portal/example.com/login/otp' ? 'otp' : 'portal';
    }

    it('skips OTP inside the office, naming the skip condition that decided', async () => {
      const inside = await check({ userId: olive.id, ip: INSIDE, hasPass: false });
      assert.equal(inside.allowed, true);
      assert.equal(inside.otpRequired, false);
      assert.equal(inside.otpConfigured, true);
      assert.deepEqual(stepOf(inside, 'Conditions to Allow Access').outcome, 'allowed');
      const skip = stepOf(inside, 'Skip OTP authentication');
      assert.equal(skip.outcome, 'OTP skipped');
      assert.match(skip.detail, /ipset:office or has_pass:true/);
      assert.match(skip.detail, /true/);
      assert.equal(await realSignIn('olive@example.com', INSIDE), 'portal', 'a real sign-in agrees');
    });

    it('requires OTP outside without a pass, and skips it with one', async () => {
      const outside = await check({ userId: olive.id, ip: OUTSIDE, hasPass: false });
      assert.deepEqual([outside.allowed, outside.otpRequired], [true, true]);
      const skip = stepOf(outside, 'Skip OTP authentication');
      assert.equal(skip.outcome, 'OTP required');
      assert.match(skip.detail, /is false/);
      assert.equal(stepOf(outside, 'OTP step').outcome, 'asks for the one-time password');
      assert.match(stepOf(outside, 'OTP step').detail, /authenticator-app/);
      assert.equal(await realSignIn('olive@example.com', OUTSIDE), 'otp', 'a real sign-in agrees');

      const withPass = await check({ userId: olive.id, ip: OUTSIDE, hasPass: true, passAgeDays: 3 });
      assert.deepEqual([withPass.allowed, withPass.otpRequired], [true, false]);
      assert.equal(stepOf(withPass, 'Skip OTP authentication').outcome, 'OTP skipped');
    });

    it('denies where the allow condition fails, naming that condition and the group', async () => {
      const partners = await addGroup(admin, {
        displayName: 'Partners',
        allowAccess: 'conditions',
        allowCondition: 'ip4:203.0.113.0/24 and not ipset:office',
      });
      const pia = await addUser(admin, { loginId: 'pia@example.com', groupId: partners.id });
      const outsideOfPartners = await check({ userId: pia.id, ip: INSIDE, hasPass: false });
      assert.deepEqual([outsideOfPartners.allowed, outsideOfPartners.otpRequired], [false, false]);
      const allow = stepOf(outsideOfPartners, 'Conditions to Allow Access');
      assert.equal(allow.outcome, 'denied');
      assert.match(allow.detail, /ip4:203\.0\.113\.0\/24 and not ipset:office/);
      assert.match(allow.detail, /Partners/);
      assert.equal(outsideOfPartners.steps.length, 1, 'nothing after a denial');
      assert.equal(
        await realSignIn('pia@example.com', INSIDE),
        '403 Login denied by the policy. Access is not allowed.',
      );

      const fromPartner = await check({ userId: pia.id, ip: '203.0.113.7', hasPass: false });
      assert.equal(fromPartner.allowed, true);
      assert.equal(stepOf(fromPartner, 'Conditions to Allow Access').outcome, 'allowed');
      assert.equal(await realSignIn('pia@example.com', '203.0.113.7'), 'portal');
    });

    it('says when OTP is required but cannot be answered', async () => {
      const strict = await addGroup(admin, { displayName: 'Strict', skipOtp: 'always-require' });
      const nat = await addUser(admin, { loginId: 'nat@example.com', groupId: strict.id });
      const withTokens = await check({ userId: nat.id, ip: INSIDE, hasPass: true });
      assert.deepEqual(
        [withTokens.allowed, withTokens.otpRequired, withTokens.otpConfigured],
        [true, true, true],
        'emergency tokens can answer',
      );
      assert.equal(stepOf(withTokens, 'Skip OTP authentication').detail, 'Always require');

      const tokens = (await admin.api('GET', `/users/${nat.id}/emergency-tokens`)).json<{ items: { id: string }[] }>()
        .items;
      for (const token of tokens) await admin.api('DELETE', `/users/${nat.id}/emergency-tokens/${token.id}`);
      const stuck = await check({ userId: nat.id, ip: INSIDE, hasPass: true });
      assert.deepEqual([stuck.allowed, stuck.otpRequired, stuck.otpConfigured], [false, true, false]);
      assert.match(stepOf(stuck, 'OTP step').outcome, /OTP not configured/);
      assert.equal(
        await realSignIn('nat@example.com', INSIDE),
        '403 Login denied by the policy. OTP not configured, but OTP input is required. Access is not allowed.',
      );
    });

    it('answers for another time with `at`, and names admin OTP enforcement for admins', async () => {
      const hours = await addGroup(admin, {
        displayName: 'Working hours skip OTP',
        skipOtp: 'conditions',
        skipOtpCondition: 'time:09:00-18:00',
      });
      const ida = await addUser(admin, { loginId: 'ida@example.com', groupId: hours.id, role: 'user-admin' });
      const morning = await check({ userId: ida.id, ip: OUTSIDE, hasPass: false });
      assert.equal(morning.otpRequired, false);
      assert.ok(
        !morning.steps.some((s) => s.setting === 'Admin OTP enforcement'),
        'enforcement begins 14 days after the tenant was created',
      );
      const evening = await check({ userId: ida.id, ip: OUTSIDE, hasPass: false, at: '2026-11-30T20:00:00Z' });
      assert.equal(evening.otpRequired, true);
      assert.equal(stepOf(evening, 'Skip OTP authentication').outcome, 'OTP required');

      const enforced = await check({ userId: ida.id, ip: OUTSIDE, hasPass: false, at: '2026-12-20T10:00:00Z' });
      assert.equal(stepOf(enforced, 'Skip OTP authentication').outcome, 'OTP skipped');
      assert.equal(stepOf(enforced, 'Admin OTP enforcement').outcome, 'OTP required');
      assert.equal(enforced.otpRequired, true);
      assert.match(
        stepOf(enforced, 'OTP step').outcome,
        /OTP setup/,
        'an admin without OTP would be taken through setup',
      );
      assert.equal(enforced.allowed, true);
    });

    it('refuses facts it cannot judge', async () => {
      assertApiError(
        await askPolicyCheck({ userId: olive.id, ip: 'not-an-ip', hasPass: false }),
        400,
        'validation_failed',
        'ip',
      );
      assertApiError(
        await askPolicyCheck({ userId: olive.id, ip: '999.1.1.1', hasPass: false }),
        400,
        'validation_failed',
        'ip',
      );
      assertApiError(
        await askPolicyCheck({
          userId: '00000000-0000-0000-0000-000000000000',
          ip: INSIDE,
          hasPass: false,
        }),
        404,
        'not_found',
      );
      assertApiError(
        await askPolicyCheck({ userId: olive.id, ip: INSIDE, hasPass: false, at: 'yesterday' }),
        400,
        'validation_failed',
      );
    });

    it('writes nothing: no Access Log, no audit entry, no pass, no last login', async () => {
      const logsBefore = await accessLogEntries(admin);
      const auditBefore = (await admin.api('GET', '/audit-logs?limit=200')).json<{ items: ApiAuditEntry[] }>().items;
      const oliveBefore = (await admin.api('GET', `/users/${olive.id}`)).json<ApiUser>();
      const passesBefore = (await admin.api('GET', `/users/${olive.id}/entrance-passes`)).json<{ items: unknown[] }>()
        .items;
      assert.equal((await admin.api('PATCH', '/settings', { entrancePass: 'always' })).status, 200);
      const auditAfterSetting = (await admin.api('GET', '/audit-logs?limit=200')).json<{ items: ApiAuditEntry[] }>()
        .items;

      for (const [ip, hasPass] of [
        [INSIDE, false],
        [OUTSIDE, false],
        [OUTSIDE, true],
      ] as const)
        await check({ userId: olive.id, ip, hasPass });

      assert.deepEqual(await accessLogEntries(admin), logsBefore, 'the Access Logs are unchanged');
      assert.equal(
        (await admin.api('GET', '/audit-logs?limit=200')).json<{ items: ApiAuditEntry[] }>().items.length,
        auditAfterSetting.length,
      );
      assert.equal(auditAfterSetting.length, auditBefore.length + 1);
      const oliveAfter = (await admin.api('GET', `/users/${olive.id}`)).json<ApiUser>();
      assert.deepEqual(
        [oliveAfter.lastLoginAt, oliveAfter.failedLoginCount],
        [oliveBefore.lastLoginAt, oliveBefore.failedLoginCount],
      );
      assert.deepEqual(
        (await admin.api('GET', `/users/${olive.id}/entrance-passes`)).json<{ items: unknown[] }>().items,
        passesBefore,
      );
    });
  });
}
