import type { Command } from 'commander';
import { buildApp } from '../../server/app.js';
import { action } from '../command-runner.js';
import type { CommandContext } from '../command-runner.js';

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server (API and dashboard)')
    .option('--port <port>', 'port to listen on (default $PORT or 3000)')
    .option('--host <host>', 'address to bind (default $HOST or 127.0.0.1)')
    .action(action(async (ctx, options: { port?: string; host?: string }) => serve(ctx, options)));
}

export async function serve(ctx: CommandContext, options: { port?: string; host?: string }): Promise<void> {
  const database = await ctx.database();
  const app = await buildApp({ database, dataDir: ctx.config.dataDir, logger: true });
  const port = options.port ? Number(options.port) : ctx.config.port;
  const address = await app.listen({ port, host: options.host ?? ctx.config.host });
  process.stderr.write(`entas listening on ${address} (${database.kind})\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.stderr.write(`entas: ${signal}: stopping (requests in flight finish or roll back)…\n`);
  // A request that does not finish in time must not keep the server up: leave without closing cleanly (the
  // next start finds the lock stale and checks the indexes). A second signal leaves at once.
  const force = (code: number) => () => {
    process.stderr.write('entas: did not stop in time; exiting now\n');
    process.exit(code);
  };
  const timer = setTimeout(force(1), SHUTDOWN_GRACE_MS);
  timer.unref();
  process.once('SIGINT', force(130));
  process.once('SIGTERM', force(143));
  // Stops accepting connections, closes idle keep-alive ones and waits for requests in flight; the caller's
  // action then closes the database (PostgreSQL rolls back any transaction still open on a closed connection).
  await app.close();
  clearTimeout(timer);
}

/** How long a stopping server waits for requests in flight. */
const SHUTDOWN_GRACE_MS = 10_000;
