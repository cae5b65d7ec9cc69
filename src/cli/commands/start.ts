import crypto from 'node:crypto';
import type { Command } from 'commander';
import { createUser } from '../../auth/user-service.js';
import { UserRepository } from '../../auth/user-repository.js';
import { countCoreRows } from '../../db/table-counts.js';
import { completeDemo } from '../../demo/complete-demo.js';
import { DEFAULT_DEMO_HOUSEHOLDS, runDemo } from '../../demo/run-demo.js';
import { action } from '../command-runner.js';
import { createProgress } from '../progress.js';
import { describeCompletion } from './demo.js';
import { serve } from './serve.js';

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
    .option('--demo-households <n>', 'households to generate on first run', String(DEFAULT_DEMO_HOUSEHOLDS))
    .action(
      action(
        async (ctx, options: { port?: string; host?: string; demo: boolean; demoHouseholds: string }) => {
          const database = await ctx.database();
          const say = (text: string) => process.stderr.write(text + '\n');
          if (options.demo && (await countCoreRows(database.db)).households === 0) {
            say(`entas: empty database (${database.kind}); generating demo data for NTT (province 53)…`);
            const progress = createProgress({ label: 'demo', unit: 'households' });
            const summary = await runDemo(database, {
              households: Number(options.demoHouseholds),
              actor: ctx.actor,
              onProgress: (done, total) => progress.update(done, total),
            });
            progress.finish(Number(options.demoHouseholds));
            say(`entas: demo data ready: ${summary.households} households, ${summary.persons} persons`);
            const completion = await completeDemo(database, {
              actor: ctx.actor,
              province: summary.province,
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
              ctx.actor,
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
