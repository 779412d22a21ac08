// SPEC §4.1: IP Sets and Access Policy Templates through the admin API, and what they do at sign-in. The server
// trusts 127.0.0.1 as a proxy, so X-Forwarded-For says where each simulated browser is.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/core/clock.js';
import type { IpSet, PolicyTemplate } from '../../src/contract/admin-api/index.js';
import { dialectsToTest } from '../support/databases.js';
import { HttpClient } from '../support/http-client.js';
import {
  addGroup,
  addUser,
  assertApiError,
  type ApiAuditEntry,
  GOOD_PASSWORD,
  pageError,
  signedInClient,
  submitLogin,
} from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const POLICY_DENIED = '403 Login denied by the policy. Access is not allowed.';

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`IP Sets and Access Policy Templates (${dialect})`, { skip }, () => {
    // Monday 30 November 2026, 10:00 UTC: inside "mon-fri" and "09:00-18:00".
    const clock = new ManualClock(Date.UTC(2026, 10, 30, 10, 0, 10));
    let server: TestServer;
    let admin: HttpClient;

    before(async () => {
      server = await startTestServer(dialect, { clock, env: { TRUST_PROXY: '127.0.0.1' } });
      admin = await signedInClient(server, undefined, undefined, { keepMeLoggedIn: true });
    });
    after(async () => server?.close());

    async function addIpSet(fields: Record<string, unknown>): Promise<IpSet> {
      const answer = await admin.api('POST', '/ip-sets', fields);
      assert.equal(answer.status, 201, answer.text);
      return answer.json<IpSet>();
    }

    async function addTemplate(fields: Record<string, unknown>): Promise<PolicyTemplate> {
      const answer = await admin.api('POST', '/templates', fields);
      assert.equal(answer.status, 201, answer.text);
      return answer.json<PolicyTemplate>();
    }

    /** Where a password sign-in from `ip` ends: 'portal', 'otp' or the error shown. */
    async function signInFrom(loginId: string, ip: string): Promise<string> {
      const answer = await submitLogin(new HttpClient(server.baseUrl), loginId, GOOD_PASSWORD, { ip });
      if (answer.status === 303)
        return answer.headers.get('location') === '/portal/example.com/'
          ? 'portal'
          : (answer.headers.get('location') ?? '');
      return pageError(answer) ?? `${answer.status}`;
    }

    it('stores an IP Set of addresses and ranges of both families', async () => {
      const entries = ['198.51.100.0/24', '192.0.2.7', '203.0.113.10-203.0.113.20', '2001:db8::/32', '2001:db8:1::5'];
      const office = await addIpSet({
        identifier: 'office',
        displayName: 'Head office',
        entries: [...entries, '  ', ''],
      });
      assert.deepEqual(
        [office.identifier, office.displayName, office.entries],
        ['office', 'Head office', entries],
        'blank lines are dropped',
      );
      const fetched = (await admin.api('GET', `/ip-sets/${office.id}`)).json<IpSet>();
      assert.deepEqual(fetched.entries, entries);
      assert.ok((await admin.api('GET', '/ip-sets')).json<{ items: IpSet[] }>().items.some((s) => s.id === office.id));
      const unnamed = await addIpSet({ identifier: 'no-name', entries: [] });
      assert.equal(unnamed.displayName, 'no-name', 'the identifier stands in for a missing display name');

      const audit = (await admin.api('GET', '/audit-logs?operation=ip-set.create')).json<{ items: ApiAuditEntry[] }>()
        .items;
      assert.ok(audit.some((entry) => entry.targetLabel === 'office'));
    });

    it('refuses bad entries, naming the entry, and more than 100 of them', async () => {
      for (const bad of [
        '10.0.0.300',
        '10.0.0.0/33',
        '203.0.113.20-203.0.113.10',
        'office.example.com',
        '2001:db8::g',
      ]) {
        const error = assertApiError(
          await admin.api('POST', '/ip-sets', { identifier: 'bad-entries', entries: ['192.0.2.1', bad] }),
          400,
          'validation_failed',
          'entries',
        );
        assert.ok(error.message.includes(bad), `the message names "${bad}": ${error.message}`);
      }
      const many = Array.from({ length: 101 }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`);
      assertApiError(
        await admin.api('POST', '/ip-sets', { identifier: 'too-many', entries: many }),
        400,
        'validation_failed',
        'entries',
      );
      assertApiError(
        await admin.api('POST', '/ip-sets', { identifier: 'not-a-list', entries: '192.0.2.1' }),
        400,
        'validation_failed',
        'entries',
      );
      const hundred = await addIpSet({ identifier: 'hundred', entries: many.slice(0, 100) });
      assert.equal(hundred.entries.length, 100, 'exactly 100 is allowed');
      assertApiError(
        await admin.api('PATCH', `/ip-sets/${hundred.id}`, { entries: many }),
        400,
        'validation_failed',
        'entries',
      );
      assert.ok(
        !(await admin.api('GET', '/ip-sets'))
          .json<{ items: IpSet[] }>()
          .items.some((s) => ['bad-entries', 'too-many', 'not-a-list'].includes(s.identifier)),
      );
    });

    it('checks identifiers: 3 to 255 characters of a-z 0-9 . _ -, unique', async () => {
      for (const bad of ['ab', 'Office', 'head office', '-office', 'büro', 'a'.repeat(256), '']) {
        assertApiError(
          await admin.api('POST', '/ip-sets', { identifier: bad, entries: [] }),
          400,
          'validation_failed',
          'identifier',
        );
        assertApiError(
          await admin.api('POST', '/templates', { identifier: bad, condition: 'true' }),
          400,
          'validation_failed',
          'identifier',
        );
      }
      for (const good of ['abc', 'branch_2.east-wing', `x${'a'.repeat(254)}`])
        await addIpSet({ identifier: good, entries: [] });
      assertApiError(
        await admin.api('POST', '/ip-sets', { identifier: 'office', entries: [] }),
        409,
        'conflict',
        'identifier',
      );
      await addTemplate({ identifier: 'always-true', condition: 'true' });
      assertApiError(
        await admin.api('POST', '/templates', { identifier: 'always-true', condition: 'false' }),
        409,
        'conflict',
        'identifier',
      );
    });

    it('refuses to delete or rename an IP Set that a condition uses, and deletes it once unused', async () => {
      const branch = await addIpSet({ identifier: 'branch', entries: ['192.0.2.0/24'] });
      const group = await addGroup(admin, {
        displayName: 'Branch staff',
        allowAccess: 'conditions',
        allowCondition: 'ipset:branch or ipset:office',
      });
      const refused = assertApiError(await admin.api('DELETE', `/ip-sets/${branch.id}`), 409, 'conflict');
      assert.match(refused.message, /Branch staff/, 'the message says which group uses it');
      assertApiError(
        await admin.api('PATCH', `/ip-sets/${branch.id}`, { identifier: 'branch-renamed' }),
        409,
        'conflict',
        'identifier',
      );
      assert.equal((await admin.api('GET', `/ip-sets/${branch.id}`)).status, 200);

      assert.equal(
        (await admin.api('PATCH', `/settings`, { entrancePass: 'conditions', entrancePassCondition: 'ipset:branch' }))
          .status,
        200,
      );
      assert.equal((await admin.api('PATCH', `/groups/${group.id}`, { allowCondition: 'ipset:office' })).status, 200);
      const byPass = assertApiError(await admin.api('DELETE', `/ip-sets/${branch.id}`), 409, 'conflict');
      assert.match(byPass.message, /entrance pass/, 'the entrance pass conditions use it too');

      assert.equal((await admin.api('PATCH', `/settings`, { entrancePass: 'never' })).status, 200);
      assert.equal((await admin.api('DELETE', `/ip-sets/${branch.id}`)).status, 204);
      assertApiError(await admin.api('GET', `/ip-sets/${branch.id}`), 404, 'not_found');
    });

    it('lets a group use a template, and the template decides at sign-in', async () => {
      const template = await addTemplate({
        identifier: 'office-hours',
        displayName: 'Office, working hours',
        condition: 'ipset:office and weekday:mon-fri and time:09:00-18:00',
      });
      assert.equal(template.displayName, 'Office, working hours');
      const group = await addGroup(admin, {
        displayName: 'Office hours only',
        allowAccess: 'conditions',
        allowCondition: 'template:office-hours',
      });
      await addUser(admin, { loginId: 'tina.template@example.com', groupId: group.id });

      assert.equal(
        await signInFrom('tina.template@example.com', '198.51.100.40'),
        'portal',
        'in the office on a Monday morning',
      );
      assert.equal(await signInFrom('tina.template@example.com', '2001:db8:1::5'), 'portal', 'IPv6 entries count too');
      assert.equal(await signInFrom('tina.template@example.com', '203.0.113.99'), POLICY_DENIED, 'outside the office');

      clock.advance(9 * 3_600_000);
      assert.equal(
        await signInFrom('tina.template@example.com', '198.51.100.40'),
        POLICY_DENIED,
        '19:00 is after working hours',
      );
      clock.advance(-9 * 3_600_000);

      // Changing the template changes every group that uses it, from the next sign-in on.
      const changed = await admin.api('PATCH', `/templates/${template.id}`, { condition: 'ip4:203.0.113.0/24' });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(await signInFrom('tina.template@example.com', '198.51.100.40'), POLICY_DENIED);
      assert.equal(await signInFrom('tina.template@example.com', '203.0.113.99'), 'portal');

      // And changing an IP Set does the same.
      assert.equal((await admin.api('PATCH', `/templates/${template.id}`, { condition: 'ipset:office' })).status, 200);
      const office = (await admin.api('GET', '/ip-sets'))
        .json<{ items: IpSet[] }>()
        .items.find((s) => s.identifier === 'office');
      assert.ok(office);
      assert.equal(await signInFrom('tina.template@example.com', '192.0.2.7'), 'portal');
      assert.equal((await admin.api('PATCH', `/ip-sets/${office.id}`, { entries: ['198.51.100.0/24'] })).status, 200);
      assert.equal(
        await signInFrom('tina.template@example.com', '192.0.2.7'),
        POLICY_DENIED,
        'an address taken out of the set no longer gets in',
      );
    });

    it('applies each change of a group at the next sign-in, even two changes in the same instant', async () => {
      const group = await addGroup(admin, {
        displayName: 'Changing',
        allowAccess: 'conditions',
        allowCondition: 'ip4:198.51.100.0/24',
      });
      await addUser(admin, { loginId: 'chris.change@example.com', groupId: group.id });
      assert.equal(await signInFrom('chris.change@example.com', '198.51.100.1'), 'portal');
      assert.equal(
        (await admin.api('PATCH', `/groups/${group.id}`, { allowCondition: 'ip4:203.0.113.0/24' })).status,
        200,
      );
      assert.equal(await signInFrom('chris.change@example.com', '198.51.100.1'), POLICY_DENIED);
      assert.equal(
        (await admin.api('PATCH', `/groups/${group.id}`, { skipOtp: 'always-require', allowAccess: 'always' })).status,
        200,
      );
      assert.equal(await signInFrom('chris.change@example.com', '198.51.100.1'), '/portal/example.com/login/otp');
    });

    it('refuses a template that refers to another template, or to what does not exist, or does not parse', async () => {
      await addTemplate({ identifier: 'weekdays', condition: 'weekday:mon-fri' });
      const nested = assertApiError(
        await admin.api('POST', '/templates', {
          identifier: 'nested',
          condition: 'template:weekdays and ipset:office',
        }),
        400,
        'validation_failed',
        'condition',
      );
      assert.match(nested.message, /template:weekdays/);
      assertApiError(
        await admin.api('POST', '/templates', { identifier: 'self', condition: 'template:self' }),
        400,
        'validation_failed',
        'condition',
      );
      const weekdays = (await admin.api('GET', '/templates'))
        .json<{ items: PolicyTemplate[] }>()
        .items.find((t) => t.identifier === 'weekdays');
      assert.ok(weekdays);
      assertApiError(
        await admin.api('PATCH', `/templates/${weekdays.id}`, { condition: 'template:office-hours' }),
        400,
        'validation_failed',
        'condition',
      );
      assertApiError(
        await admin.api('POST', '/templates', { identifier: 'ghost-set', condition: 'ipset:ghost' }),
        400,
        'validation_failed',
        'condition',
      );
      const syntax = assertApiError(
        await admin.api('POST', '/templates', {
          identifier: 'broken',
          condition: 'weekday:mon-fri and (time:09:00-18:00',
        }),
        400,
        'validation_failed',
        'condition',
      );
      assert.match(syntax.message, /\(column 21\)$/);
      assert.equal(
        (await admin.api('GET', `/templates/${weekdays.id}`)).json<PolicyTemplate>().condition,
        'weekday:mon-fri',
      );
      assert.ok(
        !(await admin.api('GET', '/templates'))
          .json<{ items: PolicyTemplate[] }>()
          .items.some((t) => ['nested', 'self', 'ghost-set', 'broken'].includes(t.identifier)),
      );
    });

    it('refuses to delete a template a group uses, and deletes it once unused', async () => {
      const template = (await admin.api('GET', '/templates'))
        .json<{ items: PolicyTemplate[] }>()
        .items.find((t) => t.identifier === 'office-hours');
      assert.ok(template);
      const refused = assertApiError(await admin.api('DELETE', `/templates/${template.id}`), 409, 'conflict');
      assert.match(refused.message, /Office hours only/);
      const weekdays = (await admin.api('GET', '/templates'))
        .json<{ items: PolicyTemplate[] }>()
        .items.find((t) => t.identifier === 'weekdays');
      assert.ok(weekdays);
      assert.equal((await admin.api('DELETE', `/templates/${weekdays.id}`)).status, 204);
      assertApiError(await admin.api('GET', `/templates/${weekdays.id}`), 404, 'not_found');
    });
  });
}
