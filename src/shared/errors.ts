/**
 * An error caused by the user's input or environment, not by a bug: the CLI prints its message on one line
 * and the API maps it to a 4xx response. `code` is stable for machines; messages name the value at fault.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: string = 'invalid_input',
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export class NotFoundError extends UserError {
  constructor(message: string) {
    super(message, 'not_found');
    this.name = 'NotFoundError';
  }
}
