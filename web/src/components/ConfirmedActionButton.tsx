import { Button, type ButtonProps } from '@mantine/core';
import { useState } from 'react';
import { useApiCall } from '../api/useApiCall';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorAlert } from './ErrorAlert';

interface ConfirmedActionButtonProps extends Pick<ButtonProps, 'color' | 'variant' | 'size' | 'disabled'> {
  /** The button's text, e.g. "Revoke". */
  label: string;
  /** Title of the confirmation dialog. */
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  /** Runs once confirmed, including what follows success; a failure is shown under the button. */
  action: () => Promise<void>;
}

/** A button that asks for confirmation, then calls the API; the dialog closes when the call ends either way. */
export function ConfirmedActionButton({
  label,
  title,
  message,
  confirmLabel,
  danger,
  action,
  ...buttonProps
}: ConfirmedActionButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useApiCall();

  const confirm = async () => {
    await run(action);
    setConfirming(false);
  };

  return (
    <>
      <Button {...buttonProps} onClick={() => setConfirming(true)}>
        {label}
      </Button>
      <ErrorAlert error={error} />
      <ConfirmDialog
        opened={confirming}
        title={title}
        message={message}
        confirmLabel={confirmLabel}
        danger={danger}
        busy={busy}
        onConfirm={confirm}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}
