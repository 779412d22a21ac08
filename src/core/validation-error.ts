/** A refusal of user input that names the offending field; routes turn it into a 400 answer. */
export class ValidationError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}
