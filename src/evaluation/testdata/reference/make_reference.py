"""Independent reference values for entas' estimators (numpy only), written beside the test data.

Run from this directory:  python3 make_reference.py
It (re)writes few-clusters.csv, staggered-panel.csv and reference.json. The data are synthetic (numpy seed
20261206); the estimators below are direct textbook implementations (explicit refits, explicit loops), sharing
no code with entas. Tests compare entas to reference.json with the tolerances stated in the tests.
"""
import itertools
import json

import numpy as np

rng = np.random.default_rng(20261206)

# ---------------------------------------------------------------- few clusters: wild bootstrap, RI, index
G = 8
rows = []
treated_clusters = {1, 2, 5, 7}
for c in range(G):
    size = int(rng.integers(6, 14))
    effect = rng.normal(0, 0.8)
    stratum = 'A' if c < 4 else 'B'
    for _ in range(size):
        x = rng.normal()
        treat = 1 if c in treated_clusters else 0
        y = 1.0 + 0.6 * treat + 0.5 * x + effect + rng.normal(0, 1)
        z1 = 0.4 * treat + rng.normal()
        z2 = 0.5 * z1 + 0.2 * treat + rng.normal()
        z3 = -0.3 * z1 + rng.normal()
        rows.append((c + 1, stratum, treat, x, y, z1, z2, z3))
with open('../few-clusters.csv', 'w') as f:
    f.write('village,stratum,treat,x,y,z1,z2,z3\n')
    for r in rows:
        f.write('%d,%s,%d,%.6f,%.6f,%.6f,%.6f,%.6f\n' % r)
# Re-read with the printed precision so both sides use the same numbers.
data = np.genfromtxt('../few-clusters.csv', delimiter=',', names=True, dtype=None, encoding='utf-8')
cl = np.array(data['village'])
treat = np.array(data['treat'], dtype=float)
xcol = np.array(data['x'], dtype=float)
y = np.array(data['y'], dtype=float)
n = len(y)


def ols_cr1(X, yv, clusters):
    beta = np.linalg.lstsq(X, yv, rcond=None)[0]
    e = yv - X @ beta
    bread = np.linalg.pinv(X.T @ X)
    ids = np.unique(clusters)
    meat = np.zeros((X.shape[1], X.shape[1]))
    for g in ids:
        s = X[clusters == g].T @ e[clusters == g]
        meat += np.outer(s, s)
    k = X.shape[1]
    nG = len(ids)
    V = nG / (nG - 1) * (len(yv) - 1) / (len(yv) - k) * bread @ meat @ bread
    return beta, np.sqrt(np.diag(V))


X = np.column_stack([np.ones(n), treat, xcol])
beta, se = ols_cr1(X, y, cl)
t_obs = beta[1] / se[1]
# Restricted fit without treat, then every Rademacher sign pattern over the 8 clusters.
Xr = X[:, [0, 2]]
br = np.linalg.lstsq(Xr, y, rcond=None)[0]
yt = Xr @ br
ut = y - yt
ids = np.unique(cl)
exceed = 0
for signs in itertools.product([1, -1], repeat=G):
    v = np.array([signs[list(ids).index(c)] for c in cl], dtype=float)
    bs, ss = ols_cr1(X, yt + v * ut, cl)
    if abs(bs[1] / ss[1]) >= abs(t_obs) * (1 - 1e-12):
        exceed += 1
wild = {'estimate': beta[1], 'se_cr1': se[1], 't': t_obs, 'p_rademacher_enumerated': exceed / 2 ** G}

# Randomisation inference: every assignment of 4 treated villages out of 8 (70), statistic = coefficient on treat.
cluster_ids = list(ids)
obs = beta[1]
count = 0
stats = []
for chosen in itertools.combinations(cluster_ids, 4):
    tr = np.isin(cl, chosen).astype(float)
    b = np.linalg.lstsq(np.column_stack([np.ones(n), tr, xcol]), y, rcond=None)[0][1]
    stats.append(b)
    count += abs(b) >= abs(obs) * (1 - 1e-12)
ri = {'estimate': obs, 'assignments': len(stats), 'p': count / len(stats)}
# Within strata (villages 1-4 = A, 5-8 = B; treated 2 of each): C(4,2)^2 = 36 assignments.
count = 0
total = 0
for a_ in itertools.combinations([1, 2, 3, 4], 2):
    for b_ in itertools.combinations([5, 6, 7, 8], 2):
        tr = np.isin(cl, a_ + b_).astype(float)
        b = np.linalg.lstsq(np.column_stack([np.ones(n), tr, xcol]), y, rcond=None)[0][1]
        total += 1
        count += abs(b) >= abs(obs) * (1 - 1e-12)
ri_strata = {'assignments': total, 'p': count / total}

# Outcome indices on z1, z2, z3, z-scored on the control group (sample sd, n - 1).
Z = np.column_stack([np.array(data[c], dtype=float) for c in ('z1', 'z2', 'z3')])
ctrl = treat == 0
zs = (Z - Z[ctrl].mean(axis=0)) / Z[ctrl].std(axis=0, ddof=1)
klk = zs.mean(axis=1)
S = np.cov(zs, rowvar=False, ddof=1)
w = np.linalg.inv(S).sum(axis=1)
raw = zs @ w / w.sum()
anderson = (raw - raw[ctrl].mean()) / raw[ctrl].std(ddof=1)
index = {'klk_first5': klk[:5].tolist(), 'anderson_weights': (w / w.sum()).tolist(),
         'anderson_first5': anderson[:5].tolist(),
         'anderson_treated_mean': anderson[~ctrl].mean(), 'klk_treated_mean': klk[~ctrl].mean()}

# ---------------------------------------------------------------- staggered adoption: Callaway & Sant'Anna
periods = [2001, 2002, 2003, 2004, 2005, 2006]
cohorts = [0] * 60 + [2003] * 40 + [2004] * 50 + [2005] * 30 + [2006] * 20
units = []
for u, gcoh in enumerate(cohorts):
    alpha = rng.normal(0, 1)
    for tt in periods:
        eff = 0.0 if gcoh == 0 or tt < gcoh else (0.5 + 0.25 * (tt - gcoh) + 0.1 * (gcoh - 2003))
        units.append((u + 1, tt, gcoh, alpha + 0.2 * (tt - 2001) + eff + rng.normal(0, 1)))
with open('../staggered-panel.csv', 'w') as f:
    f.write('unit,year,first_treated,y\n')
    for r in units:
        f.write('%d,%d,%d,%.6f\n' % r)
panel = np.genfromtxt('../staggered-panel.csv', delimiter=',', names=True)
ids_u = np.unique(panel['unit'])
N = len(ids_u)
Y = np.zeros((N, len(periods)))
Gu = np.zeros(N)
for r in panel:
    i = int(r['unit']) - 1
    Y[i, periods.index(int(r['year']))] = r['y']
    Gu[i] = r['first_treated']
groups = sorted(set(Gu) - {0})


def att_gt(control):
    cells = []
    for g in groups:
        for ti in range(1, len(periods)):
            t = periods[ti]
            base = ti - 1 if t < g else max(i for i, p in enumerate(periods) if p < g)
            if control == 'never':
                C = Gu == 0
            else:
                C = (Gu == 0) | ((Gu > periods[max(ti, base)]) & (Gu != g))
            D = Gu == g
            keep = D | C
            dy = Y[:, ti] - Y[:, base]
            n1 = keep.sum()
            p = D.sum() / n1
            m1 = dy[D].mean()
            m0 = dy[C].mean()
            inf = np.zeros(N)
            inf[D] = (dy[D] - m1) / p
            inf[C] = -(dy[C] - m0) / (1 - p)
            inf *= N / n1
            cells.append({'group': g, 'time': t, 'att': m1 - m0, 'inf': inf})
    return cells


def se(inf):
    return float(np.sqrt(np.mean(inf ** 2) / N))


def wif(keep, pg, cells):
    """Influence of the estimated group shares on a pg-weighted average (did::wif)."""
    s = sum(pg[k] for k in keep)
    if1 = np.column_stack([((Gu == cells[k]['group']) - pg[k]) / s for k in keep])
    tot = np.sum(np.column_stack([(Gu == cells[k]['group']) - pg[k] for k in keep]), axis=1)
    if2 = np.outer(tot, np.array([pg[k] for k in keep]) / s ** 2)
    return if1 - if2


def weighted(keep, pg, cells):
    w = np.array([pg[k] for k in keep]) / sum(pg[k] for k in keep)
    att = np.array([cells[k]['att'] for k in keep])
    inf = np.column_stack([cells[k]['inf'] for k in keep]) @ w + wif(keep, pg, cells) @ att
    return float(w @ att), inf


def aggregate(cells):
    pg = [float(np.mean(Gu == c['group'])) for c in cells]
    K = range(len(cells))
    out = {}
    simple, inf = weighted([k for k in K if cells[k]['group'] <= cells[k]['time']], pg, cells)
    out['simple'] = {'att': simple, 'se': se(inf)}
    dyn = []
    infs = []
    for e in sorted(set(c['time'] - c['group'] for c in cells)):
        a, i_ = weighted([k for k in K if cells[k]['time'] - cells[k]['group'] == e], pg, cells)
        dyn.append({'e': int(e), 'att': a, 'se': se(i_)})
        if e >= 0:
            infs.append((a, i_))
    out['dynamic'] = dyn
    out['dynamic_overall'] = {'att': float(np.mean([a for a, _ in infs])),
                              'se': se(np.mean([i_ for _, i_ in infs], axis=0))}
    grp = []
    atts = []
    ginfs = []
    first = []
    for g in groups:
        ks = [k for k in K if cells[k]['group'] == g and cells[k]['time'] >= g]
        a = float(np.mean([cells[k]['att'] for k in ks]))
        i_ = np.mean([cells[k]['inf'] for k in ks], axis=0)
        grp.append({'group': int(g), 'att': a, 'se': se(i_)})
        atts.append(a)
        ginfs.append(i_)
        first.append(ks[0])
    pgg = np.array([pg[k] for k in first])
    w = pgg / pgg.sum()
    inf = np.column_stack(ginfs) @ w + wif(first, pg, cells) @ np.array(atts)
    out['group'] = grp
    out['group_overall'] = {'att': float(w @ np.array(atts)), 'se': se(inf)}
    cal = []
    cinfs = []
    for t in periods:
        ks = [k for k in K if cells[k]['time'] == t and cells[k]['group'] <= t]
        if not ks:
            continue
        a, i_ = weighted(ks, pg, cells)
        cal.append({'time': t, 'att': a, 'se': se(i_)})
        cinfs.append(i_)
    out['calendar'] = cal
    out['calendar_overall'] = {'att': float(np.mean([c['att'] for c in cal])),
                               'se': se(np.mean(cinfs, axis=0))}
    out['cells'] = [{'group': int(c['group']), 'time': int(c['time']), 'att': float(c['att']), 'se': se(c['inf'])}
                    for c in cells]
    return out


staggered = {'never': aggregate(att_gt('never')), 'notyet': aggregate(att_gt('notyet'))}

with open('../reference.json', 'w') as f:
    json.dump({'numpy': np.__version__, 'wild_bootstrap': wild, 'randomization_inference': ri,
               'randomization_inference_strata': ri_strata, 'index': index, 'staggered': staggered},
              f, indent=1, default=float)
print(json.dumps({'wild': wild, 'ri': ri, 'ri_strata': ri_strata,
                  'simple_never': staggered['never']['simple'], 'simple_notyet': staggered['notyet']['simple']},
                 default=float))
