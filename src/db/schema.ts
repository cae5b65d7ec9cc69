import type { CoreTables } from './tables/core.js';

/**
 * The whole database as Kysely sees it. Each area declares its tables in db/tables/<area>.ts and adds
 * them here, so types cross the storage boundary once.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- areas extend it
export interface DB extends CoreTables {}
