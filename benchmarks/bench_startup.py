#!/usr/bin/env python
"""Start-up cost of a prediction, side by side in one run: `ocparams predict` on one cluster and on the 1322 Almeida et al.
(2023) clusters against `python -c "import numpy, pandas, scipy, astropy.table"` (the cost of the ecosystem alone).

    python benchmarks/bench_startup.py [--repeats 3] [--stages]   # the 1322-cluster run needs ../shared/data

Each command runs in its own process, alternating, `repeats` times; the wall time and the peak memory (max RSS, from
os.wait4) of each are printed as medians, with the ratios the newcomer issue sets as goals: one cluster within 1.5x the
time and 2.5x the memory of the bare imports, the 1322 clusters within 2x the one-cluster time.

`--stages` then times the stages of the 1322-cluster prediction inside one process, twice (the first run pays the
one-off costs: numba's kernel loading, the isochrone grid, lazy imports; the second shows the work per clusters alone):
where a batch spends its time beyond a one-cluster run.
"""
import argparse, os, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np

def stage_times(path, repeats=2):
    "Seconds per stage of `predict_catalog` + `write_table` on `path` (Almeida columns), one dict per run in this process."
    import functools
    import ocparams.predict as P
    from ocparams.ensemble import Ensemble
    from ocparams.model import ClusterModel
    from ocparams.io import write_table
    T = {}
    def timed(owner, name, label):
        f = getattr(owner, name)
        @functools.wraps(f)
        def g(*a, **k):
            key = label(k) if callable(label) else label
            t = time.perf_counter(); r = f(*a, **k); T[key] = T.get(key, 0.0) + time.perf_counter() - t; return r
        setattr(owner, name, g)
    for owner, name, label in ((P, 'catalog_stars', 'read, zero point, members'),
                               (ClusterModel, 'inputs', lambda k: 'features (member draws)' if k.get('resample') is not None else 'features (all members)'),
                               (Ensemble, 'forward', 'networks (forward passes)'), (P, '_mu_dist_column', 'mu_dist (isochrones)'),
                               (P, '_budget_and_tiers', 'error budget, tiers')):
        timed(owner, name, label)
    out = []
    for _ in range(repeats):
        T.clear(); t = time.perf_counter()
        cat = P.predict_catalog(str(path), columns='almeida2023', multi_model=None, progress=False)
        write_table(cat, Path(tempfile.mkdtemp()) / 'cat.csv')
        out.append(dict(T, total=time.perf_counter() - t))
    return out

def measure(cmd) -> tuple[float, float]:
    "Wall time (s) and peak RSS (MB) of one command in its own process."
    t = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL='3'))
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.time() - t
    if os.waitstatus_to_exitcode(status) != 0: sys.exit(f"{' '.join(map(str, cmd))} failed: {p.stderr.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss / 1024

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeats', type=int, default=3)
    ap.add_argument('--stages', action='store_true', help='then time the stages of the 1322-cluster prediction in this process')
    a = ap.parse_args()
    from ocparams.core import package_data_dir, shared_file, ALMEIDA2023_MEMBERS
    d = Path(tempfile.mkdtemp())
    ocp = [str(Path(sys.executable).with_name('ocparams'))]                 # the installed command, as a user runs it
    cmds = {'imports': [sys.executable, '-c', 'import numpy, pandas, scipy, astropy.table'],
            'one cluster': ocp + ['predict', str(package_data_dir() / 'alessi10_auriga.csv'), '--columns', 'auriga', '--out', str(d / 'one.csv'), '--quiet'],
            '1322 clusters': ocp + ['predict', str(shared_file(ALMEIDA2023_MEMBERS)), '--columns', 'almeida2023', '--out', str(d / 'all.csv'), '--quiet'],
            '1322, no boot': ocp + ['predict', str(shared_file(ALMEIDA2023_MEMBERS)), '--columns', 'almeida2023', '--out', str(d / 'all0.csv'), '--quiet',
                                    '--bootstrap', '0']}
    for c in cmds.values(): measure(c)                                      # warm the file cache (and numba's cache)
    res = {k: [] for k in cmds}
    for _ in range(a.repeats):
        for k, c in cmds.items(): res[k].append(measure(c))
    med = {k: np.median(np.array(v), axis=0) for k, v in res.items()}
    for k, (w, m) in med.items(): print(f'{k:14s} {w:6.2f} s {m:7.0f} MB')
    print(f"one cluster / imports: time {med['one cluster'][0] / med['imports'][0]:.2f}x (goal 1.5), "
          f"memory {med['one cluster'][1] / med['imports'][1]:.2f}x (goal 2.5); "
          f"1322 clusters / one cluster: time {med['1322 clusters'][0] / med['one cluster'][0]:.2f}x (goal 2; "
          f"{med['1322, no boot'][0] / med['one cluster'][0]:.2f}x without the member bootstrap)")
    if a.stages:
        runs = stage_times(shared_file(ALMEIDA2023_MEMBERS))
        print('stages of the 1322-cluster prediction in one process (s): first run / second run')
        for k in runs[-1]: print(f'  {k:28s} {runs[0].get(k, 0):6.2f} {runs[-1][k]:6.2f}')
