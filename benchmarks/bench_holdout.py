#!/usr/bin/env python
"""Synthetic hold-out accuracy of ensembles side by side, on fresh clusters no network saw: clean (the paper's single stars,
one A_V, no field) and realistic (ocparams' default training clusters: binaries, differential A_V, field stars).

    python benchmarks/bench_holdout.py --models new=data/ensemble_single.npz old=runs/old_bundle/ensemble_single.npz [--n 3000] [--seed 4242]
    python benchmarks/bench_holdout.py --models bundle=data/ensemble_single.npz --bagged     # + the catalogue's bagged estimate
    python benchmarks/bench_holdout.py --surveys lsst --worlds realistic --models gaia=data/ensemble_single.npz \
        gaia+2mass=data/ensemble_multi.npz gaia+lsst=runs/lsst/ensemble_lsst.npz      # three systems on the same clusters

Prints RMSE, bias and 16-84 % coverage per parameter, all clusters and N_stars >= 100, for every model on both sets (the sets
are made once in runs/holdout_<kind>_<seed>_<n>[_<surveys>]/ with the current isochrone layer and reused; `--surveys` adds
further surveys' bands to the same clusters, so models of different photometric systems are compared star for star).
"""
import argparse, os, time
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
from pathlib import Path
import numpy as np, pandas as pd
from ocparams.synthesis import synthesize, CLEAN_CLUSTERS, REALISTIC_CLUSTERS
from ocparams.train import evaluate, synth_star_columns
from ocparams.model import ClusterModel, network_inputs, network_targets, predict_physical
from ocparams.ensemble import PARAMS
from ocparams.uncertainty import bootstrap_medians, bagged_estimates

def features_for(d, model):
    """Inputs of a synthetic set as `model` reads them in prediction: its system, feature set, ridge-line version and its own
    CMD scales (a set's own scales differ by ~1-2 %, which biased the LSST model by 0.15 dex in age)."""
    X, info = model.inputs(pd.read_parquet(d / 'stars.parquet', columns=synth_star_columns(model.system)))
    ids = info['cluster_id'].to_numpy()
    cl = pd.read_parquet(d / 'clusters.parquet').set_index('cluster_id').loc[ids]
    return dict(X=X, Y=cl[['logAge', 'FeH', 'AV', 'dMod']].to_numpy(np.float32), n_stars=cl['n_members'].to_numpy(), cluster_id=ids,
                ok=info['ok'].to_numpy())

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--models', nargs='+', required=True, help='label=path.npz ...')
    ap.add_argument('--n', type=int, default=3000); ap.add_argument('--seed', type=int, default=4242)
    ap.add_argument('--surveys', nargs='*', default=[], help="further surveys in the hold-out sets (e.g. lsst), for models of systems that use them")
    ap.add_argument('--worlds', nargs='+', default=['clean', 'realistic'], choices=['clean', 'realistic'])
    ap.add_argument('--common', action='store_true', help='score every model on the clusters all of them can estimate (e.g. the LSST model '
                    'needs 10 members fainter than Rubin saturates), and print how many each could')
    ap.add_argument('--bagged', action='store_true', help="also each model's bagged estimate, as predict_catalog reports it (the median "
                    'over the member draws of the error budget, 55_uncertainty), as a model labelled <label>+bagged')
    a = ap.parse_args()
    models = dict(m.split('=', 1) for m in a.models)
    rows = []
    for world, kw in (('clean', CLEAN_CLUSTERS), ('realistic', REALISTIC_CLUSTERS)):
        if world not in a.worlds: continue
        d = Path(f'runs/holdout_{world}_{a.seed}_{a.n}' + ''.join(f'_{s}' for s in a.surveys))
        t = time.time(); synthesize(a.n, seed=a.seed, out_dir=d, progress=False, surveys=tuple(a.surveys), **kw)
        print(f'{world}: {d} ({time.time() - t:.0f} s)')
        loaded = {label: ClusterModel.load(path) for label, path in models.items()}
        feats = {label: features_for(d, m) for label, m in loaded.items()}
        common = set.intersection(*(set(f['cluster_id'][f['ok'].astype(bool)]) for f in feats.values()))
        for label, f in feats.items(): print(f"{world}: {label} estimates {int(f['ok'].sum())} of {len(f['ok'])} clusters"
                                             + (f'; {len(common)} common to all models' if a.common else ''))
        for label, model in loaded.items():
            f = feats[label]; ok = f['ok'].astype(bool) & (np.isin(f['cluster_id'], list(common)) if a.common else True)
            r = evaluate(model.ensemble, network_inputs(f['X'][ok]), network_targets(f['Y'][ok], f['X'][ok, -1]), f['n_stars'][ok])
            for scope, key in (('all', 'metrics'), ('N>=100', 'metrics_n100')):
                for p, m in r[key].items():
                    rows.append(dict(world=world, model=label, scope=scope, param=p, rmse=m['rmse'], bias=m['bias'],
                                     coverage=r['coverage_calibrated'].get(p, np.nan) if scope == 'all' else np.nan))
            if a.bagged:
                ids, Y, N = f['cluster_id'][ok], f['Y'][ok].astype(float), f['n_stars'][ok]
                est = predict_physical(model.ensemble, f['X'][ok], N)[[f'{p}_50' for p in PARAMS]].to_numpy()
                stars = pd.read_parquet(d / 'stars.parquet', columns=synth_star_columns(model.system))
                stars = stars[stars.cluster_id.isin(ids)]
                for i in range(0, len(ids), 500):                    # in chunks: the draws of 3000 clusters hold ~10 x their stars
                    names, med = bootstrap_medians(stars[stars.cluster_id.isin(ids[i:i + 500])], model)
                    bag = bagged_estimates(med); pos = pd.Index(ids).get_indexer(names)
                    for j in range(len(PARAMS)): est[pos, j] = np.where(np.isfinite(bag[:, j]), bag[:, j], est[pos, j])
                for scope, m in (('all', np.ones(len(N), bool)), ('N>=100', N >= 100)):
                    for j, p in enumerate(PARAMS):
                        e = est[m, j] - Y[m, j]
                        rows.append(dict(world=world, model=f'{label}+bagged', scope=scope, param=p, rmse=float(np.sqrt(np.nanmean(e ** 2))),
                                         bias=float(np.nanmean(e)), coverage=np.nan))
    t = pd.DataFrame(rows)
    print(t.pivot_table(index=['world', 'scope', 'param'], columns='model', values=['rmse', 'bias']).round(3).to_string())
    print(t[t.scope == 'all'].pivot_table(index=['world', 'param'], columns='model', values='coverage').round(3).to_string())
