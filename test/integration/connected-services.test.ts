// SPEC §6 / issue 9 items 1–3: Connected Services through the admin API on both databases: add, read, edit,
// disable, delete (naming the groups), every validation error with nothing half-written, presets, the Admin
// Operation Logs with before/after values, and who may do what.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  ConnectedService,
  ConnectedServiceChanges,
  DeletedService,
  IdentityProvider,
  SamlPresetList,
} from '../../src/contract/admin-api/index.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import {
  addGroup,
  addUser,
  type ApiAuditEntry,
  assertApiError,
  GOOD_PASSWORD,
  signedInClient,
} from '../support/scenario.js';
import { SP_SIGNING_PEM } from '../support/sp-metadata.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** A SAML service as an API client adds one: what it leaves out keeps its default. */
function samlService(name: string, entityId: string, extra: ConnectedServiceChanges = {}): ConnectedServiceChanges {
  return {
    type: 'saml',
    name,
    ...extra,
    saml: {
      entityId,
      acsUrls: [{ url: `${entityId}/acs`, binding: 'HTTP-POST', index: 0, isDefault: true }],
      ...extra.saml,
    },
  };
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`Connected Services (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let auditor: HttpClient;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      await addUser(admin, { loginId: 'auditor@example.com', role: 'read-only-admin' });
      auditor = await signedInClient(server, 'auditor@example.com', GOOD_PASSWORD);
    });
    after(async () => server?.close());

    async function add(body: ConnectedServiceChanges, by = admin): Promise<ConnectedService> {
      const answer = await by.api('POST', '/connected-services', body);
      assert.equal(answer.status, 201, answer.text);
      return answer.json<ConnectedService>();
    }

    async function list(by = admin): Promise<ConnectedService[]> {
      const answer = await by.api('GET', '/connected-services');
      assert.equal(answer.status, 200, answer.text);
      return answer.json<{ items: ConnectedService[] }>().items;
    }

    async function auditEntries(operation: string): Promise<ApiAuditEntry[]> {
      const answer = await admin.api('GET', `/audit-logs?operation=${operation}`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<{ items: ApiAuditEntry[] }>().items;
    }

    it('adds a SAML service, lists it with its type and status, and reads it back whole', async () => {
      const created = await add(
        samlService('Wiki', 'https://wiki.example.net', {
          saml: {
            entityId: 'https://wiki.example.net',
            acsUrls: [
              { url: 'https://wiki.example.net/acs', binding: 'HTTP-POST', index: 0, isDefault: false },
              { url: 'https://wiki.example.net/acs2', binding: 'HTTP-POST', index: 1, isDefault: true },
            ],
            nameIdFormat: 'persistent',
            nameIdSource: 'pairwiseId',
            signingCertificate: SP_SIGNING_PEM,
            requireSignedRequests: true,
            attributes: [{ name: 'mail', nameFormat: 'basic', source: 'email', value: '' }],
          },
        }),
      );
      assert.equal(created.type, 'saml');
      assert.equal(created.status, 'enabled', 'a new service is enabled');
      assert.equal(created.preset, null);
      assert.deepEqual([created.allowAccess, created.requireOtp], ['always', 'group']);
      assert.equal(created.usersAllowed, 0);
      assert.match(created.certificates.signing?.subject ?? '', /CN=sp-signing\.sp\.example/);
      assert.equal(created.certificates.encryption, null);
      assert.equal(created.saml?.signing, 'both', 'what the body leaves out keeps its default');
      const fetched = (await admin.api('GET', `/connected-services/${created.id}`)).json<ConnectedService>();
      assert.deepEqual(fetched, created);
      assert.deepEqual(
        (await list()).map((service) => [service.name, service.type, service.status, service.usersAllowed]),
        [['Wiki', 'saml', 'enabled', 0]],
      );
      const [entry] = await auditEntries('connected-service.create');
      assert.equal(entry?.targetLabel, 'Wiki');
      assert.equal(entry?.after?.['saml.entityId'], 'https://wiki.example.net');
      assert.match(
        String(entry?.after?.['saml.signingCertificate']),
        /CN=sp-signing\.sp\.example \(SHA-256 [0-9A-F:]+\)/,
      );
    });

    it('refuses each invalid service with a precise message, and stores nothing', async () => {
      await add(samlService('Taken', 'https://taken.example.net'));
      const ipSet = await admin.api('POST', '/ip-sets', { identifier: 'office', entries: ['192.0.2.0/24'] });
      assert.equal(ipSet.status, 201);
      const before = await list();
      const auditBefore = (await auditEntries('connected-service.create')).length;
      const cases: [ConnectedServiceChanges | Record<string, unknown>, number, string, RegExp][] = [
        [
          { ...samlService('No type', 'https://a.example'), type: undefined },
          400,
          'type',
          /^Type must be one of saml, oidc\.$/,
        ],
        [
          { ...samlService('OIDC', 'https://a.example'), type: 'oidc' },
          400,
          'saml',
          /^An OpenID Connect client has no saml settings\.$/,
        ],
        [samlService(' ', 'https://a.example'), 400, 'name', /^Service name is required\.$/],
        [samlService('x'.repeat(257), 'https://a.example'), 400, 'name', /at most 256 characters/],
        [samlService('TAKEN', 'https://a.example'), 409, 'name', /^Another connected service already has this name\.$/],
        [
          samlService('Other', 'https://taken.example.net'),
          409,
          'saml.entityId',
          /^The connected service "Taken" already has this SP Entity ID\.$/,
        ],
        [
          samlService('Bad', 'https://a.example', { status: 'paused' as 'enabled' }),
          400,
          'status',
          /^Status must be one of enabled, disabled\.$/,
        ],
        [
          samlService('Bad', 'https://a.example', { preset: 'myspace' as 'slack' }),
          400,
          'preset',
          /^Preset must be one of google-workspace/,
        ],
        [
          samlService('Bad', 'https://a.example', { allowAccess: 'conditions', allowCondition: 'ip4:1.2.3.4 and' }),
          400,
          'allowCondition',
          /^Conditions to Allow Access: .*\(column \d+\)$/,
        ],
        [
          samlService('Bad', 'https://a.example', { allowAccess: 'conditions', allowCondition: 'ipset:nowhere' }),
          400,
          'allowCondition',
          /there is no IP Set "nowhere" \(column 1\)/,
        ],
        [
          samlService('Bad', 'https://a.example', { requireOtp: 'conditions', requireOtpCondition: '' }),
          400,
          'requireOtpCondition',
          /^Require OTP: the condition is empty \(column 1\)$/,
        ],
        [
          samlService('Bad', 'https://a.example', { requireOtp: 'sometimes' as 'always' }),
          400,
          'requireOtp',
          /^Require OTP must be one of group, always, conditions\.$/,
        ],
        [
          { ...samlService('Bad', 'https://a.example'), colour: 'blue' },
          400,
          'colour',
          /^Field "colour" is not a known field\.$/,
        ],
        [
          samlService('Bad', 'https://a.example', {
            saml: { acsUrls: [{ url: 'http://a.example/acs', binding: 'HTTP-POST', index: 0, isDefault: true }] },
          }),
          400,
          'saml.acsUrls',
          /^ACS URL 1 must use https/,
        ],
        [
          samlService('Bad', 'https://a.example', { saml: { encryptAssertion: true } }),
          400,
          'saml.encryptionCertificate',
          /encrypting assertions needs/,
        ],
        [
          samlService('Bad', 'https://a.example', { saml: { signingCertificate: 'garbage!' } }),
          400,
          'saml.signingCertificate',
          /is not a PEM certificate/,
        ],
        [{ type: 'saml', name: 'No SAML' }, 400, 'saml.entityId', /^SP Entity ID is required\.$/],
        [
          { ...samlService('Bad', 'https://a.example'), saml: 'yes' },
          400,
          'saml',
          /^SAML settings must be an object\.$/,
        ],
      ];
      for (const [body, status, field, message] of cases) {
        const answer = await admin.api('POST', '/connected-services', body);
        const error = assertApiError(answer, status, status === 409 ? 'conflict' : 'validation_failed', field);
        assert.match(error.message, message, JSON.stringify(body).slice(0, 200));
      }
      const malformed = await admin.request('POST', '/api/admin/example.com/v1/connected-services', {
        body: '{"type":',
        headers: { 'content-type': 'application/json', 'x-csrf-token': await csrfOf(admin) },
      });
      assertApiError(malformed, 400, 'malformed_json');
      assert.deepEqual(await list(), before, 'nothing was stored');
      assert.equal((await auditEntries('connected-service.create')).length, auditBefore, 'nothing was logged');
    });

    it('edits a service, and disables and enables it, each logged with before and after values', async () => {
      const service = await add(samlService('Chat', 'https://chat.example.net'));
      const edited = await admin.api('PATCH', `/connected-services/${service.id}`, {
        name: 'Team Chat',
        allowAccess: 'conditions',
        allowCondition: 'ipset:office',
        saml: { nameIdFormat: 'unspecified', sloUrl: 'https://chat.example.net/slo' },
      });
      assert.equal(edited.status, 200, edited.text);
      const changed = edited.json<ConnectedService>();
      assert.deepEqual(
        [
          changed.name,
          changed.allowCondition,
          changed.saml?.nameIdFormat,
          changed.saml?.sloUrl,
          changed.saml?.entityId,
        ],
        ['Team Chat', 'ipset:office', 'unspecified', 'https://chat.example.net/slo', 'https://chat.example.net'],
        'fields left out keep their values',
      );
      const [update] = await auditEntries('connected-service.update');
      assert.deepEqual(update?.before, {
        name: 'Chat',
        allowAccess: 'always',
        allowCondition: '',
        'saml.nameIdFormat': 'emailAddress',
        'saml.sloUrl': '',
      });
      assert.deepEqual(update?.after, {
        name: 'Team Chat',
        allowAccess: 'conditions',
        allowCondition: 'ipset:office',
        'saml.nameIdFormat': 'unspecified',
        'saml.sloUrl': 'https://chat.example.net/slo',
      });

      const disabled = await admin.api('PATCH', `/connected-services/${service.id}`, { status: 'disabled' });
      assert.equal(disabled.json<ConnectedService>().status, 'disabled');
      assert.deepEqual((await list()).find((s) => s.id === service.id)?.status, 'disabled');
      const [disable] = await auditEntries('connected-service.disable');
      assert.deepEqual(
        [disable?.targetLabel, disable?.before, disable?.after],
        ['Team Chat', { status: 'enabled' }, { status: 'disabled' }],
      );
      await admin.api('PATCH', `/connected-services/${service.id}`, { status: 'enabled' });
      assert.deepEqual((await auditEntries('connected-service.enable'))[0]?.after, { status: 'enabled' });

      const retype = await admin.api('PATCH', `/connected-services/${service.id}`, { type: 'oidc' });
      assertApiError(retype, 400, 'validation_failed', 'type');
      const bad = await admin.api('PATCH', `/connected-services/${service.id}`, {
        name: 'Renamed',
        saml: { acsUrls: [] },
      });
      assertApiError(bad, 400, 'validation_failed', 'saml.acsUrls');
      assert.equal(
        (await admin.api('GET', `/connected-services/${service.id}`)).json<ConnectedService>().name,
        'Team Chat',
        'a refused change writes nothing, not even its valid fields',
      );
      const used = await admin.api(
        'DELETE',
        `/ip-sets/${(await admin.api('GET', '/ip-sets')).json<{ items: { id: string }[] }>().items[0]?.id}`,
      );
      assert.match(assertApiError(used, 409, 'conflict').message, /connected service "Team Chat"/);
      assertApiError(await admin.api('PATCH', '/connected-services/no-such-id', { name: 'x' }), 404, 'not_found');
    });

    it("keeps a group's allowed services, counts their users, and deletes a service from every group that allowed it", async () => {
      const mail = await add(samlService('Mail', 'https://mail.example.net'));
      const drive = await add(samlService('Drive', 'https://drive.example.net'));
      const sales = await addGroup(admin, { displayName: 'Sales', allowedServices: [mail.id, drive.id] });
      assert.deepEqual(new Set(sales.allowedServices), new Set([mail.id, drive.id]));
      const support = await addGroup(admin, { displayName: 'Support' });
      const edited = await admin.api('PATCH', `/groups/${support.id}`, { allowedServices: [mail.id] });
      assert.deepEqual(edited.json<{ allowedServices: string[] }>().allowedServices, [mail.id]);
      const [groupUpdate] = await auditEntries('group.update');
      assert.deepEqual(
        [groupUpdate?.before, groupUpdate?.after],
        [{ allowedServices: [] }, { allowedServices: [mail.id] }],
      );
      for (const [loginId, groupId] of [
        ['s1@example.com', sales.id],
        ['s2@example.com', sales.id],
        ['h1@example.com', support.id],
      ] as const)
        await addUser(admin, { loginId, groupId });
      const copy = await admin.api('POST', `/groups/${sales.id}/copy`, { displayName: 'Sales copy' });
      assert.deepEqual(
        new Set(copy.json<{ allowedServices: string[] }>().allowedServices),
        new Set([mail.id, drive.id]),
      );

      const byName = new Map((await list()).map((service) => [service.name, service]));
      assert.equal(byName.get('Mail')?.usersAllowed, 3, 'two in Sales, one in Support, none in the copy');
      assert.equal(byName.get('Drive')?.usersAllowed, 2);
      assert.deepEqual(
        byName.get('Mail')?.allowedByGroups.map((group) => group.displayName),
        ['Sales', 'Sales copy', 'Support'],
      );

      assertApiError(
        await admin.api('PATCH', `/groups/${support.id}`, { allowedServices: ['no-such-service'] }),
        400,
        'validation_failed',
        'allowedServices',
      );
      assert.deepEqual(
        (await admin.api('GET', `/groups/${support.id}`)).json<{ allowedServices: string[] }>().allowedServices,
        [mail.id],
      );

      const deleted = await admin.api('DELETE', `/connected-services/${mail.id}`);
      assert.equal(deleted.status, 200, deleted.text);
      assert.deepEqual(deleted.json<DeletedService>().removedFromGroups, ['Sales', 'Sales copy', 'Support']);
      assertApiError(await admin.api('GET', `/connected-services/${mail.id}`), 404, 'not_found');
      assert.deepEqual(
        (await admin.api('GET', `/groups/${sales.id}`)).json<{ allowedServices: string[] }>().allowedServices,
        [drive.id],
      );
      assert.deepEqual(
        (await admin.api('GET', `/groups/${support.id}`)).json<{ allowedServices: string[] }>().allowedServices,
        [],
      );
      const [entry] = await auditEntries('connected-service.delete');
      assert.equal(entry?.targetLabel, 'Mail');
      assert.deepEqual(entry?.before?.allowedByGroups, ['Sales', 'Sales copy', 'Support']);
      assert.equal(entry?.before?.['saml.entityId'], 'https://mail.example.net');
      assertApiError(await admin.api('DELETE', `/connected-services/${mail.id}`), 404, 'not_found');
      const afterDelete = await admin.api('PATCH', `/groups/${support.id}`, { allowedServices: [mail.id] });
      assert.match(
        assertApiError(afterDelete, 400, 'validation_failed', 'allowedServices').message,
        /no connected service/,
      );
    });

    it('offers the presets, and a service made from one keeps its key', async () => {
      const answer = await auditor.api('GET', '/connected-services/presets');
      assert.equal(answer.status, 200, answer.text);
      const { items: presets, blank } = answer.json<SamlPresetList>();
      assert.equal(presets.length, 8);
      assert.deepEqual(
        [blank.allowAccess, blank.requireOtp, blank.saml.entityId, blank.saml.signing, blank.saml.nameIdFormat],
        ['always', 'group', '', 'both', 'emailAddress'],
        'a service without a preset starts so',
      );
      const slack = presets.find((preset) => preset.key === 'slack');
      assert.ok(slack);
      assert.deepEqual(
        slack.placeholders.map((p) => p.key),
        ['workspace'],
      );
      const saml = {
        ...slack.saml,
        acsUrls: slack.saml.acsUrls.map((acs) => ({ ...acs, url: acs.url.replace('{workspace}', 'acme') })),
      };
      const created = await add({ type: 'saml', name: 'Slack', preset: 'slack', saml });
      assert.deepEqual(
        [created.preset, created.saml?.entityId, created.saml?.acsUrls[0]?.url, created.saml?.nameIdSource],
        ['slack', 'https://slack.com', 'https://acme.slack.com/sso/saml', 'pairwiseId'],
      );
      const unfilled = await admin.api('POST', '/connected-services', {
        type: 'saml',
        name: 'Slack 2',
        preset: 'slack',
        saml: slack.saml,
      });
      assert.match(
        assertApiError(unfilled, 400, 'validation_failed', 'saml.acsUrls').message,
        /^ACS URL 1 still contains the placeholder \{workspace\}: replace it with your own value\.$/,
      );
    });

    it("names Gatehouse's own SAML endpoints and OpenID Connect issuer for the service's page", async () => {
      const answer = await auditor.api('GET', '/connected-services/identity-provider');
      assert.equal(answer.status, 200, answer.text);
      const idp = answer.json<IdentityProvider>();
      assert.deepEqual(idp, {
        entityId: `${server.baseUrl}/saml/example.com/metadata`,
        metadataUrl: `${server.baseUrl}/saml/example.com/metadata`,
        certificateUrl: `${server.baseUrl}/saml/example.com/certificate`,
        ssoUrl: `${server.baseUrl}/saml/example.com/sso`,
        sloUrl: `${server.baseUrl}/saml/example.com/slo`,
        oidcIssuer: `${server.baseUrl}/oidc/example.com`,
        oidcDiscoveryUrl: `${server.baseUrl}/oidc/example.com/.well-known/openid-configuration`,
      });
    });

    it('lets a Read-Only Admin read services but change none', async () => {
      const [service] = await list(auditor);
      assert.ok(service);
      assert.equal((await auditor.api('GET', `/connected-services/${service.id}`)).status, 200);
      for (const [method, path, body] of [
        ['POST', '/connected-services', samlService('Sneaky', 'https://sneaky.example')],
        ['PATCH', `/connected-services/${service.id}`, { status: 'disabled' }],
        ['DELETE', `/connected-services/${service.id}`, undefined],
        ['POST', '/connected-services/import-saml-metadata', { xml: '<x/>' }],
      ] as const)
        assertApiError(await auditor.api(method, path, body), 403, 'forbidden');
      assert.equal(
        (await admin.api('GET', `/connected-services/${service.id}`)).json<ConnectedService>().status,
        service.status,
      );
    });

    describe('tenant isolation', () => {
      let other: HttpClient;
      let ours: ConnectedService;

      before(async () => {
        await server.gatehouse.services.tenants.createTenant('other.example', 'Other-Admin-Pass-1');
        other = await signedInClient(server, 'admin@other.example', 'Other-Admin-Pass-1', { domain: 'other.example' });
        ours = await add(samlService('Ours', 'https://ours.example.net'));
      });

      it("does not show or let another tenant's admin touch a service", async () => {
        assert.deepEqual(await list(other), []);
        assertApiError(await other.api('GET', `/connected-services/${ours.id}`), 404, 'not_found');
        assertApiError(await other.api('PATCH', `/connected-services/${ours.id}`, { name: 'Mine' }), 404, 'not_found');
        assertApiError(await other.api('DELETE', `/connected-services/${ours.id}`), 404, 'not_found');
        const theirGroup = await addGroup(other, { displayName: 'Theirs' });
        assertApiError(
          await other.api('PATCH', `/groups/${theirGroup.id}`, { allowedServices: [ours.id] }),
          400,
          'validation_failed',
          'allowedServices',
        );
        assertApiError(
          await admin.request('GET', `/api/admin/other.example/v1/connected-services`),
          401,
          'not_signed_in',
        );
        assert.equal((await admin.api('GET', `/connected-services/${ours.id}`)).json<ConnectedService>().name, 'Ours');
      });

      it('keeps names and entity IDs unique per tenant only', async () => {
        const theirs = await add(samlService('Ours', 'https://ours.example.net'), other);
        assert.equal(theirs.name, 'Ours');
        assert.equal((await list()).filter((service) => service.name === 'Ours').length, 1);
      });
    });
  });
}

async function csrfOf(client: HttpClient): Promise<string> {
  return (await client.request('GET', `/api/admin/${client.domain}/v1/me`)).json<{ csrfToken: string }>().csrfToken;
}
