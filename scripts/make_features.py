#!/usr/bin/env python
"""Network inputs of a `synth` output for training, cached beside it (what `ocparams train` would compute first).

    python scripts/make_features.py runs/synth150k

Writes DIR/features_{single,multi}.npz (QuadTree inputs, 64 | 190 columns, with Y = logAge, FeH, AV, dMod, n_stars,
cluster_id, ok and the CMD scales fitted on this synthetic sample, paper Sect. 3.1) and DIR/ridge_{single,multi}.npz
(ridge-line features, 160 | 400 columns, `ocparams.ridge`), and prints the time per cluster.
"""
import sys, time
from ocparams.train import synth_features

d = sys.argv[1]
for kind in ('multi', 'single'):
    t = time.time()
    f = synth_features(d, kind, 'quadtree+ridge', progress=True)
    dt = time.time() - t
    print(f"{kind}: X {f['X'].shape}, ok {int(f['ok'].sum())}, {dt:.1f} s ({dt / len(f['X']) * 1e3:.3f} ms/cluster, reading included)")
