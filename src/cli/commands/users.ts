import type { Command } from 'commander';
import { localOperator } from '../local-operator.js';
import { ROLES } from '../../shared/roles.js';
import { UserRepository, type UserRecord } from '../../auth/user-repository.js';
import { createApiToken, createUser, disableUser, revokeApiToken } from '../../auth/user-service.js';
import { action, withJson } from '../command-runner.js';
import { tr, userError } from '../lang.js';

const present = (u: UserRecord) => ({
  id: u.id,
  username: u.username,
  role: u.role,
  regions: u.regionCodes,
  cooperative_id: u.cooperativeId,
  totp_enrolled: u.hasTotp,
  disabled: u.disabled,
  created_at: u.createdAt.toISOString(),
});

const collect = (value: string, previous: string[]) => [...previous, value];

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUserCommands(program: Command): void {
  const users = program.command('users').description('API users, roles, scopes and machine tokens');

  withJson(
    users
      .command('add')
      .description('create a user (admins get a TOTP secret, shown once)')
      .requiredOption('--username <name>', 'sign-in name (a-z, 0-9, . _ -)')
      .option(
        '--password <password>',
        'at least 12 characters, not common, not containing the user name (prefer --password-stdin)',
      )
      .option('--password-stdin', 'read the password from standard input')
      .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
      .option(
        '--region <code>',
        'region in scope (repeatable); none = national for national roles',
        collect,
        [],
      )
      .option('--cooperative <id>', 'the cooperative of a coop_officer'),
  ).action(
    action(
      async (
        ctx,
        options: {
          username: string;
          password?: string;
          passwordStdin?: boolean;
          role: string;
          region: string[];
          cooperative?: string;
        },
      ) => {
        const password = options.passwordStdin ? await readStdin() : options.password;
        if (password === undefined)
          throw userError('give --password or --password-stdin', 'berikan --password atau --password-stdin');
        const cooperativeId = options.cooperative === undefined ? null : Number(options.cooperative);
        if (cooperativeId !== null && !(Number.isInteger(cooperativeId) && cooperativeId > 0)) {
          throw userError(
            `invalid --cooperative "${options.cooperative}": expected a cooperative id`,
            `--cooperative "${options.cooperative}" tidak sah: harus berupa id koperasi`,
          );
        }
        const created = await createUser(
          await ctx.database(),
          {
            username: options.username,
            password,
            role: options.role,
            regions: options.region,
            cooperativeId,
          },
          localOperator(ctx),
        );
        const json = { ...present(created.user), ...(created.totp ? { totp: created.totp } : {}) };
        const lines = [
          tr(
            `created ${created.user.username} (${created.user.role}), id ${created.user.id}`,
            `pengguna ${created.user.username} (${created.user.role}) dibuat, id ${created.user.id}`,
          ),
        ];
        if (created.totp)
          lines.push(
            tr(
              `TOTP secret (add to an authenticator app, shown once): ${created.totp.uri}`,
              `rahasia TOTP (tambahkan ke aplikasi autentikator, hanya ditampilkan sekali): ${created.totp.uri}`,
            ),
          );
        return { json, text: lines.join('\n') };
      },
    ),
  );

  withJson(users.command('list').description('list users')).action(
    action(async (ctx) => {
      const list = (await new UserRepository((await ctx.database()).db).list()).map(present);
      const text = list
        .map(
          (u) =>
            `${String(u.id).padStart(4)}  ${u.username.padEnd(20)} ${u.role.padEnd(17)} ${u.cooperative_id !== null ? `${tr('cooperative', 'koperasi')} ${u.cooperative_id}` : u.regions.join(',') || tr('national', 'nasional')}${u.disabled ? tr('  (disabled)', '  (nonaktif)') : ''}`,
        )
        .join('\n');
      return { json: list, text: text || tr('(no users)', '(belum ada pengguna)') };
    }),
  );

  withJson(
    users.command('disable').description('disable a user and revoke all their tokens').argument('<username>'),
  ).action(
    action(async (ctx, username: string) => {
      await disableUser(await ctx.database(), username, localOperator(ctx));
      return {
        json: { username, disabled: true },
        text: tr(`disabled ${username}`, `${username} dinonaktifkan`),
      };
    }),
  );

  const token = users.command('token').description('API tokens for machine clients (only hashes are stored)');
  withJson(
    token
      .command('create')
      .description('issue an API token (printed once)')
      .requiredOption('--username <name>', 'the user the token acts as')
      .requiredOption('--name <label>', 'what the token is for, e.g. "dinsos-sync"')
      .option('--days <n>', 'expire after n days (default: never)'),
  ).action(
    action(async (ctx, options: { username: string; name: string; days?: string }) => {
      const days = options.days === undefined ? null : Number(options.days);
      if (days !== null && !(Number.isInteger(days) && days > 0)) {
        throw userError(
          `invalid --days "${options.days}": expected a positive whole number`,
          `--days "${options.days}" tidak sah: harus bilangan bulat positif`,
        );
      }
      const issued = await createApiToken(await ctx.database(), options.username, {
        name: options.name,
        days,
        actor: localOperator(ctx),
      });
      return {
        json: {
          id: issued.id,
          username: issued.username,
          token: issued.token,
          expires_at: issued.expiresAt?.toISOString() ?? null,
        },
        text: tr(
          `token ${issued.id} for ${issued.username} (store it now, it is not shown again):\n${issued.token}`,
          `token ${issued.id} untuk ${issued.username} (simpan sekarang, tidak akan ditampilkan lagi):\n${issued.token}`,
        ),
      };
    }),
  );
  withJson(token.command('list').description('list API tokens (never the secrets)')).action(
    action(async (ctx) => {
      const rows = await new UserRepository((await ctx.database()).db).listTokens();
      const json = rows.map((r) => ({
        id: r.id,
        username: r.username,
        name: r.name,
        created_at: r.created_at.toISOString(),
        expires_at: r.expires_at?.toISOString() ?? null,
        last_used_at: r.last_used_at?.toISOString() ?? null,
        revoked: r.revoked_at !== null,
      }));
      const text = json
        .map(
          (t) =>
            `${String(t.id).padStart(4)}  ${t.username.padEnd(20)} ${t.name ?? ''}${t.revoked ? tr('  (revoked)', '  (dicabut)') : ''}`,
        )
        .join('\n');
      return { json, text: text || tr('(no tokens)', '(belum ada token)') };
    }),
  );
  withJson(token.command('revoke').description('revoke an API token').argument('<id>', 'token id')).action(
    action(async (ctx, id: string) => {
      const n = Number(id);
      if (!Number.isInteger(n) || n < 1)
        throw userError(`invalid token id "${id}"`, `id token "${id}" tidak sah`);
      await revokeApiToken(await ctx.database(), n, localOperator(ctx));
      return { json: { id: n, revoked: true }, text: tr(`revoked token ${n}`, `token ${n} dicabut`) };
    }),
  );
}
