#!/usr/bin/env python
"""Inference forward pass of the bundled single-band ensemble, side by side in one run: `Ensemble.forward` (one plain
2-D matmul per network and layer, leaky ReLU in place) against the stacked form it replaced (one 3-D `np.matmul` over
all K networks per layer, `np.where` for the activation, batches of 512 rows).

    python benchmarks/bench_forward.py [--repeats 5]

The sizes are those of a 1322-cluster prediction: 1322 rows through all 16 networks (the clusters' own estimates) and
13,220 rows (10 member draws each) through the first 4 (`55_uncertainty.BOOTSTRAP_NETS`). Prints the median seconds of
each and the ratio, and checks that both give the same numbers.
"""
import argparse, time
import numpy as np
from ocparams.core import package_data_dir
from ocparams.ensemble import Ensemble

def stacked_forward(e, Xs, batch_size=512):
    "The old stacked form: (n, in) -> (n, K, 4)."
    out = []
    for s in range(0, len(Xs), batch_size):
        h = Xs[s:s + batch_size][None]
        for i in range(0, len(e.weights), 2):
            h = np.matmul(h, e.weights[i]) + e.weights[i + 1][:, None, :]
            if i < len(e.weights) - 2: h = np.where(h > 0, h, np.float32(e.config['leaky_alpha']) * h)
        out.append(h.transpose(1, 0, 2))
    return np.concatenate(out)

def timed(fn, repeats):
    ts = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); ts.append(time.perf_counter() - t)
    return float(np.median(ts))

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeats', type=int, default=5)
    a = ap.parse_args()
    e = Ensemble.load(package_data_dir() / 'ensemble_single.npz')
    rng = np.random.default_rng(0)
    for label, n, k in (('1322 rows x 16 nets', 1322, e.n_nets), ('13220 rows x 4 nets', 13220, 4)):
        sub, X = e.subset(k), rng.standard_normal((n, e.n_inputs)).astype('float32')
        np.testing.assert_allclose(sub.forward(X), stacked_forward(sub, X), rtol=1e-4, atol=1e-4)
        new, old = timed(lambda: sub.forward(X), a.repeats), timed(lambda: stacked_forward(sub, X), a.repeats)
        print(f'{label:20s} per network {new:6.3f} s   stacked {old:6.3f} s   speed-up {old / new:4.2f}x')
