import type { EmailSetup } from '@contract/admin-api';
import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { startEmailSetup } from '../api/otp';
import { ErrorAlert } from '../components/ErrorAlert';
import { formErrors } from '../components/formErrors';
import { useSession } from '../session/Session';

interface EmailAddressStepProps {
  userId: string;
  email: string;
  onEmailChange: (email: string) => void;
  notice: string | null;
  onSent: (setup: EmailSetup) => void;
}

/** Email address + Confirm: mails a 6-digit code there. A mail that cannot be sent keeps the admin here. */
export function EmailAddressStep({ userId, email, onEmailChange, notice, onSent }: EmailAddressStepProps) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fieldErrors, formMessage } = formErrors(error, ['email'] as const);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSent(await startEmailSetup(api, userId, email.trim()));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs" maw={420}>
        {notice && !error && (
          <Alert color="yellow" role="alert">
            {notice}
          </Alert>
        )}
        <ErrorAlert error={formMessage} />
        <TextInput
          type="email"
          label="Email address"
          autoComplete="off"
          value={email}
          error={fieldErrors.email}
          onChange={(event) => onEmailChange(event.currentTarget.value)}
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
