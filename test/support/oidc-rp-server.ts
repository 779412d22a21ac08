/**
 * A tiny OpenID Connect relying party for browser tests: node:http in front of panva's openid-client 6 (certified,
 * independent of Gatehouse's own OpenID Provider code), so that a real browser can be sent from an application to
 * Gatehouse and back.
 *
 * - `GET /login` builds an authorization request (code flow, PKCE S256, state and nonce kept in memory per login,
 *   scope `openid profile email groups`) and redirects the browser to Gatehouse;
 * - `GET /callback` exchanges the code at Gatehouse's token endpoint (client_secret_basic), has openid-client check
 *   the ID token (issuer, audience, nonce, and its signature against Gatehouse's JWKS) and shows the ID token's
 *   claims as a `<dl id="claims">`: strings as they are, other values as JSON; or 403 with openid-client's error.
 *
 * The server starts before its client is registered (its port is in the redirect URI): `configure` gives it the
 * client ID and secret afterwards.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';

export const RP_SCOPE = 'openid profile email groups';

/** What reached the callback, in order: the claims of the ID token openid-client accepted, or its error. */
export interface RpCallback {
  claims?: oidc.IDToken;
  error?: string;
}

export interface OidcRpServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  loginUrl: string;
  redirectUri: string;
  callbacks: RpCallback[];
  /** Discovers the issuer and keeps the client registered there for the logins that follow. */
  configure(client: { issuer: string; clientId: string; clientSecret: string }): Promise<void>;
  close(): Promise<void>;
}

interface PendingLogin {
  verifier: string;
  nonce: string;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c as '&' | '<' | '>' | '"' | "'"],
  );

function sendPage(response: ServerResponse, status: number, title: string, body: string): void {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
      `<body><p>Test relying party</p>${body}</body></html>`,
  );
}

const shownValue = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

export async function startOidcRpServer(): Promise<OidcRpServer> {
  let config: oidc.Configuration | undefined;
  /** Logins under way, by their state: each is used once. */
  const pending = new Map<string, PendingLogin>();
  const callbacks: RpCallback[] = [];
  let origin = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', origin);
    if (request.method !== 'GET') return sendPage(response, 405, 'Method not allowed', '<p>GET only.</p>');
    if (url.pathname !== '/login' && url.pathname !== '/callback')
      return sendPage(response, 404, 'Not found', '<p>Not found.</p>');
    if (!config) return sendPage(response, 503, 'Not ready', '<p>The relying party is not configured yet.</p>');

    if (url.pathname === '/login') {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      pending.set(state, { verifier, nonce });
      const location = oidc.buildAuthorizationUrl(config, {
        redirect_uri: `${origin}/callback`,
        scope: RP_SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      response.writeHead(302, { location: location.href, 'cache-control': 'no-store' });
      response.end();
      return;
    }

    const call: RpCallback = {};
    callbacks.push(call);
    const state = url.searchParams.get('state') ?? '';
    const login = pending.get(state);
    pending.delete(state);
    try {
      if (!login) throw new Error('no login under way with this state');
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: login.verifier,
        expectedState: state,
        expectedNonce: login.nonce,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the token response has no ID token');
      call.claims = claims;
      const rows = Object.entries(claims).map(
        ([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(shownValue(value))}</dd>`,
      );
      return sendPage(
        response,
        200,
        'Signed in',
        `<h1 id="rp-signed-in">Signed in</h1><dl id="claims">${rows.join('')}</dl>`,
      );
    } catch (error) {
      call.error = error instanceof Error ? error.message : String(error);
      return sendPage(response, 403, 'Refused', `<h1>Refused</h1><p role="alert">${escapeHtml(call.error)}</p>`);
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendPage(response, 500, 'Error', `<p>${escapeHtml(String(error))}</p>`);
      else response.destroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    loginUrl: `${origin}/login`,
    redirectUri: `${origin}/callback`,
    callbacks,
    async configure({ issuer, clientId, clientSecret }) {
      // Plain http to the test server; the ID token's signature is checked against the JWKS all the same.
      config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
        execute: [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks],
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
