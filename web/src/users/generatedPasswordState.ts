/** History state by which a screen hands a just-generated password to the next one, to be shown once. */
export interface GeneratedPasswordState {
  generatedPassword: string;
}

export function readGeneratedPassword(): string | null {
  const state: unknown = window.history.state;
  if (typeof state !== 'object' || state === null || !('generatedPassword' in state)) return null;
  return typeof state.generatedPassword === 'string' ? state.generatedPassword : null;
}

/** Drops the handed-over password from history, so Back or a reload does not show it again. */
export function forgetGeneratedPassword(): void {
  window.history.replaceState(null, '');
}
