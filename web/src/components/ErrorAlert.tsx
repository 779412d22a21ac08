import { Alert } from '@mantine/core';
import { errorMessage } from '../api/ApiError';

/** Shows why an API call failed, or nothing when there is no error. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert">
      {errorMessage(error)}
    </Alert>
  );
}
