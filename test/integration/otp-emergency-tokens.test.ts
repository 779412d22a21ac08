// SPEC §3 "OTP Emergency Tokens": five per user, masked with Copy, single use, up to 50, revocable.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TenantRow, UserRow } from '../../src/store/schema.js';
import { dialectsToTest } from '../support/databases.js';
import type { HttpClient } from '../support/http-client.js';
import { addUser, type ApiAuditEntry, type ApiUser, assertApiError, signedInClient } from '../support/scenario.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const TOKEN_FORMAT = /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/;

interface TokenList {
  items: { id: string; masked: string; createdAt: string; usedAt: string | null }[];
  unused: number;
}

for (const { dialect, skip } of await dialectsToTest()) {
  describe(`OTP emergency tokens (${dialect})`, { skip }, () => {
    let server: TestServer;
    let admin: HttpClient;
    let tenant: TenantRow;

    before(async () => {
      server = await startTestServer(dialect);
      admin = await signedInClient(server);
      const found = await server.gatehouse.services.tenants.findByDomain('example.com');
      assert.ok(found);
      tenant = found;
    });
    after(async () => server?.close());

    const rowOf = (userId: string): Promise<UserRow> => server.gatehouse.services.users.requireRow(tenant, userId);
    const verify = async (userId: string, typed: string) =>
      server.gatehouse.services.otpVerifier.verify(await rowOf(userId), typed);

    async function listTokens(userId: string): Promise<TokenList> {
      const answer = await admin.api('GET', `/users/${userId}/emergency-tokens`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<TokenList>();
    }

    async function reveal(userId: string, tokenId: string): Promise<string> {
      const answer = await admin.api('POST', `/users/${userId}/emergency-tokens/${tokenId}/reveal`);
      assert.equal(answer.status, 200, answer.text);
      return answer.json<{ token: string }>().token;
    }

    async function newUser(local: string): Promise<ApiUser> {
      return addUser(admin, { loginId: `${local}@example.com` });
    }

    it('gives a new user five unused tokens, shown masked, revealed on Copy', async () => {
      const user = await newUser('rosa.tokens');
      const list = await listTokens(user.id);
      assert.equal(list.unused, 5);
      assert.equal(list.items.length, 5);
      assert.ok(list.items.every((t) => t.usedAt === null));

      const tokens = [];
      for (const item of list.items) {
        assert.doesNotMatch(item.masked, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/, 'masked');
        const token = await reveal(user.id, item.id);
        assert.match(token, TOKEN_FORMAT);
        assert.equal(item.masked.length, token.length, 'the mask keeps the shape of the token');
        assert.ok(item.masked.startsWith(token.slice(0, 2)), 'the mask lets an admin tell tokens apart');
        tokens.push(token);
      }
      assert.equal(new Set(tokens).size, 5, 'all different');
      const listed = (await admin.api('GET', `/users/${user.id}/emergency-tokens`)).text;
      for (const token of tokens) {
        assert.ok(
          !listed.includes(token) && !listed.includes(token.replace(/-/g, '')),
          'no token in clear in the list',
        );
      }
      assert.deepEqual(await listTokens(user.id), list, 'the list is stable (no new tokens on every visit)');

      const log = (await admin.api('GET', '/audit-logs?operation=emergency-token.reveal&limit=200')).json<{
        items: ApiAuditEntry[];
      }>();
      assert.equal(log.items.filter((e) => e.targetId === user.id).length, 5, 'every reveal is logged');
      for (const token of tokens) assert.ok(!JSON.stringify(log).includes(token), 'the log shows no token in clear');
    });

    it('accepts a token once, however it is typed', async () => {
      const user = await newUser('sven.once');
      const list = await listTokens(user.id);
      const [first, second, third] = await Promise.all(list.items.slice(0, 3).map((item) => reveal(user.id, item.id)));
      assert.ok(first && second && third);

      assert.equal(await verify(user.id, first), 'emergency-token');
      assert.equal(await verify(user.id, first), null, 'used already');
      assert.equal(await verify(user.id, first.toUpperCase()), null);
      assert.equal(await verify(user.id, ` ${first.replace(/-/g, ' ')} `), null);

      const compactUpper = second.replace(/-/g, '').toUpperCase();
      assert.equal(
        await verify(user.id, ` ${compactUpper} `),
        'emergency-token',
        'case, spaces and dashes do not matter',
      );
      assert.equal(await verify(user.id, second), null);

      // Concurrent use of one token: one sign-in gets through.
      const rows = await Promise.all([rowOf(user.id), rowOf(user.id), rowOf(user.id)]);
      const results = await Promise.all(rows.map((row) => server.gatehouse.services.otpVerifier.verify(row, third)));
      assert.deepEqual(
        results.filter((r) => r !== null),
        ['emergency-token'],
      );

      const after = await listTokens(user.id);
      assert.equal(after.unused, 2);
      assert.equal(after.items.filter((t) => t.usedAt !== null).length, 3);
    });

    it('adds tokens up to 50 unused, and no more', async () => {
      const user = await newUser('tara.many');
      const [firstItem] = (await listTokens(user.id)).items;
      assert.ok(firstItem);
      assert.equal(await verify(user.id, await reveal(user.id, firstItem.id)), 'emergency-token');

      const added = await admin.api('POST', `/users/${user.id}/emergency-tokens`, { count: 45 });
      assert.equal(added.status, 200, added.text);
      const list = added.json<TokenList>();
      assert.equal(list.unused, 49);
      assert.equal(list.items.length, 50, 'the used token is still listed');

      const tooMany = assertApiError(
        await admin.api('POST', `/users/${user.id}/emergency-tokens`, { count: 2 }),
        400,
        'validation_failed',
        'count',
      );
      assert.match(tooMany.message, /50/);
      for (const count of [0, -1, 51, 1.5]) {
        assertApiError(
          await admin.api('POST', `/users/${user.id}/emergency-tokens`, { count }),
          400,
          'validation_failed',
          'count',
        );
      }
      assert.equal((await listTokens(user.id)).unused, 49);

      const oneMore = await admin.api('POST', `/users/${user.id}/emergency-tokens`, { count: 1 });
      assert.equal(oneMore.json<TokenList>().unused, 50);
      assertApiError(
        await admin.api('POST', `/users/${user.id}/emergency-tokens`, { count: 1 }),
        400,
        'validation_failed',
        'count',
      );

      const [entry] = (await admin.api('GET', '/audit-logs?operation=emergency-token.add&limit=200'))
        .json<{ items: ApiAuditEntry[] }>()
        .items.filter((e) => e.targetId === user.id);
      assert.deepEqual(entry?.after, { added: 1, unused: 50 });
    });

    it('keeps the limit of 50 when admins add tokens at the same moment', async () => {
      const admins = [admin, await signedInClient(server), await signedInClient(server)];
      for (let round = 0; round < 4; round++) {
        const user = await newUser(`toni.race${round}`);
        assert.equal((await listTokens(user.id)).unused, 5);
        const answers = await Promise.all(
          admins.map((client) => client.api('POST', `/users/${user.id}/emergency-tokens`, { count: 20 })),
        );
        assert.deepEqual(
          answers.map((a) => a.status).sort(),
          [200, 200, 400],
          `round ${round}: ${answers.map((a) => a.text.slice(0, 120)).join(' | ')}`,
        );
        assert.equal((await listTokens(user.id)).unused, 45);
      }
    });

    it('revokes a token, which then no longer works', async () => {
      const user = await newUser('uwe.revoke');
      const [revoked, kept] = (await listTokens(user.id)).items;
      assert.ok(revoked && kept);
      const revokedToken = await reveal(user.id, revoked.id);

      const answer = await admin.api('DELETE', `/users/${user.id}/emergency-tokens/${revoked.id}`);
      assert.equal(answer.status, 204, answer.text);
      assert.equal(await verify(user.id, revokedToken), null);
      const list = await listTokens(user.id);
      assert.equal(list.unused, 4);
      assert.ok(!list.items.some((t) => t.id === revoked.id));
      assertApiError(await admin.api('DELETE', `/users/${user.id}/emergency-tokens/${revoked.id}`), 404, 'not_found');
      assertApiError(
        await admin.api('POST', `/users/${user.id}/emergency-tokens/${revoked.id}/reveal`),
        404,
        'not_found',
      );
      const [entry] = (await admin.api('GET', '/audit-logs?operation=emergency-token.revoke&limit=200'))
        .json<{ items: ApiAuditEntry[] }>()
        .items.filter((e) => e.targetId === user.id);
      assert.ok(entry, 'the revocation is logged');
      assert.ok(!JSON.stringify(entry).includes(revokedToken));

      assert.equal(
        await verify(user.id, await reveal(user.id, kept.id)),
        'emergency-token',
        'the other tokens still work',
      );
    });

    it("does not accept one user's token for another, nor reach another user's token by id", async () => {
      const alice = await newUser('vera.owner');
      const bob = await newUser('walt.other');
      const [aliceItem] = (await listTokens(alice.id)).items;
      assert.ok(aliceItem);
      const aliceToken = await reveal(alice.id, aliceItem.id);

      assert.equal(await verify(bob.id, aliceToken), null);
      assertApiError(
        await admin.api('POST', `/users/${bob.id}/emergency-tokens/${aliceItem.id}/reveal`),
        404,
        'not_found',
      );
      assertApiError(await admin.api('DELETE', `/users/${bob.id}/emergency-tokens/${aliceItem.id}`), 404, 'not_found');
      assert.equal((await listTokens(alice.id)).unused, 5);
      assert.equal(await verify(alice.id, aliceToken), 'emergency-token', 'still good for its owner');
    });

    it('stores tokens sealed, never in clear', async () => {
      const user = await newUser('xena.sealed');
      const list = await listTokens(user.id);
      const tokens = await Promise.all(list.items.map((item) => reveal(user.id, item.id)));
      const rows = await server.gatehouse.store.db
        .selectFrom('emergency_tokens')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute();
      assert.equal(rows.length, 5);
      const stored = JSON.stringify(rows).toLowerCase();
      for (const token of tokens) {
        assert.ok(
          !stored.includes(token) && !stored.includes(token.replace(/-/g, '')),
          `token ${token.slice(0, 2)}… is in the database in clear`,
        );
        assert.ok(
          !stored.includes(Buffer.from(token).toString('base64').slice(0, 12).toLowerCase()),
          'nor merely base64-encoded',
        );
      }
      for (const row of rows) assert.ok(row.sealed.length > 20);
    });

    it('rejects things that are not tokens or codes', async () => {
      const user = await newUser('yuki.noise');
      await listTokens(user.id);
      for (const typed of ['', '   ', 'abcd-efgh-i', 'abcd-efgh-ijk', 'abcd-efgh-i0', '12345', "' or 1=1 --"]) {
        assert.equal(await verify(user.id, typed), null, JSON.stringify(typed));
      }
      assert.equal((await listTokens(user.id)).unused, 5);
    });
  });
}
