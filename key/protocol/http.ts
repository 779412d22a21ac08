// One place that turns HTTP answers into values or KeyProtocolErrors, so both the CLI and the web app can show
// the server's own message (it is written for people: "The number does not match the one shown in the browser.").

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export class KeyProtocolError extends Error {
  constructor(
    message: string,
    /** The HTTP status; 0 when the server could not be reached or answered nonsense. */
    readonly status: number,
    /** The server's machine-readable `error` code, when it sent one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'KeyProtocolError';
  }
}

/** `fetch` called as a plain function: browsers refuse a `fetch` invoked as a method of another object. */
export const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

export async function sendJson<T>(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  fallbackMessages: Record<number, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetchImpl(url, init);
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new KeyProtocolError(`Could not reach ${new URL(url).origin}${cause}.`, 0);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const answer = (typeof body === 'object' && body !== null ? body : {}) as { error?: unknown; message?: unknown };
    const message =
      typeof answer.message === 'string' && answer.message
        ? answer.message
        : (fallbackMessages[response.status] ?? `The server refused the request (HTTP ${response.status}).`);
    throw new KeyProtocolError(message, response.status, typeof answer.error === 'string' ? answer.error : undefined);
  }
  if (body === undefined) throw new KeyProtocolError(`The server's answer is not JSON (HTTP ${response.status}).`, 0);
  return body as T;
}
