import { UserError, type Bilingual } from '../shared/errors.js';

/**
 * The role lacks a permission for a whole kind of resource (checked before any lookup, so it reveals nothing
 * about which records exist). Records outside the user's scope are NotFoundError, exactly like absent ones.
 */
export class ForbiddenError extends UserError {
  constructor(message: string | Bilingual) {
    super(message, 'forbidden');
    this.name = 'ForbiddenError';
  }
}
