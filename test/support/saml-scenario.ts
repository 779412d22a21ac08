import assert from 'node:assert/strict';
import type { SAML } from '@node-saml/node-saml';
import type { HttpAnswer, HttpClient } from './http-client.js';
import type { TestServer } from './test-server.js';

export const DOMAIN = 'example.com';

/** Gatehouse's IdP endpoints on a test server (no GATEHOUSE_PUBLIC_URL: the request's origin). */
export function idpUrls(server: TestServer) {
  const root = `${server.baseUrl}/saml/${DOMAIN}`;
  return { entityId: `${root}/metadata`, sso: `${root}/sso`, metadata: `${root}/metadata` };
}

/** The active signing certificate, as a service provider takes it from the downloaded metadata. */
export async function idpCertificateFromMetadata(client: HttpClient): Promise<string[]> {
  const metadata = await client.request('GET', `/saml/${DOMAIN}/metadata`);
  assert.equal(metadata.status, 200, metadata.text);
  return [...metadata.text.matchAll(/<(?:ds:)?X509Certificate>([^<]+)</g)].map((match) => match[1]!.trim());
}

/** The auto-posted form's target and fields, as the browser would submit them to the service. */
export function postedForm(answer: HttpAnswer): { action: string; fields: Record<string, string> } {
  assert.equal(answer.status, 200, `expected the auto-post page, got ${answer.status}: ${answer.text.slice(0, 400)}`);
  const action = /<form id="sso-post" method="post" action="([^"]+)"/.exec(answer.text)?.[1];
  assert.ok(action, 'the page has the answer form');
  const fields: Record<string, string> = {};
  for (const [, name, value] of answer.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[name!] = value!
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return { action: action.replace(/&amp;/g, '&'), fields };
}

/** Follows the server's 303s (same origin only) and answers the first page that is not a redirect. */
export async function follow(
  client: HttpClient,
  answer: HttpAnswer,
  limit = 8,
): Promise<HttpAnswer & { path: string }> {
  let current = answer;
  let path = '';
  for (let hops = 0; hops < limit && [302, 303].includes(current.status); hops++) {
    const location = current.headers.get('location')!;
    const url = new URL(location, client.baseUrl);
    assert.equal(url.origin, new URL(client.baseUrl).origin, `redirected off the server to ${location}`);
    path = url.pathname + url.search;
    current = await client.request('GET', path);
  }
  return { ...current, path };
}

/** The service provider's Redirect-binding AuthnRequest URL, as a path of the test server. */
export async function authnRequestPath(sp: SAML, relayState: string): Promise<string> {
  const url = new URL(await sp.getAuthorizeUrlAsync(relayState, undefined, {}));
  return url.pathname + url.search;
}

/**
 * A browser at the service provider's protected page: the service sends it to Gatehouse, it signs in with the
 * login form if Gatehouse asks, and it ends on the auto-post page (or a refusal) that carries the answer.
 */
export async function signOnThroughBrowser(
  client: HttpClient,
  sp: SAML,
  credentials: { loginId: string; password: string } | null,
  relayState = 'protected-page',
): Promise<HttpAnswer & { path: string }> {
  let page = await follow(client, await client.request('GET', await authnRequestPath(sp, relayState)));
  if (credentials && page.path.startsWith(`/portal/${DOMAIN}/login`)) {
    const next = new URL(page.path, client.baseUrl).searchParams.get('next') ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    page = await follow(
      client,
      await client.request('POST', `/portal/${DOMAIN}/login`, {
        form: { _csrf: token, loginId: credentials.loginId, password: credentials.password, next },
      }),
    );
  }
  return page;
}
