import { useSession } from '../session/Session';
import { ConfirmedActionButton } from './ConfirmedActionButton';

interface RevokeButtonProps {
  /** Title of the confirmation dialog, e.g. "Revoke token". */
  title: string;
  message: string;
  revoke: () => Promise<void>;
  onRevoked: () => void;
}

/** Revoke in a row of a user's credentials (emergency tokens, entrance passes), for admins who manage users. */
export function RevokeButton({ title, message, revoke, onRevoked }: RevokeButtonProps) {
  const { me } = useSession();
  return (
    <ConfirmedActionButton
      label="Revoke"
      color="red"
      variant="subtle"
      size="xs"
      disabled={!me.permissions.manageUsers}
      title={title}
      message={message}
      confirmLabel="Revoke"
      danger
      action={async () => {
        await revoke();
        onRevoked();
      }}
    />
  );
}
