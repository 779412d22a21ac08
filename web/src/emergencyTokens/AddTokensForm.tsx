import type { EmergencyTokenList } from '@contract/admin-api';
import { Button, Group, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { addEmergencyTokens } from '../api/emergencyTokens';
import { useApiCall } from '../api/useApiCall';
import { ErrorAlert } from '../components/ErrorAlert';
import { formErrors } from '../components/formErrors';
import { useSession } from '../session/Session';

export const MAX_TOKENS_PER_ADD = 50;

/** Add tokens: Number of tokens (1–50) + Add. The server also caps a user at 50 unused tokens in all. */
export function AddTokensForm({ userId, onAdded }: { userId: string; onAdded: (tokens: EmergencyTokenList) => void }) {
  const { api, me } = useSession();
  const [count, setCount] = useState('5');
  const { busy, error, run } = useApiCall();
  const { fieldErrors, formMessage } = formErrors(error, ['count'] as const);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => onAdded(await addEmergencyTokens(api, userId, Number(count))));
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Add tokens">
      <Group gap="xs" align="flex-end">
        <TextInput
          type="number"
          label="Number of tokens"
          min={1}
          max={MAX_TOKENS_PER_ADD}
          step={1}
          w={160}
          value={count}
          error={fieldErrors.count}
          onChange={(event) => setCount(event.currentTarget.value)}
        />
        <Button type="submit" loading={busy} disabled={!me.permissions.manageUsers}>
          Add
        </Button>
      </Group>
      <ErrorAlert error={formMessage} />
    </form>
  );
}
