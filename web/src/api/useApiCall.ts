import { useState } from 'react';

export interface ApiCall {
  /** True while a call started by `run` is pending. */
  busy: boolean;
  /** The last call's failure, null once a new call starts. */
  error: unknown;
  /** Calls `call`, keeping `busy` and `error` up to date; a failure is stored in `error`, never thrown. */
  run: (call: () => Promise<void>) => Promise<void>;
}

/** The busy flag and error of a button or form that sends one API call at a time. */
export function useApiCall(): ApiCall {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async (call: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await call();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return { busy, error, run };
}
