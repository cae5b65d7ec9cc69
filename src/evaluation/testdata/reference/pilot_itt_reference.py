"""Independent reference for the pilot ITT estimate (src/evaluation/pilot-impact.ts), with statsmodels.

Run from this directory:  python3 pilot_itt_reference.py
(statsmodels 0.15.0, numpy 2.4.6, pandas; pip install statsmodels). It (re)writes ../pilot-itt.csv — a small
synthetic pilot: 14 clusters (villages) in 2 strata, 3–7 households each, a village shock at follow-up (so
clustering matters), a treatment effect of 0.2 on log welfare, 3 households lost to follow-up — and prints the
numbers that src/evaluation/pilot-impact.test.ts keeps as literals.

Model (as entas' `itt`): y1 ~ treat + y0 + C(stratum) on households with a baseline and a follow-up value,
y = ln(pmt), and welfare_z = y z-scored on the control group's mean and sample SD at each date over all households
observed on that date. Standard errors: statsmodels' cluster-robust covariance with use_correction (the
G/(G-1)·(N-1)/(N-K) factor, i.e. CR1 = Stata vce(cluster) = sandwich::vcovCL(type="HC1")) and t with G-1
degrees of freedom (df_correction, use_t).
"""
import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

rng = np.random.default_rng(17)
rows = []
hh = 0
for c in range(14):
    stratum = 'A' if c < 7 else 'B'
    treat = 1 if c in {0, 2, 3, 8, 10, 11, 13} else 0
    shock = rng.normal(0, 0.25)
    level = rng.normal(0, 0.3) + (0.4 if stratum == 'B' else 0)
    for _ in range(int(rng.integers(3, 8))):
        hh += 1
        w0 = 13.0 + level + rng.normal(0, 0.5)
        w1 = w0 + 0.05 + shock + 0.2 * treat + rng.normal(0, 0.3)
        pmt0 = round(float(np.exp(w0)))
        pmt1 = '' if hh in {4, 19, 33} else str(round(float(np.exp(w1))))
        rows.append((hh, 'v%02d' % (c + 1), stratum, treat, pmt0, pmt1))
with open('../pilot-itt.csv', 'w') as f:
    f.write('household,cluster,stratum,treat,pmt_baseline,pmt_followup\n')
    for r in rows:
        f.write('%d,%s,%s,%d,%d,%s\n' % r)

d = pd.read_csv('../pilot-itt.csv')
d['y0'] = np.log(d['pmt_baseline'])
d['y1'] = np.log(d['pmt_followup'])


def z(col):
    c = d.loc[d['treat'] == 0, col].dropna()
    return (d[col] - c.mean()) / c.std(ddof=1)


d['z0'] = z('y0')
d['z1'] = z('y1')
kept = d.dropna(subset=['y1'])
G = kept['cluster'].nunique()
for outcome, base in (('welfare', 'y'), ('welfare_z', 'z')):
    fit = smf.ols('%s1 ~ treat + %s0 + C(stratum)' % (base, base), data=kept).fit(
        cov_type='cluster',
        cov_kwds={'groups': pd.factorize(kept['cluster'])[0], 'use_correction': True, 'df_correction': True},
        use_t=True,
    )
    lo, hi = fit.conf_int(0.05).loc['treat']
    classical = smf.ols('%s1 ~ treat + %s0 + C(stratum)' % (base, base), data=kept).fit()
    print(
        "%s: { n: %d, clusters: %d, df: %d, estimate: %.12f, se: %.12f, p: %.12f, ci_low: %.12f, ci_high: %.12f, classical_se: %.12f },"
        % (outcome, int(fit.nobs), G, G - 1, fit.params['treat'], fit.bse['treat'], fit.pvalues['treat'], lo, hi,
           classical.bse['treat'])
    )
