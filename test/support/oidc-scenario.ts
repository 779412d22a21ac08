import assert from 'node:assert/strict';
import * as oidc from 'openid-client';
import type { ConnectedServiceChanges, CreatedConnectedService } from '../../src/contract/admin-api/index.js';
import type { HttpAnswer, HttpClient } from './http-client.js';
import type { TestServer } from './test-server.js';

export const DOMAIN = 'example.com';

/** The tenant's issuer on a test server (no GATEHOUSE_PUBLIC_URL: the request's origin). */
export const issuerOf = (server: TestServer) => `${server.baseUrl}/oidc/${DOMAIN}`;

/** Adds an OpenID Connect client through the admin API; what `extra` leaves out keeps its default. */
export async function addOidcClient(
  admin: HttpClient,
  name: string,
  extra: ConnectedServiceChanges = {},
): Promise<CreatedConnectedService> {
  const answer = await admin.api('POST', '/connected-services', {
    type: 'oidc',
    name,
    ...extra,
    oidc: { redirectUris: [redirectUriOf(name)], ...extra.oidc },
  });
  assert.equal(answer.status, 201, answer.text);
  return answer.json<CreatedConnectedService>();
}

/** Where the test relying party named `name` takes its answers; nothing listens there, the browser stops at it. */
export const redirectUriOf = (name: string) =>
  `https://${name.toLowerCase().replace(/\W+/g, '-')}.example.net/callback`;

/**
 * An independent relying party (panva's openid-client, certified) configured from Gatehouse's discovery document,
 * as a confidential client (client_secret_basic) or a public one (no secret, PKCE).
 */
export async function relyingParty(
  server: TestServer,
  client: { clientId: string | null; clientSecret?: string },
): Promise<oidc.Configuration> {
  assert.ok(client.clientId, 'the service is an OpenID Connect client');
  return oidc.discovery(
    new URL(issuerOf(server)),
    client.clientId,
    undefined,
    client.clientSecret ? oidc.ClientSecretBasic(client.clientSecret) : oidc.None(),
    { execute: [oidc.allowInsecureRequests] },
  );
}

export interface AuthorizationRequest {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

/** An authorization request with PKCE (S256), state and nonce, as a relying party sends the browser to it. */
export async function authorizationRequest(
  rp: oidc.Configuration,
  redirectUri: string,
  parameters: Record<string, string> = {},
): Promise<AuthorizationRequest> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(rp, {
    redirect_uri: redirectUri,
    scope: 'openid profile email',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...parameters,
  });
  return { url, verifier, state, nonce };
}

export type BrowserStop = HttpAnswer & { path: string; location?: URL };

/** Where a page that goes on by itself (a meta refresh) sends the browser. */
const refreshTargetOf = (answer: HttpAnswer) =>
  /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(answer.text)?.[1]?.replace(/&amp;/g, '&');

/**
 * Follows the server's redirects, and pages that go on by themselves, as a browser would; stops at the first page
 * that stays, or at a redirect that leaves the server (to the relying party: `location`).
 */
export async function browse(client: HttpClient, answer: HttpAnswer, limit = 10): Promise<BrowserStop> {
  let current = answer;
  let path = '';
  for (let hops = 0; hops < limit; hops++) {
    const next = [302, 303].includes(current.status) ? current.headers.get('location') : refreshTargetOf(current);
    if (!next) break;
    const url = new URL(next, client.baseUrl + path);
    if (url.origin !== new URL(client.baseUrl).origin) return { ...current, path, location: url };
    path = url.pathname + url.search;
    current = await client.request('GET', path);
  }
  return { ...current, path };
}

/** The browser opens the authorization URL (and signs in with the login form if Gatehouse asks for it). */
export async function openAuthorization(
  browser: HttpClient,
  request: AuthorizationRequest,
  credentials?: { loginId: string; password: string },
): Promise<BrowserStop> {
  let stop = await browse(browser, await browser.request('GET', request.url.pathname + request.url.search));
  if (credentials && stop.path.startsWith(`/portal/${DOMAIN}/login?`)) {
    const next = new URL(stop.path, browser.baseUrl).searchParams.get('next') ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(stop.text)?.[1] ?? '';
    const posted = await browser.request('POST', `/portal/${DOMAIN}/login`, {
      form: { _csrf: token, loginId: credentials.loginId, password: credentials.password, next },
    });
    stop = await browse(browser, posted);
  }
  return stop;
}

/** The relying party's callback: the code exchanged with the verifier, the ID token checked against the JWKS. */
export async function exchangeCode(
  rp: oidc.Configuration,
  stop: BrowserStop,
  request: AuthorizationRequest,
): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  assert.ok(
    stop.location,
    `expected a redirect to the relying party, got ${stop.status} at ${stop.path}: ${stop.text.slice(0, 300)}`,
  );
  return oidc.authorizationCodeGrant(rp, stop.location, {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
  });
}

/** The relying party got the OAuth error `code` (in a response body, or a WWW-Authenticate challenge). */
export async function assertOAuthError(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    if (error instanceof oidc.ResponseBodyError) assert.equal(error.error, code);
    else if (error instanceof oidc.WWWAuthenticateChallengeError) assert.equal(error.cause[0]?.parameters.error, code);
    else assert.fail(`expected the OAuth error ${code}, got ${String(error)}`);
    return true;
  });
}
