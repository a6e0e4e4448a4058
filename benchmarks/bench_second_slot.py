#!/usr/bin/env python
"""A second-slot model through `predict_catalog` on a synthetic hold-out set: RMSE, bias and 16-84 % coverage of the
catalogue (bagged estimate, error budget) against the truth, beside another second-slot model, on the clusters both
take in that slot.

    ocparams synth --n 3000 --seed 4242 --surveys lsst --out runs/holdout_lsst
    python benchmarks/bench_second_slot.py runs/holdout_lsst --models gaia+lsst=runs/lsst20k/ensemble_gaia+lsst.npz \\
        gaia+2mass=runs/lsst20k/ensemble_gaia+2mass.npz

The member table is the set's stars with ocparams' column names (true parallaxes: no zero point).
"""
import argparse, time
import numpy as np, pandas as pd
from ocparams.predict import predict_catalog

PAIRS = (('logAge', 'logAge'), ('[Fe/H]', 'FeH'), ('AV', 'AV'), ('dMod', 'dMod'))

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('set', help='a `ocparams synth` output folder with the bands the models read')
    ap.add_argument('--models', nargs='+', required=True, help='name=model.npz, each a model of a system with a second survey')
    ap.add_argument('--n', type=int, default=None, help='only the first N clusters of the set')
    a = ap.parse_args(argv)
    stars = pd.read_parquet(f'{a.set}/stars.parquet'); truth = pd.read_parquet(f'{a.set}/clusters.parquet').set_index('cluster_id')
    if a.n: stars = stars[stars.cluster_id.isin(truth.index[:a.n])]
    cmap = {c: c for c in stars.columns if c not in ('Mini', 'q', 'field', 'cluster_id')}; cmap['cluster'] = 'cluster_id'
    cats = {}
    for spec in a.models:
        name, path = spec.split('=', 1)
        t = time.time()
        cat = predict_catalog(stars, multi_model=path, columns=cmap, zero_point=False, progress=False)
        cat.index = cat.Cluster.astype(int)
        print(f'{name}: {time.time() - t:.0f} s, clusters per model {cat.model.value_counts().to_dict()}')
        cats[name] = cat
    both = np.logical_and.reduce([~c.model.isin(['', 'single']).to_numpy() for c in cats.values()])
    common = next(iter(cats.values())).index[both]
    rows = []
    for name, cat in cats.items():
        for sel, lab in ((common, 'all'), (common[(truth.loc[common, 'n_members'] >= 100).to_numpy()], 'N>=100')):
            r = {'model': name, 'clusters': lab, 'n': len(sel)}
            for p, tp in PAIRS:
                y, c = truth.loc[sel, tp].to_numpy(), cat.loc[sel]
                d = c[f'{p}50'].to_numpy() - y
                r[f'{p} rmse'], r[f'{p} bias'] = np.sqrt(np.mean(d ** 2)), d.mean()
                r[f'{p} cover'] = np.mean((y >= c[f'{p}16'].to_numpy()) & (y <= c[f'{p}84'].to_numpy()))
            rows.append(r)
    print(pd.DataFrame(rows).round(3).to_string(index=False))

if __name__ == '__main__': main()
