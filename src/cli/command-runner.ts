import type { Command } from 'commander';
import { readConfig, type EntasConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { UserError } from '../shared/errors.js';
import { errorText, setLang, t, type Lang } from './lang.js';

/** What a command action returns: the JSON result, how to show it to a person, and the exit status. */
export interface CommandResult {
  json: unknown;
  text?: string;
  exitCode?: number;
}

export interface CommandContext {
  config: EntasConfig;
  json: boolean;
  /** Opens the configured database once (migrating it) and closes it when the command ends. */
  database(): Promise<Database>;
  /** The actor written to the audit log for local commands. */
  actor: string;
  /** The language given with --lang, if any (lang.ts has the one in use). */
  explicitLang: Lang | undefined;
}

interface GlobalOptions {
  json?: boolean;
  debug?: boolean;
  lang?: Lang;
}

/**
 * Wraps a command action: opens resources lazily, prints the result (JSON as stdout's last line with --json),
 * and turns errors into one-line messages with a non-zero exit status (stack traces only with --debug).
 */
export function action<Args extends unknown[]>(
  run: (ctx: CommandContext, ...args: Args) => Promise<CommandResult | void>,
): (...args: unknown[]) => Promise<void> {
  return async (...raw: unknown[]) => {
    const command = raw[raw.length - 1] as Command;
    const options = command.optsWithGlobals<GlobalOptions>();
    setLang(options.lang);
    const config = readConfig();
    let database: Promise<Database> | undefined;
    const ctx: CommandContext = {
      config,
      json: options.json === true,
      database: () => (database ??= openSealed(config)),
      actor: `cli:${process.env.USER ?? process.env.LOGNAME ?? 'local'}`,
      explicitLang: options.lang,
    };
    try {
      const result = await run(ctx, ...(raw.slice(0, -1) as Args));
      if (result) {
        if (ctx.json) process.stdout.write(JSON.stringify(result.json) + '\n');
        else process.stdout.write((result.text ?? JSON.stringify(result.json, null, 2)) + '\n');
        if (result.exitCode) process.exitCode = result.exitCode;
      }
    } catch (error) {
      reportError(error, options.debug === true);
    } finally {
      if (database) await (await database.catch(() => undefined))?.close();
    }
  };
}

/** Opens and migrates the database, then seals any TOTP seed still stored in clear (older installations). */
async function openSealed(config: EntasConfig): Promise<Database> {
  // Loaded on first use: commands without a database (link, nik …) start without PGlite and pg.
  const [{ openDatabase }, { sealClearTotpSecrets }, { loadSecretKey }] = await Promise.all([
    import('../db/open-database.js'),
    import('../auth/totp-at-rest.js'),
    import('../shared/secret-key.js'),
  ]);
  const database = await openDatabase(config, { notice: (text) => process.stderr.write(text + '\n') });
  try {
    await sealClearTotpSecrets(database, () => loadSecretKey(config));
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** Prints an error on one line in the CLI's language (lang.ts) and sets the exit status: 2 bad input, 1 other. */
export function reportError(error: unknown, debug: boolean): void {
  if (error instanceof UserError) {
    process.stderr.write(`entas: ${errorText(error)}\n`);
    process.exitCode = 2;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    const hint = t({
      en: ' (run with --debug for details)',
      id: ' (jalankan dengan --debug untuk rinciannya)',
    });
    process.stderr.write(`entas: ${message.split('\n')[0]}${debug ? '' : hint}\n`);
    process.exitCode = 1;
  }
  if (debug && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
}

/** Adds the --json flag every result-printing command takes. */
export function withJson(command: Command): Command {
  return command.option('--json', 'print the result as JSON (last line of stdout)');
}
