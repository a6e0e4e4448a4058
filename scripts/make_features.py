#!/usr/bin/env python
"""QuadTree features of a `synth` output for training: DIR/features_{single,multi}.npz.

    python scripts/make_features.py runs/synth50k

Each npz holds X (n, 64|190), Y (n, 4: logAge, FeH, AV, dMod), n_stars, cluster_id, ok, and the CMD scales (JSON)
fitted on this synthetic sample (paper Sect. 3.1).
"""
import json, sys, time
from pathlib import Path
import numpy as np, pandas as pd
from ocparams.quadtree import cluster_features, fit_cmd_scales

d = Path(sys.argv[1])
t0 = time.time()
stars = pd.read_parquet(d / 'stars.parquet', columns=['cluster_id', 'G', 'BP', 'RP', 'J', 'H', 'parallax'])
clusters = pd.read_parquet(d / 'clusters.parquet').set_index('cluster_id')
print(f'read {len(stars)} stars of {len(clusters)} clusters in {time.time()-t0:.1f} s')
scales = fit_cmd_scales(stars, multiband=True)
print('CMD scales (std over the whole synthetic sample):', scales)
for kind, multi in (('multi', True), ('single', False)):
    t = time.time()
    X, info = cluster_features(stars, scales, multiband=multi, progress=False)
    ids = info.index.values if 'cluster_id' not in info else info['cluster_id'].values
    c = clusters.loc[ids]
    np.savez(d / f'features_{kind}.npz', X=X, Y=c[['logAge', 'FeH', 'AV', 'dMod']].values.astype(np.float32),
             n_stars=c['n_members'].values, cluster_id=ids, ok=info['ok'].values, scales=json.dumps(scales))
    print(f'{kind}: X {X.shape}, ok {int(info["ok"].sum())}, {time.time()-t:.1f} s ({(time.time()-t)/len(X)*1e3:.3f} ms/cluster)')
