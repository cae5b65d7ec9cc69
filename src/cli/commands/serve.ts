import type { Command } from 'commander';
import { buildApp } from '../../server/app.js';
import { action } from '../command-runner.js';
import type { CommandContext } from '../command-runner.js';

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server (API and dashboard)')
    .option('--port <port>', 'port to listen on (default $PORT or 3000)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .action(action(async (ctx, options: { port?: string; host: string }) => serve(ctx, options)));
}

export async function serve(ctx: CommandContext, options: { port?: string; host: string }): Promise<void> {
  const database = await ctx.database();
  const app = await buildApp({ database, dataDir: ctx.config.dataDir, logger: true });
  const port = options.port ? Number(options.port) : ctx.config.port;
  const address = await app.listen({ port, host: options.host });
  process.stderr.write(`entas listening on ${address} (${database.kind})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
}
