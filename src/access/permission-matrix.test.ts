import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPermissionMatrix } from './permission-matrix.js';
import { permissionsBeyond, ROLE_DEFINITIONS, ROLES, roleHasPermission } from '../shared/roles.js';

describe('permission matrix', () => {
  it('docs/SECURITY.md shows exactly the matrix the code enforces', () => {
    const doc = fs.readFileSync(new URL('../../docs/SECURITY.md', import.meta.url), 'utf8');
    // Compare cell by cell: the formatter pads the Markdown table's columns.
    const cells = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('|') && !/^\|[\s:|-]+\|$/.test(line))
        .map((line) => line.split('|').map((cell) => cell.trim()));
    const expected = cells(renderPermissionMatrix());
    const first = doc.split('\n').findIndex((line) => line.startsWith('| permission'));
    expect(first).toBeGreaterThan(0);
    const table = doc.split('\n').slice(first).join('\n').split('\n\n')[0]!;
    expect(cells(table)).toEqual(expected);
  });
  it('keeps least privilege where the law asks for it', () => {
    expect(roleHasPermission('bptaskin_analyst', 'pii:read')).toBe(false);
    expect(roleHasPermission('auditor', 'pii:read')).toBe(false);
    expect(roleHasPermission('admin', 'pii:read')).toBe(false);
    expect(roleHasPermission('coop_officer', 'households:read')).toBe(false);
    expect(
      Object.entries(ROLE_DEFINITIONS)
        .filter(([, d]) => d.requiresTotp)
        .map(([r]) => r),
    ).toEqual(['admin']);
  });
  it('permissionsBeyond: what a granted role carries that the granter lacks', () => {
    expect(permissionsBeyond('admin', 'pendamping')).toEqual([
      'pii:read',
      'consent:manage',
      'enrolment:manage',
      'cooperatives:manage',
      'verification:propose',
    ]);
    expect(permissionsBeyond('admin', 'auditor')).toEqual([]);
    expect(permissionsBeyond('admin', 'admin')).toEqual([]);
    expect(permissionsBeyond('auditor', 'admin')).toEqual([
      'users:manage',
      'dsr:manage',
      'breaches:manage',
      'facilitators:manage',
    ]);
    // No role that the administrator may grant reveals identifiers.
    const grantable = ROLES.filter((r) => permissionsBeyond('admin', r).length === 0);
    expect(grantable).toEqual(['admin', 'auditor']);
    for (const r of grantable) expect(roleHasPermission(r, 'pii:read')).toBe(false);
  });
});
