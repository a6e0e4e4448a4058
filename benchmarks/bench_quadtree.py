#!/usr/bin/env python
"""Speed of the QuadTree features (issue 4): mean ms per cluster for all three CMDs + parallax.

    python benchmarks/bench_quadtree.py                 # 50,000 clusters (about 27 million stars, ~1.5 GB RAM)
    python benchmarks/bench_quadtree.py --clusters 5000

Builds a star table with `ocparams.quadtree.mock_star_table` (log N ~ U(1, 3.5) members per cluster,
CMD-like clouds with the columns of the synthesis stage's stars.parquet), fits the CMD scales, then times
`cluster_features` on the whole table (multiband: 190 inputs, and single band: 64). Compilation is done
beforehand on a small table, so the figures are the steady-state cost. Target: <= 0.6 ms per cluster
for the three CMDs (the authors' code: ~190 ms).
"""
import argparse, os, time
import numpy as np
from ocparams.quadtree import mock_star_table, fit_cmd_scales, cluster_features

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--clusters', type=int, default=50_000)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--repeat', type=int, default=1, help='time the batch this many times, report the best')
    a = ap.parse_args()
    cluster_features(mock_star_table(50, seed=1), fit_cmd_scales(mock_star_table(50, seed=1)), progress=False, compiled=True)  # compile
    t0 = time.perf_counter()
    stars = mock_star_table(a.clusters, seed=a.seed)
    t_gen = time.perf_counter() - t0
    n = stars.groupby('cluster_id').size()
    print(f'table: {a.clusters} clusters, {len(stars):,} stars (mean {n.mean():.0f}, median {n.median():.0f}, '
          f'max {n.max()} per cluster), built in {t_gen:.1f} s; {os.cpu_count()} CPU cores, load {os.getloadavg()[0]:.1f}')
    scales = fit_cmd_scales(stars)
    for system in ('gaia+2mass', 'gaia'):
        best, cpu = np.inf, np.inf
        for _ in range(a.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            X, info = cluster_features(stars, scales, system=system, progress=False, compiled=True)
            best, cpu = min(best, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
        what = '3 CMDs + parallax (190 inputs)' if system == 'gaia+2mass' else 'Gaia CMD + parallax (64 inputs)'
        print(f'{what}: {1e3 * best / a.clusters:.3f} ms per cluster wall ({1e3 * cpu / a.clusters:.3f} CPU-ms), {best:.1f} s in all; '
              f'{int(info.ok.sum())} clusters ok, {int((~info.ok).sum())} flagged')

if __name__ == '__main__': main()
