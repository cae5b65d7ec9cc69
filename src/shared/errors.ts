/**
 * A message in both languages entas speaks: `en` for logs, machines and English users, `id` (Bahasa Indonesia)
 * for everyone else. The CLI prints one of them (its --lang); the API sends both (`message`, `message_id`).
 */
export interface Bilingual {
  en: string;
  id: string;
}

/** Builds a Bilingual message; reads as `say('file not found', 'berkas tidak ditemukan')` at the call site. */
export function say(en: string, id: string): Bilingual {
  return { en, id };
}

/**
 * An error caused by the user's input or environment, not by a bug: the CLI prints its message on one line
 * and the API maps it to a 4xx response. `code` is stable for machines; messages name the value at fault.
 * Give new errors both languages (`new UserError(say(en, id), code)`); `message` is always the English text,
 * `messageId` the Indonesian one when the thrower wrote it.
 */
export class UserError extends Error {
  readonly messageId: string | undefined;

  constructor(
    message: string | Bilingual,
    readonly code: string = 'invalid_input',
    readonly details?: unknown,
  ) {
    super(typeof message === 'string' ? message : message.en);
    this.messageId = typeof message === 'string' ? undefined : message.id;
    this.name = 'UserError';
  }
}

/**
 * A well-formed request that the current state refuses by a business rule (withdrawing pokok while a member,
 * overdrawing, a key reused for another posting, a step out of order): the API answers 409 with the stable code,
 * input errors stay 400.
 */
export class ConflictError extends UserError {
  constructor(message: string | Bilingual, code: string) {
    super(message, code);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends UserError {
  constructor(message: string | Bilingual) {
    super(message, 'not_found');
    this.name = 'NotFoundError';
  }
}
