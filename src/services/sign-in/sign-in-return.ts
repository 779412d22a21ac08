/**
 * Where a sign-in goes once it succeeds: a path of the tenant's portal or console, or a single sign-on request
 * waiting for this sign-in (its answer is sent from there). An OpenID Connect authorization adds no kind: it
 * waits as an SSO request too.
 */
export type SignInReturn = { kind: 'portal'; path: string } | { kind: 'sso'; requestId: string };

/** The two columns an attempt keeps it in. */
export function storedReturn(target: SignInReturn): { return_kind: string; return_to: string } {
  return target.kind === 'portal'
    ? { return_kind: 'portal', return_to: target.path }
    : { return_kind: 'sso', return_to: target.requestId };
}

export function returnOf(stored: { return_kind: string; return_to: string }, fallbackPath: string): SignInReturn {
  if (stored.return_kind === 'portal') return { kind: 'portal', path: stored.return_to };
  if (stored.return_kind === 'sso') return { kind: 'sso', requestId: stored.return_to };
  return { kind: 'portal', path: fallbackPath };
}
