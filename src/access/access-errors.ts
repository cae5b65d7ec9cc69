import { UserError } from '../shared/errors.js';

/**
 * The role lacks a permission for a whole kind of resource (checked before any lookup, so it reveals nothing
 * about which records exist). Records outside the user's scope are NotFoundError, exactly like absent ones.
 */
export class ForbiddenError extends UserError {
  constructor(message: string) {
    super(message, 'forbidden');
    this.name = 'ForbiddenError';
  }
}
