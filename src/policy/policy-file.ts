import fs from 'node:fs';
import { UserError } from '../shared/errors.js';
import { compilePolicy, type CompiledPolicy } from './policy-compiler.js';
import { formatDiagnostic, type PolicyDiagnostic } from './policy-types.js';

export interface LoadedPolicy {
  file: string;
  text: string;
  policy: CompiledPolicy;
  warnings: PolicyDiagnostic[];
}

export function readPolicyText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(
      `cannot read policy file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/** Reads and compiles a policy file; any error stops here, so an invalid policy is never simulated or applied. */
export function loadPolicyFile(file: string): LoadedPolicy {
  return compilePolicyText(readPolicyText(file), file);
}

/** Compiles policy text (named `file` in messages) or throws a UserError with its first error. */
export function compilePolicyText(text: string, file: string): LoadedPolicy {
  const { policy, diagnostics } = compilePolicy(text);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (!policy || errors.length > 0) {
    const first = errors[0];
    const more =
      errors.length > 1 ? ` (and ${errors.length - 1} more; run entas policy validate ${file})` : '';
    throw new UserError(
      `policy ${first ? formatDiagnostic(file, first) : `${file} is invalid`}${more}`,
      'invalid_policy',
      errors,
    );
  }
  return { file, text, policy, warnings: diagnostics.filter((d) => d.severity === 'warning') };
}
