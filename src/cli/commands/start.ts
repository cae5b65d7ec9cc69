import crypto from 'node:crypto';
import { localOperator } from '../local-operator.js';
import type { Command } from 'commander';
import { createUser } from '../../auth/user-service.js';
import { UserRepository } from '../../auth/user-repository.js';
import { countCoreRows } from '../../db/table-counts.js';
import { completeDemo } from '../../demo/complete-demo.js';
import { checkDemoOptions, runDemo } from '../../demo/run-demo.js';
import { parseRegionCode } from '../../regions/region-code.js';
import { UserError } from '../../shared/errors.js';
import { action } from '../command-runner.js';
import { createProgress } from '../progress.js';
import { describeCompletion } from './demo.js';
import { serve } from './serve.js';

/**
 * The first start's demo: one regency of Nusa Tenggara Timur (53.01 Kabupaten Kupang, 177 villages) with
 * 5,000 households, so a fresh machine shows a linked, targeted system within a minute. `entas demo` builds larger populations (a province, up to millions of households).
 */
export const START_DEMO = { region: '53.01', households: 5_000 } as const;

/** The demo user `npm start` creates on an empty database: a national analyst (masked data, no PII). */
const DEMO_USERNAME = 'analis';

export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description(
      'the main job: migrate; on an empty database generate demo data, link it and apply the default policy; then serve (what `npm start` runs)',
    )
    .option('--port <port>', 'port to listen on (default $PORT or 3000)')
    .option('--host <host>', 'address to bind (default $HOST or 127.0.0.1)')
    .option('--no-demo', 'do not seed demo data into an empty database')
    .option('--demo-households <n>', 'households to generate on first run', String(START_DEMO.households))
    .option(
      '--demo-region <code>',
      'region of the first run demo: a regency (PP.RR) or a whole province (PP)',
      START_DEMO.region,
    )
    .action(
      action(
        async (
          ctx,
          options: {
            port?: string;
            host?: string;
            demo: boolean;
            demoHouseholds: string;
            demoRegion: string;
          },
        ) => {
          const demo = options.demo ? startDemoOptions(options.demoRegion, options.demoHouseholds) : null;
          const database = await ctx.database();
          const say = (text: string) => process.stderr.write(text + '\n');
          if (demo && (await countCoreRows(database.db)).households === 0) {
            say(
              `entas: empty database (${database.kind}); generating demo data: ${demo.households} households in region ${demo.regency ?? demo.province}…`,
            );
            const progress = createProgress({ label: 'demo', unit: 'households' });
            const summary = await runDemo(database, {
              province: demo.province,
              ...(demo.regency ? { regency: demo.regency } : {}),
              households: demo.households,
              actor: ctx.actor,
              onProgress: (done, total) => progress.update(done, total),
            });
            progress.finish(demo.households);
            say(`entas: demo data ready: ${summary.households} households, ${summary.persons} persons`);
            const completion = await completeDemo(database, {
              actor: ctx.actor,
              region: demo.regency ?? demo.province,
              onStage: (stage) => say(`entas: ${stage}…`),
            });
            say(`entas: demo ready to use:\n${describeCompletion(completion)}`);
          }
          const users = await new UserRepository(database.db).list();
          const port = options.port ? Number(options.port) : ctx.config.port;
          if (users.length === 0) {
            const password = crypto.randomBytes(12).toString('base64url');
            await createUser(
              database,
              { username: DEMO_USERNAME, password, role: 'bptaskin_analyst' },
              localOperator(ctx),
            );
            say(
              `entas: created user "${DEMO_USERNAME}" (national analyst, masked identifiers) with password ${password}\n` +
                `       sign in: POST http://localhost:${port}/api/v1/auth/login {"username":"${DEMO_USERNAME}","password":"…"}\n` +
                `       add users: POST http://localhost:${port}/api/v1/users as an admin while the server runs, or stop it\n` +
                `       first and run npx entas users add --username NAME --password … --role ROLE [--region CODE]\n` +
                `       (the embedded database belongs to one process: CLI commands refuse while the server runs)`,
            );
          } else {
            say(
              `entas: sign in with an entas user (npx entas users list); API docs at http://localhost:${port}/api/docs`,
            );
          }
          await serve(ctx, options);
        },
      ),
    );
}

/** The first run's demo region and size, checked before the database is opened. */
function startDemoOptions(region: string, households: string) {
  const parsed = parseRegionCode(region);
  if (!parsed || parsed.level > 2)
    throw new UserError(`--demo-region "${region}" is not a province (PP) or regency (PP.RR) code`);
  if (!/^\d+$/.test(households.trim()))
    throw new UserError(`--demo-households "${households}" is not a whole number`);
  return checkDemoOptions({
    ...(parsed.level === 1 ? { province: parsed.code } : { regency: parsed.code }),
    households: Number(households),
  });
}
