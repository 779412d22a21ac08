export { ValidationError } from '../core/validation-error.js';

/** The signed-in user's role does not allow this operation. */
export class ForbiddenError extends Error {
  constructor(message = 'Your role does not allow this operation.') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The change conflicts with existing data or would break an invariant (a duplicate, the last Global Admin). */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** The thing asked for existed but is no longer usable: an expired QR code or setup. */
export class GoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoneError';
  }
}

/** Asked again too soon (a resend within 30 s). */
export class TooSoonError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'TooSoonError';
  }
}

/** A guessing limit said no (lockout, the per-address throttle): shown with its status, like at sign-in. */
export class AttemptRefusedError extends Error {
  constructor(
    readonly status: 403 | 429,
    message: string,
  ) {
    super(message);
    this.name = 'AttemptRefusedError';
  }
}

/**
 * A passkey ceremony's response was refused (issue 12): wrong origin or RP ID, a spent or expired challenge,
 * malformed data, an algorithm we do not take. `reason` is a short code for the logs; the message is for the user.
 */
export class PasskeyRefusedError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'PasskeyRefusedError';
  }
}
