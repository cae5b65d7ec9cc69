import { describe, expect, it } from 'vitest';
import { entas, lastJson } from '../../testing/cli.js';

const contract = ['--clusters', '60', '--cluster-size', '20', '--icc', '0.05', '--treated-share', '0.5'];

describe('entas power', () => {
  it('prints the contract MDE with t quantiles and with --normal', async () => {
    const t = await entas(['power', ...contract, '--json']);
    expect(t.code).toBe(0);
    const json = lastJson(t.stdout) as { mde_sd: number; df: number; distribution: string; clusters: number };
    expect(json.mde_sd.toFixed(4)).toBe('0.2297');
    expect(json).toMatchObject({ clusters: 60, df: 58, distribution: 't' });
    const z = await entas(['power', ...contract, '--normal', '--json']);
    expect((lastJson(z.stdout) as { mde_sd: number }).mde_sd.toFixed(4)).toBe('0.2259');
    const text = await entas(['power', ...contract]);
    expect(text.stdout).toContain('MDE 0.2297 SD with 60 clusters');
  });

  it('answers the inverse: clusters needed for an MDE', async () => {
    const args = ['power', '--mde', '0.2298', ...contract.slice(2), '--json'];
    const result = await entas(args);
    expect(result.code).toBe(0);
    expect(lastJson(result.stdout)).toMatchObject({ clusters: 60, target_mde_sd: 0.2298, df: 58 });
  });

  it('refuses bad input with one line naming the option', async () => {
    const both = await entas(['power', '--mde', '0.2', ...contract]);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe('entas: give exactly one of --clusters and --mde');
    const icc = await entas(['power', ...contract.slice(0, 4), '--icc', 'abc', '--treated-share', '0.5']);
    expect(icc.code).toBe(2);
    expect(icc.stderr).toContain('--icc');
    const share = await entas(['power', ...contract.slice(0, 6), '--treated-share', '1.5']);
    expect(share.stderr.trim()).toBe('entas: --treated-share must be strictly between 0 and 1 (got 1.5)');
  });
});
