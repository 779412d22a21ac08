import { Button, Group } from '@mantine/core';
import { useRouter } from '../routing/Router';
import { SavedStatus } from './SavedStatus';

interface FormSaveButtonsProps {
  /** The submit button's text; "Save" unless given. */
  label?: string;
  saving: boolean;
  saved: boolean;
  disabled: boolean;
  /** Where Cancel leads; without it there is no Cancel. */
  cancelTo?: string;
}

/** The row under an edit form: submit, an optional Cancel, and "Saved." after a successful save. */
export function FormSaveButtons({ label = 'Save', saving, saved, disabled, cancelTo }: FormSaveButtonsProps) {
  const router = useRouter();
  return (
    <Group>
      <Button type="submit" loading={saving} disabled={disabled}>
        {label}
      </Button>
      {cancelTo !== undefined && (
        <Button variant="default" onClick={() => router.navigate(cancelTo)}>
          Cancel
        </Button>
      )}
      <SavedStatus visible={saved} />
    </Group>
  );
}
