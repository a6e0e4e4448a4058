#!/usr/bin/env python
"""Real clusters against their synthetic twins: the eight calibration clusters (Gaia Collaboration 2018 parameters, the
only literature parameters the project uses) predicted from their real Almeida et al. (2023) members and from synthetic
twins at those parameters with the same number of members, made three ways: with the training's mass function, with the
paper's Salpeter one, and Salpeter twins thinned to the real cluster's G distribution. Where a twin is estimated right and
the real cluster is not, the difference between them is what the synthetic world lacks (issue 11 found the luminosity
function this way).

    python benchmarks/bench_twins.py [--model data/ensemble_single.npz] [--twins 8]
"""
import argparse, os, warnings
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
import numpy as np, pandas as pd
from ocparams.core import shared_file, ALMEIDA2023_MEMBERS
from ocparams.isochrones import load_colour_calibration
from ocparams.predict import default_model_path
from ocparams.stability import loo_members
from ocparams.synthesis import synth_cluster, REALISTIC_CLUSTERS
from ocparams.model import ClusterModel

EDGES = np.arange(-2, 19.01, 1.0)      # G bins for thinning a twin to the real magnitude distribution

def estimates(model, tables) -> np.ndarray:
    "Median logAge, [Fe/H], A_V over the clusters of `tables` (each with its own cluster_id)."
    p = model.predict_inputs(model.inputs(pd.concat(tables))[0])
    return p[['logAge_50', 'FeH_50', 'AV_50']].median().to_numpy()

def thinned(t, real_g, n, rng):
    "n stars of twin `t` drawn so that their G histogram follows the real cluster's."
    hr, _ = np.histogram(real_g, EDGES); ht, _ = np.histogram(t.G, EDGES)
    w = np.where(ht > 0, hr / np.maximum(ht, 1), 0)[np.clip(np.digitize(t.G, EDGES) - 1, 0, len(hr) - 1)]
    return t.iloc[rng.choice(len(t), n, replace=(w > 0).sum() < n, p=w / w.sum())]

if __name__ == '__main__':
    warnings.filterwarnings('ignore')
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--model', default=None); ap.add_argument('--twins', type=int, default=8)
    a = ap.parse_args()
    model = ClusterModel.load(a.model or default_model_path('single'))
    cal = load_colour_calibration().table['calibration_clusters']
    stars, _ = loo_members(shared_file(ALMEIDA2023_MEMBERS), clusters=list(cal), min_members=10)
    salpeter = {**REALISTIC_CLUSTERS, 'low_mass_slopes': None}
    rows = []
    for c, p in cal.items():
        s = stars[stars.cluster == c].assign(cluster_id=0)
        n, dmod, av = len(s), 5 * np.log10(100 / s.parallax.mean()), 3.1 * p['EBV']
        made = {'training MF': [], 'Salpeter': [], 'Salpeter, real G distribution': []}
        for seed in range(a.twins):
            rng = np.random.default_rng(seed)
            t, _ = synth_cluster(p['logAge'], p['FeH'], av, dmod, n, seed=seed, **REALISTIC_CLUSTERS)
            made['training MF'].append(t.assign(cluster_id=seed))
            big, _ = synth_cluster(p['logAge'], p['FeH'], av, dmod, 4 * n, seed=seed, **salpeter)
            made['Salpeter'].append(big.iloc[rng.choice(len(big), n, replace=False)].assign(cluster_id=seed))
            made['Salpeter, real G distribution'].append(thinned(big, s.G, n, rng).assign(cluster_id=seed))
        row = {'cluster': c, 'n': n, 'literature': (p['logAge'], p['FeH'], av), 'real': tuple(estimates(model, [s]))}
        row.update({k: tuple(estimates(model, v)) for k, v in made.items()})
        rows.append(row)
    d = pd.DataFrame(rows).set_index('cluster')
    fmt = lambda v: '/'.join(f'{x:.2f}' for x in v)
    print(f'logAge/[Fe/H]/A_V of each calibration cluster, median over {a.twins} twins; model {a.model or "bundled"}\n')
    print(d.map(lambda v: fmt(v) if isinstance(v, tuple) else v).to_string())
    lit = np.array(d.literature.tolist())
    print('\nmedian |estimate - literature| (logAge / [Fe/H] / A_V):')
    for k in ['real'] + list(made):
        print(f'  {k:32s}', fmt(np.median(np.abs(np.array(d[k].tolist()) - lit), axis=0)))
