import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import { deflateRawSync } from 'node:zlib';
import { timeStepAt, totpCode } from '../../src/core/otp/totp.js';
import { SESSION_COOKIE } from '../../src/http/plugins/cookies.js';
import type { Gatehouse } from '../../src/main.js';
import { commandLineActor } from '../../src/services/actor.js';
import { HttpClient } from '../../test/support/http-client.js';
import { ADMIN_LOGIN, ADMIN_PASSWORD, DOMAIN } from './bench-server.js';
import { csrfFieldOf, type LeanAnswer, LeanBrowser } from './lean-browser.js';
import { type OtpUser, seedOtpUsers } from './otp-users.js';

const PASSWORD = 'Bench-User-Password-1';
const SP_ENTITY = 'https://bench-sp.example.net/saml';
const SP_ACS = 'https://bench-sp.example.net/saml/acs';
const REDIRECT_URI = 'https://bench-rp.example.net/callback';
const LOGIN = `/portal/${DOMAIN}/login`;

/** What the mixed load needs in the database: TOTP users, an SSO user, a SAML service and an OIDC client. */
export interface MixedLoadData {
  otpUsers: OtpUser[];
  ssoLoginId: string;
  oidcClientId: string;
  oidcClientSecret: string;
}

/** Env for nodes under the mixed load: every request comes from 127.0.0.1, so the per-address SSO limit is lifted. */
export const MIXED_LOAD_ENV = { SSO_IP_MAX_PER_MINUTE: '1000000', OIDC_FAILURES_IP_MAX_PER_MINUTE: '1000000' };

/** Prepares the database (runs in the in-process Gatehouse of startNodeDeployment, with production argon2). */
export async function prepareMixedLoad(gatehouse: Gatehouse, otpUserCount: number): Promise<MixedLoadData> {
  const tenant = await gatehouse.services.tenants.findByDomain(DOMAIN);
  if (!tenant) throw new Error(`no tenant ${DOMAIN}`);
  const actor = commandLineActor();
  const otpGroup = await gatehouse.services.groups.create(tenant, actor, {
    displayName: 'Bench OTP always',
    skipOtp: 'always-require',
  });
  const hash = await gatehouse.services.hasher.hash(PASSWORD);
  if (gatehouse.services.hasher.needsRehash(hash)) throw new Error('the seeded hash would be rehashed at each sign-in');
  const otpUsers = await seedOtpUsers(gatehouse, tenant, {
    count: otpUserCount,
    passwordHash: hash,
    groupId: otpGroup.id,
    now: Date.now(),
    seed: 17,
  });
  const saml = await gatehouse.services.connectedServices.create(tenant, actor, {
    type: 'saml',
    name: 'Bench SP',
    saml: { entityId: SP_ENTITY, acsUrls: [{ url: SP_ACS, binding: 'HTTP-POST', index: 0, isDefault: true }] },
  });
  const oidc = await gatehouse.services.connectedServices.create(tenant, actor, {
    type: 'oidc',
    name: 'Bench RP',
    oidc: { redirectUris: [REDIRECT_URI], scopes: ['openid', 'profile', 'email'] },
  });
  if (!oidc.clientId || !oidc.clientSecret) throw new Error('the bench client has no client ID or secret');
  const ssoGroup = await gatehouse.services.groups.create(tenant, actor, {
    displayName: 'Bench SSO',
    allowedServices: [saml.id, oidc.id],
  });
  const sso = await gatehouse.services.users.create(tenant, actor, {
    loginId: 'bench-sso@example.com',
    password: PASSWORD,
    groupId: ssoGroup.id,
  });
  return { otpUsers, ssoLoginId: sso.user.loginId, oidcClientId: oidc.clientId, oidcClientSecret: oidc.clientSecret };
}

/** An answer that is not the expected one: counted as an error by the soak. */
export class UnexpectedAnswer extends Error {}

function expect(what: string, answer: { status: number; body?: string; text?: string }, ok: boolean): void {
  if (!ok)
    throw new UnexpectedAnswer(
      `${what} answered HTTP ${answer.status}: ${(answer.body ?? answer.text ?? '').replace(/\s+/g, ' ').slice(0, 160)}`,
    );
}

const HTML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
function refreshTargetOf(page: string): string | undefined {
  const content = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(page)?.[1];
  return content?.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => HTML_ENTITIES[entity] ?? entity);
}

/**
 * The operations of a mixed load against one base URL (a node or a balancer), each one complete exchange that
 * throws UnexpectedAnswer on any status but the expected one:
 * - `signInWithTotp`: password POST → OTP page → code POST → session (a fresh code: users take turns by 30-s step);
 * - `userList`, `logs`: admin reads (User List with a search, Access Logs, Audit Logs);
 * - `createUser`, `updateUser`: admin writes through the admin API (a new user with a password: one argon2 hash);
 * - `samlSignOn`, `oidcSignOn`: SSO of a signed-in user (AuthnRequest → signed Response page; authorization →
 *   code → token exchange with PKCE and client_secret_basic).
 */
export class MixedLoad {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  private readonly url: URL;
  private readonly users: (OtpUser & { lastStep: number })[];
  private nextUser = 0;
  private created = 0;
  private readonly createdIds: string[] = [];
  private readonly signInBrowsers: { browser: LeanBrowser; token: string }[] = [];
  private ssoBrowser!: LeanBrowser;
  private admin!: HttpClient;
  private samlCounter = 0;

  private constructor(
    baseUrl: string,
    private readonly data: MixedLoadData,
  ) {
    this.url = new URL(baseUrl);
    this.users = data.otpUsers.map((user) => ({ ...user, lastStep: Number.NEGATIVE_INFINITY }));
  }

  static async connect(baseUrl: string, data: MixedLoadData): Promise<MixedLoad> {
    const load = new MixedLoad(baseUrl, data);
    load.admin = new HttpClient(baseUrl, DOMAIN);
    const adminLogin = await load.admin.login(ADMIN_LOGIN, ADMIN_PASSWORD);
    expect('the admin sign-in', adminLogin, adminLogin.status === 303);
    load.ssoBrowser = new LeanBrowser(load.agent, load.url);
    const form = await load.ssoBrowser.get(LOGIN);
    const signedIn = await load.ssoBrowser.post(LOGIN, {
      _csrf: csrfFieldOf(form.body) ?? '',
      loginId: data.ssoLoginId,
      password: PASSWORD,
    });
    expect('the SSO user sign-in', signedIn, signedIn.status === 303);
    return load;
  }

  /** A browser that loaded the login form once, taken for one sign-in at a time. */
  private async signInBrowser() {
    const idle = this.signInBrowsers.pop();
    if (idle) return idle;
    const browser = new LeanBrowser(this.agent, this.url);
    const page = await browser.get(LOGIN);
    const token = csrfFieldOf(page.body);
    expect('the login form', page, page.status === 200 && token !== undefined);
    return { browser, token: token! };
  }

  async signInWithTotp(): Promise<void> {
    const now = Date.now();
    const step = timeStepAt(now);
    const user = this.takeUser(step);
    if (!user) throw new Error(`all ${this.users.length} TOTP users signed in during this 30-s step`);
    const entry = await this.signInBrowser();
    const { browser } = entry;
    const first = await browser.post(LOGIN, { _csrf: entry.token, loginId: user.loginId, password: PASSWORD });
    expect('the password POST', first, first.status === 303 && first.location === `${LOGIN}/otp`);
    const page = await browser.get(`${LOGIN}/otp`);
    const token = csrfFieldOf(page.body);
    expect('the OTP page', page, page.status === 200 && token !== undefined);
    const code = await browser.post(`${LOGIN}/otp`, { _csrf: token!, code: totpCode(user.secret, now) });
    expect('the code POST', code, code.status === 303 && code.setCookies.includes(SESSION_COOKIE));
    // Signed in; the next sign-in of this browser starts from scratch again.
    browser.cookies.delete(SESSION_COOKIE);
    this.signInBrowsers.push(entry);
  }

  private takeUser(step: number) {
    for (let tried = 0; tried < this.users.length; tried++) {
      const user = this.users[this.nextUser++ % this.users.length]!;
      if (user.lastStep < step) {
        user.lastStep = step;
        return user;
      }
    }
    return undefined;
  }

  async userList(): Promise<void> {
    const list = await this.admin.api('GET', '/users?limit=50');
    expect('GET /users', list, list.status === 200);
    const search = await this.admin.api('GET', `/users?q=${['user', 'soak', 'a', 'bench'][this.created % 4]}&limit=50`);
    expect('GET /users?q=', search, search.status === 200);
  }

  async logs(): Promise<void> {
    const access = await this.admin.api('GET', '/access-logs?limit=50');
    expect('GET /access-logs', access, access.status === 200);
    const audit = await this.admin.api('GET', '/audit-logs?limit=50');
    expect('GET /audit-logs', audit, audit.status === 200);
  }

  async createUser(): Promise<void> {
    const n = this.created++;
    const answer = await this.admin.api('POST', '/users', {
      loginId: `soak-${process.pid}-${n}@example.com`,
      displayName: `Soak user ${n}`,
      password: `Soak-Password-${n}-x`,
    });
    expect('POST /users', answer, answer.status === 201);
    this.createdIds.push(answer.json<{ id: string }>().id);
  }

  async updateUser(): Promise<void> {
    const id = this.createdIds[Math.floor(Math.random() * this.createdIds.length)];
    if (!id) return this.createUser();
    const answer = await this.admin.api('PATCH', `/users/${id}`, {
      displayName: `Soak ${randomBytes(4).toString('hex')}`,
    });
    expect('PATCH /users/:id', answer, answer.status === 200);
  }

  async samlSignOn(): Promise<void> {
    const xml =
      '<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"' +
      ` ID="_soak${process.pid}x${this.samlCounter++}" Version="2.0" IssueInstant="${new Date().toISOString()}"` +
      ` AssertionConsumerServiceURL="${SP_ACS}"><saml:Issuer>${SP_ENTITY}</saml:Issuer></samlp:AuthnRequest>`;
    const query = new URLSearchParams({
      SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64'),
      RelayState: 'r',
    });
    const received = await this.ssoBrowser.get(`/saml/${DOMAIN}/sso?${query}`);
    expect('the SAML SSO endpoint', received, received.status === 303 && received.location !== undefined);
    const answer = await this.ssoBrowser.get(received.location!);
    expect('the SAML request page', answer, answer.status === 200 && answer.body.includes('name="SAMLResponse"'));
  }

  async oidcSignOn(): Promise<void> {
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(12).toString('base64url');
    let path = `/oidc/${DOMAIN}/auth?${new URLSearchParams({
      client_id: this.data.oidcClientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: REDIRECT_URI,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state,
      nonce: randomBytes(12).toString('base64url'),
    })}`;
    let code: string | undefined;
    for (let hops = 0; hops < 8 && !code; hops++) {
      const answer: LeanAnswer = await this.ssoBrowser.get(path);
      const target = [302, 303].includes(answer.status) ? answer.location : refreshTargetOf(answer.body);
      expect(`GET ${path.split('?')[0]}`, answer, target !== undefined);
      const next = new URL(target!, this.url);
      if (next.origin === this.url.origin) path = next.pathname + next.search;
      else {
        code = next.searchParams.get('code') ?? undefined;
        expect('the authorization', answer, target!.startsWith(`${REDIRECT_URI}?`) && code !== undefined);
      }
    }
    if (!code) throw new UnexpectedAnswer('the authorization did not reach the redirect URI in 8 steps');
    const basic = `Basic ${Buffer.from(
      `${encodeURIComponent(this.data.oidcClientId)}:${encodeURIComponent(this.data.oidcClientSecret)}`,
    ).toString('base64')}`;
    const tokens = await this.ssoBrowser.post(
      `/oidc/${DOMAIN}/token`,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
      { authorization: basic },
    );
    expect('the token endpoint', tokens, tokens.status === 200 && tokens.body.includes('id_token'));
  }

  close(): void {
    this.agent.destroy();
  }
}
