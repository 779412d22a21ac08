/**
 * Where a sign-in goes once it succeeds. Today a path of the tenant's portal or console; single sign-on adds its
 * kinds here (a SAML response to send, an OpenID Connect authorization to resume), not a flow of its own.
 */
export type SignInReturn = { kind: 'portal'; path: string };

/** The two columns an attempt keeps it in. */
export function storedReturn(target: SignInReturn): { return_kind: string; return_to: string } {
  return { return_kind: target.kind, return_to: target.path };
}

export function returnOf(stored: { return_kind: string; return_to: string }, fallbackPath: string): SignInReturn {
  return stored.return_kind === 'portal'
    ? { kind: 'portal', path: stored.return_to }
    : { kind: 'portal', path: fallbackPath };
}
