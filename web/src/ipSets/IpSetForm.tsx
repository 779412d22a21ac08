import type { IpSetFields } from '@contract/admin-api';
import { Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type ChangeEvent } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormSaveButtons } from '../components/FormSaveButtons';
import { useSaveForm } from '../components/useSaveForm';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';

const fields: readonly (keyof IpSetFields)[] = ['identifier', 'displayName', 'entries'];
const MAX_ENTRIES = 100;

interface IpSetFormProps {
  initial: IpSetFields;
  onSave: (fields: IpSetFields) => Promise<unknown>;
}

/** Identifier, Display Name and the addresses, one per line (SPEC §4.1, IP Sets). */
export function IpSetForm({ initial, onSave }: IpSetFormProps) {
  const { me } = useSession();
  const [identifier, setIdentifier] = useState(initial.identifier);
  const [displayName, setDisplayName] = useState(initial.displayName);
  const [addresses, setAddresses] = useState(initial.entries.join('\n'));
  const form = useSaveForm(fields);
  const changeTo = (set: (value: string) => void) => (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    form.markEdited();
    set(event.currentTarget.value);
  };

  const submit = form.submitWith(async () => {
    await onSave({ identifier: identifier.trim(), displayName: displayName.trim(), entries: entriesOf(addresses) });
  });

  return (
    <form onSubmit={submit}>
      <Stack>
        <ErrorAlert error={form.formMessage} />
        <TextInput
          label="Identifier"
          description='3–255 characters: a-z, 0-9, ".", "_", "-". Conditions refer to the set as ipset:<identifier>.'
          required
          withAsterisk={false}
          minLength={3}
          maxLength={255}
          autoCapitalize="none"
          spellCheck={false}
          value={identifier}
          error={form.fieldErrors.identifier}
          onChange={changeTo(setIdentifier)}
        />
        <TextInput
          label="Display Name"
          value={displayName}
          error={form.fieldErrors.displayName}
          onChange={changeTo(setDisplayName)}
        />
        <Textarea
          label="Addresses"
          description={`One per line, at most ${MAX_ENTRIES}: an address (203.0.113.7, 2001:db8::1), a CIDR range (203.0.113.0/24) or a from-to range (203.0.113.10-203.0.113.20).`}
          autosize
          minRows={5}
          spellCheck={false}
          autoCapitalize="none"
          value={addresses}
          error={form.fieldErrors.entries}
          onChange={changeTo(setAddresses)}
        />
        <FormSaveButtons
          saving={form.saving}
          saved={form.saved}
          disabled={!me.permissions.manageSystem}
          cancelTo={routePaths.ipSetList}
        />
      </Stack>
    </form>
  );
}

/** The non-empty lines, trimmed. */
function entriesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
