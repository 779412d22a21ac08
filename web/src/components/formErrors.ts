import { ApiError, errorMessage } from '../api/ApiError';

export interface FormErrors<Field extends string> {
  /** Messages to show under the input the server named in `field`. */
  fieldErrors: Partial<Record<Field, string>>;
  /** A message for errors no input of the form can show; null when there is none. */
  formMessage: string | null;
}

/** Places a failed call's message on the input it is about, or above the form if the form has no such input. */
export function formErrors<Field extends string>(error: unknown, fields: readonly Field[]): FormErrors<Field> {
  if (!error) return { fieldErrors: {}, formMessage: null };
  const field = error instanceof ApiError ? fields.find((name) => name === error.field) : undefined;
  if (field)
    return { fieldErrors: { [field]: errorMessage(error) } as Partial<Record<Field, string>>, formMessage: null };
  return { fieldErrors: {}, formMessage: errorMessage(error) };
}
