#!/usr/bin/env python
"""Time one isochrone at random (logAge, [Fe/H], A_V) from the paper's prior (Table 1).

    python benchmarks/bench_isochrones.py [N]
"""
import sys, time
import numpy as np
from ocparams.isochrones import load_grid

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
t0 = time.perf_counter(); grid = load_grid(); t_load = time.perf_counter() - t0
grid.isochrone_arrays(8.0, 0.0, 1.0)                                  # compile the numba kernel
rng = np.random.default_rng(0)
p = np.c_[rng.uniform(6.7, 10.1, n), rng.uniform(-0.8, 0.6, n), rng.uniform(0, 5, n)]
times, npts = np.empty(n), np.empty(n)
for k, (a, z, av) in enumerate(p):
    t = time.perf_counter(); iso = grid.isochrone_arrays(a, z, av); times[k] = time.perf_counter() - t
    npts[k] = len(iso['Mini'])
print(f'grid load (first call, incl. checksum): {t_load*1e3:.0f} ms')
print(f'{n} isochrones at random (logAge, [Fe/H], A_V): mean {times.mean()*1e3:.3f} ms, median {np.median(times)*1e3:.3f} ms, '
      f'95th pct {np.percentile(times, 95)*1e3:.3f} ms; {npts.mean():.0f} points each on average')
