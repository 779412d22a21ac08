import type { PolicyTemplateFields } from '@contract/admin-api';
import { Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type ChangeEvent } from 'react';
import { ErrorAlert } from '../components/ErrorAlert';
import { FormSaveButtons } from '../components/FormSaveButtons';
import { useSaveForm } from '../components/useSaveForm';
import { ConditionHelp } from '../conditions/ConditionHelp';
import { routePaths } from '../routing/routes';
import { useSession } from '../session/Session';

const fields: readonly (keyof PolicyTemplateFields)[] = ['identifier', 'displayName', 'condition'];

interface PolicyTemplateFormProps {
  initial: PolicyTemplateFields;
  onSave: (fields: PolicyTemplateFields) => Promise<unknown>;
}

/** Identifier, Display Name and the named access condition that groups refer to as template:<identifier>. */
export function PolicyTemplateForm({ initial, onSave }: PolicyTemplateFormProps) {
  const { me } = useSession();
  const [values, setValues] = useState(initial);
  const form = useSaveForm(fields);
  const field = (name: keyof PolicyTemplateFields) => ({
    value: values[name],
    error: form.fieldErrors[name],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      const value = event.currentTarget.value;
      form.markEdited();
      setValues((current) => ({ ...current, [name]: value }));
    },
  });

  const submit = form.submitWith(async () => {
    await onSave({
      identifier: values.identifier.trim(),
      displayName: values.displayName.trim(),
      condition: values.condition.trim(),
    });
  });

  return (
    <form onSubmit={submit}>
      <Stack>
        <ErrorAlert error={form.formMessage} />
        <TextInput
          label="Identifier"
          description='3–255 characters: a-z, 0-9, ".", "_", "-". Groups refer to the template as template:<identifier>.'
          required
          withAsterisk={false}
          minLength={3}
          maxLength={255}
          autoCapitalize="none"
          spellCheck={false}
          {...field('identifier')}
        />
        <TextInput label="Display Name" {...field('displayName')} />
        <Textarea
          label="Condition"
          description="An access condition; it cannot refer to another template."
          placeholder="e.g. ipset:office and weekday:mon-fri"
          required
          withAsterisk={false}
          autosize
          minRows={3}
          maxLength={4096}
          spellCheck={false}
          autoCapitalize="none"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          {...field('condition')}
        />
        <ConditionHelp />
        <FormSaveButtons
          saving={form.saving}
          saved={form.saved}
          disabled={!me.permissions.manageSystem}
          cancelTo={routePaths.templateList}
        />
      </Stack>
    </form>
  );
}
