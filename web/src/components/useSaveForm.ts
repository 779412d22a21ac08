import { useState, type FormEvent } from 'react';
import { useApiCall } from '../api/useApiCall';
import { formErrors, type FormErrors } from './formErrors';

export interface SaveForm<Field extends string> extends FormErrors<Field> {
  saving: boolean;
  /** The last save succeeded and nothing was edited since: "Saved." is shown. */
  saved: boolean;
  /** Call on every edit, so "Saved." no longer claims the form is as saved. */
  markEdited: () => void;
  /** The form's submit handler: runs `save` and places its failure under the field the server named. */
  submitWith: (save: () => Promise<void>) => (event: FormEvent) => Promise<void>;
}

/** Save state of an edit form whose fields are `fields`: saving, "Saved.", and the server's messages. */
export function useSaveForm<Field extends string>(fields: readonly Field[]): SaveForm<Field> {
  const { busy, error, run } = useApiCall();
  const [saved, setSaved] = useState(false);

  const submitWith = (save: () => Promise<void>) => async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    await run(async () => {
      await save();
      setSaved(true);
    });
  };

  return { saving: busy, saved, ...formErrors(error, fields), markEdited: () => setSaved(false), submitWith };
}
