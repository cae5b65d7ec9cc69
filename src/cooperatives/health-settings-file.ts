/**
 * The health score's settings as configured: the YAML file named by ENTAS_COOP_HEALTH, else the one shipped in
 * policies/coop-health.yaml. Read once per file and kept (a change needs a restart, like other configuration).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { UserError, say } from '../shared/errors.js';
import type { HealthSettings } from './operations/health-score.js';
import { parseHealthSettings } from './operations/health-settings.js';

/** policies/coop-health.yaml at the package root (the same path from src/ and dist/src/). */
export const SHIPPED_HEALTH_SETTINGS = fileURLToPath(
  new URL(
    import.meta.url.includes('/dist/')
      ? '../../../policies/coop-health.yaml'
      : '../../policies/coop-health.yaml',
    import.meta.url,
  ),
);

const cache = new Map<string, HealthSettings>();

export function loadHealthSettings(
  file: string = process.env.ENTAS_COOP_HEALTH?.trim() || SHIPPED_HEALTH_SETTINGS,
): HealthSettings {
  const known = cache.get(file);
  if (known) return known;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(
      say(
        `cannot read the health settings ${file}: ${(error as Error).message}`,
        `pengaturan kesehatan ${file} tidak dapat dibaca: ${(error as Error).message}`,
      ),
      'invalid_input',
    );
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    throw new UserError(
      say(
        `${file}: not valid YAML: ${(error as Error).message}`,
        `${file}: YAML tidak sah: ${(error as Error).message}`,
      ),
      'invalid_input',
    );
  }
  const settings = parseHealthSettings(value, file);
  cache.set(file, settings);
  return settings;
}
