import type { DeviceAccount } from '../accounts.js';

/**
 * "Add a passkey" for an account this browser approves sign-ins for (issue 12): a link to the portal's Passkeys page
 * of the account's server and tenant, where the user signs in as always and adds the passkey there. The app itself
 * holds no user session, and its device key must not become a way to add a sign-in method: a stolen phone would
 * otherwise hand out passkeys without the password. Shown only where the browser can make passkeys, and opened in
 * a new tab, so that this app stays open to approve the very sign-in the portal will ask for.
 */
export function AddPasskeyLink({ account }: { account: DeviceAccount }) {
  if (typeof window.PublicKeyCredential !== 'function') return null;
  const href = new URL(`/portal/${encodeURIComponent(account.domain)}/passkeys`, account.apiBase).href;
  return (
    <p className="small-text">
      <a href={href} target="_blank" rel="noopener noreferrer">
        Add a passkey
      </a>{' '}
      <span className="muted">to sign in with this device’s screen lock: in the portal, after you log in.</span>
    </p>
  );
}
