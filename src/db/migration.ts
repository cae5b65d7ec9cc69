import type { Tx } from './database.js';

/**
 * A versioned schema or data change. Names sort in the order they apply; applied ones never change.
 * Kept apart from the runner (`migrate.ts` imports every migration), so migrations import this type only.
 */
export interface Migration {
  name: string;
  up(tx: Tx): Promise<void>;
}
