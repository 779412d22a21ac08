/** Characters of a plain URL path and query (RFC 3986 pchar, `/` and `?`), ASCII only. */
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;
/** Never `//` (another host), backslashes or encoded slashes, dot segments, or a `%` that encodes nothing. */
const TRICKS = /\/\/|%2f|%5c|%2e|%(?![0-9a-f]{2})|\/\.\.?(?:[/?]|$)/i;

/**
 * Where to go after signing in: only a plain path inside this tenant's portal or console. Anything else —
 * another host, a protocol-relative URL, non-ASCII characters that no Location header may carry — falls back
 * to the portal.
 */
export function safeNextPath(domain: string, next: string | undefined): string {
  const fallback = `/portal/${domain}/`;
  if (!next || !PLAIN_PATH.test(next) || TRICKS.test(next)) return fallback;
  const inside =
    next.startsWith(`/portal/${domain}/`) || next.startsWith(`/admin/${domain}/`) || next === `/admin/${domain}`;
  return inside ? next : fallback;
}
