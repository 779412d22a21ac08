import type { OtpConfirmed, OtpType } from '@contract/admin-api';
import { Button, Group, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/ApiError';
import { ErrorAlert } from '../components/ErrorAlert';
import { formErrors } from '../components/formErrors';

interface OtpCodeFormProps {
  confirm: (code: string) => Promise<OtpConfirmed>;
  onConfirmed: (otpType: OtpType) => void;
  /**
   * Called instead of showing the error when the setup is gone (410 expired, 404 replaced), for flows that
   * must start over; without it, the message is shown like any other.
   */
  onSetupGone?: (message: string) => void;
  autoFocus?: boolean;
}

/** One-Time Password + Confirm. A wrong code shows the server's message under the input and allows a retry. */
export function OtpCodeForm({ confirm, onConfirmed, onSetupGone, autoFocus }: OtpCodeFormProps) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fieldErrors, formMessage } = formErrors(error, ['code'] as const);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const confirmed = await confirm(code.trim());
      onConfirmed(confirmed.otpType);
    } catch (failure) {
      setBusy(false);
      if (onSetupGone && failure instanceof ApiError && (failure.status === 410 || failure.status === 404)) {
        onSetupGone(failure.message);
      } else {
        setError(failure);
      }
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs" maw={320}>
        <ErrorAlert error={formMessage} />
        <TextInput
          label="One-Time Password"
          inputMode="numeric"
          maxLength={6}
          autoComplete="one-time-code"
          autoFocus={autoFocus}
          value={code}
          error={fieldErrors.code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
            setError(null);
          }}
        />
        <Group>
          <Button type="submit" loading={busy}>
            Confirm
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
