import { Button, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { PolicyTemplateFields } from '../api/policyTemplates';
import { ErrorAlert } from '../components/ErrorAlert';
import { formErrors } from '../components/formErrors';
import { SavedStatus } from '../components/SavedStatus';
import { ConditionHelp } from '../conditions/ConditionHelp';
import { useRouter } from '../routing/Router';
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
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fieldErrors, formMessage } = formErrors(error, fields);
  const field = (name: keyof PolicyTemplateFields) => ({
    value: values[name],
    error: fieldErrors[name],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      const value = event.currentTarget.value;
      setSaved(false);
      setValues((current) => ({ ...current, [name]: value }));
    },
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setSaved(false);
    setError(null);
    try {
      await onSave({
        identifier: values.identifier.trim(),
        displayName: values.displayName.trim(),
        condition: values.condition.trim(),
      });
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={submit}>
      <Stack>
        <ErrorAlert error={formMessage} />
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
        <Group>
          <Button type="submit" loading={saving} disabled={!me.permissions.manageSystem}>
            Save
          </Button>
          <Button variant="default" onClick={() => router.navigate(routePaths.templateList)}>
            Cancel
          </Button>
          <SavedStatus visible={saved} />
        </Group>
      </Stack>
    </form>
  );
}
