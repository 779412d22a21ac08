/** Sends the browser to the portal login, which brings the admin back here afterwards. */
export function redirectToLogin(domain: string): void {
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/portal/${encodeURIComponent(domain)}/login?next=${encodeURIComponent(next)}`);
}
