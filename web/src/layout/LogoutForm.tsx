import { Button } from '@mantine/core';
import { useSession } from '../session/Session';

/** Logout is a POST to the portal (so a link elsewhere cannot sign the admin out), guarded by the CSRF token. */
export function LogoutForm() {
  const { domain, me } = useSession();
  return (
    <form method="post" action={`/portal/${encodeURIComponent(domain)}/logout`}>
      <input type="hidden" name="_csrf" value={me.csrfToken} />
      <Button type="submit" variant="subtle" size="compact-sm">
        Log out
      </Button>
    </form>
  );
}
