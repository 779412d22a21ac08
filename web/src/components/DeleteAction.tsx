import { Stack } from '@mantine/core';
import { ConfirmedActionButton } from './ConfirmedActionButton';

interface DeleteActionProps {
  /** The button's text; "Delete" unless given. */
  label?: string;
  /** Title of the confirmation dialog, e.g. "Delete Access Policy Group". */
  title: string;
  message: string;
  disabled?: boolean;
  /** Deletes; a refusal (e.g. 409 while users are assigned) is shown under the button. */
  onDelete: () => Promise<void>;
  onDeleted: () => void;
}

/** A Delete button that asks for confirmation first. */
export function DeleteAction({ label = 'Delete', title, message, disabled, onDelete, onDeleted }: DeleteActionProps) {
  return (
    <Stack gap="xs">
      <ConfirmedActionButton
        label={label}
        color="red"
        variant="outline"
        disabled={disabled}
        title={title}
        message={message}
        confirmLabel="Delete"
        danger
        action={async () => {
          await onDelete();
          onDeleted();
        }}
      />
    </Stack>
  );
}
