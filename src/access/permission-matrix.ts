import { PERMISSIONS, ROLE_DEFINITIONS, ROLES } from '../shared/roles.js';

/** The permission matrix as a Markdown table (docs/SECURITY.md embeds it; a test keeps them equal). */
export function renderPermissionMatrix(): string {
  const header = `| permission | ${ROLES.join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = PERMISSIONS.map(
    (p) =>
      `| \`${p}\` | ${ROLES.map((r) => (ROLE_DEFINITIONS[r].permissions.includes(p) ? '✓' : '')).join(' | ')} |`,
  );
  const scopes = `| scope | ${ROLES.map((r) => ROLE_DEFINITIONS[r].scope.replace(/_/g, ' ')).join(' | ')} |`;
  const totp = `| TOTP at sign-in | ${ROLES.map((r) => (ROLE_DEFINITIONS[r].requiresTotp ? 'required' : '')).join(' | ')} |`;
  return [header, rule, ...rows, scopes, totp].join('\n');
}
