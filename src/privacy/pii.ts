import { can, type Principal } from '../shared/principal.js';
import { maskIdentifier } from '../identity/nik.js';

/**
 * Full NIK / No. KK only for roles with pii:read that state a purpose for the request; everyone else gets
 * the masked form (first and last four digits). Reads that reveal are audited by the access layer.
 */
export function revealsIdentifiers(principal: Principal): boolean {
  return can(principal, 'pii:read') && principal.purpose !== null;
}

export function shownIdentifier(value: string | null, reveal: boolean): string | null {
  return reveal ? value : maskIdentifier(value);
}

/** Purposes are free text but short and printable: they go into the audit log verbatim. */
export function parsePurpose(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return null;
  const text = value.trim();
  if (text.length < 3) return null;
  return text.slice(0, 200).replace(/\p{Cc}/gu, ' ');
}
