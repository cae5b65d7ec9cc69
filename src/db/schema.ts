import type { CoopTables } from './tables/coop.js';
import type { CoreTables } from './tables/core.js';
import type { DemoTables } from './tables/demo.js';
import type { IndicatorTables } from './tables/indicators.js';
import type { IntakeTables } from './tables/intake.js';
import type { JobTables } from './tables/jobs.js';
import type { LinkageTables } from './tables/linkage.js';
import type { PilotTables } from './tables/pilots.js';
import type { PolicyTables } from './tables/policy.js';
import type { SecurityTables } from './tables/security.js';

/**
 * The whole database as Kysely sees it. Each area declares its tables in db/tables/<area>.ts and adds
 * them here, so types cross the storage boundary once.
 */
export interface DB
  extends
    CoopTables,
    CoreTables,
    DemoTables,
    IndicatorTables,
    IntakeTables,
    JobTables,
    LinkageTables,
    PilotTables,
    PolicyTables,
    SecurityTables {}
