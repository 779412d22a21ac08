/** The console lives at /admin/<domain>/...; the tenant domain is the path's second segment. */
export function domainFromPathname(pathname: string): string | null {
  const match = /^\/admin\/([^/]+)(?:\/|$)/.exec(pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export function consoleBasePath(domain: string): string {
  return `/admin/${encodeURIComponent(domain)}`;
}
