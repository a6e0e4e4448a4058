#!/usr/bin/env python
"""What the network inputs are worth: hold-out RMSE of the same small probe ensemble trained on the
paper's QuadTree inputs and on QuadTree + ridge line (`ocparams.ridge`), single-band and multiband,
on one synthetic set.

Same split as `ocparams train` (10 % calibration and 10 % test clusters that no network sees), the
same probe for every input set: K networks of 5 x W (LeakyReLU 0.3, dropout 0.1), each on its own
random `--subset` clusters of the pool (80/20 train/early-stopping split). Prints RMSE and bias
at N_stars >= 100 and over all test clusters, and the training time. Usage:

    ocparams synth --n 50000 --seed 2024 --out runs/synth50k
    python benchmarks/bench_features.py runs/synth50k [--nets 4] [--width 256] [--subset 0 (= whole pool)]
"""
import argparse, os, time
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
import pandas as pd
from ocparams.ensemble import train_ensemble, error_metrics
from ocparams.train import synth_features, pool_calibration_test_split
from ocparams.model import network_inputs, network_targets

def probe(synth, kind, features, nets, width, subset, epochs, seed=1):
    f = synth_features(synth, kind, features, progress=True)
    ok = f['ok'].astype(bool)
    pool, _, test = (i[ok[i]] for i in pool_calibration_test_split(len(ok), 0))
    X, Y, N = network_inputs(f['X']), network_targets(f['Y'], f['X'][:, -1]), f['n_stars']
    t = time.perf_counter()
    ens = train_ensemble(X[pool], Y[pool], config='cpu', n_nets=nets, hidden=(width,) * 5, epochs=epochs, patience=8,
                         subset_size=subset or len(pool), seed=seed, progress=False)
    dt = time.perf_counter() - t
    p = ens.predict(X[test], calibrated=False); big = N[test] >= 100
    m100, m = error_metrics(Y[test][big], p[big]), error_metrics(Y[test], p)
    row = {'model': kind, 'inputs': f"{features} ({X.shape[1]})", 'train_s': round(dt), 'epochs': ens.info['epochs_run']}
    row.update({f'rmse100 {q}': m100.loc[q, 'rmse'] for q in m100.index})
    row.update({f'bias100 {q}': m100.loc[q, 'bias'] for q in m100.index})
    row.update({f'rmse {q}': m.loc[q, 'rmse'] for q in m.index})
    return row

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('synth'); ap.add_argument('--nets', type=int, default=4); ap.add_argument('--width', type=int, default=256)
    ap.add_argument('--subset', type=int, default=0); ap.add_argument('--epochs', type=int, default=60)
    a = ap.parse_args()
    rows = [probe(a.synth, kind, fs, a.nets, a.width, a.subset, a.epochs) for kind in ('single', 'multi') for fs in ('quadtree', 'quadtree+ridge')]
    t = pd.DataFrame(rows).set_index(['model', 'inputs'])
    print(f'probe: {a.nets} networks of 5 x {a.width}, subset {a.subset or "whole pool"}, test clusters never seen')
    print(t.round(3).T.to_string())
