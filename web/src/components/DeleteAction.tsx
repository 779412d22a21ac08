import { Button, Stack } from '@mantine/core';
import { useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorAlert } from './ErrorAlert';

interface DeleteActionProps {
  /** Title of the confirmation dialog, e.g. "Delete Access Policy Group". */
  title: string;
  message: string;
  disabled?: boolean;
  /** Deletes; a refusal (e.g. 409 while users are assigned) is shown under the button. */
  onDelete: () => Promise<void>;
  onDeleted: () => void;
}

/** A Delete button that asks for confirmation first. */
export function DeleteAction({ title, message, disabled, onDelete, onDeleted }: DeleteActionProps) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await onDelete();
      onDeleted();
    } catch (failure) {
      setError(failure);
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <Stack gap="xs">
      <Button color="red" variant="outline" onClick={() => setConfirming(true)} disabled={disabled}>
        Delete
      </Button>
      <ErrorAlert error={error} />
      <ConfirmDialog
        opened={confirming}
        title={title}
        message={message}
        confirmLabel="Delete"
        danger
        busy={busy}
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      />
    </Stack>
  );
}
