#!/usr/bin/env python
"""Honest uncertainties on real clusters (`55_uncertainty`): coverage of the 16-84 % intervals against references with
their own errors, the error per quality tier, and the cost of the member bootstrap.

    python benchmarks/bench_uncertainty.py [--repeats 3] [--model data/ensemble_single.npz]     # needs ../shared/data

Predicts the 1322 Gaia-only clusters of Almeida et al. (2023) with and without the bootstrap, alternating, and prints:
the wall times side by side (median of the repeats) and their ratio; `coverage_table` (|z| <= 1 fraction, RMS z, median z
per parallax bin against C24, HR23, CG20, D21, A23, Spina 2022 [Fe/H] and HR23's parallax dMod) and `coverage_goals`;
the same goal counts for HR23, D21, A23 and C24 tested in our place against the others (`coverage_yardstick`);
the tier fractions and the median |ours - lit3| logAge and A_V error per tier (lit3: per-cluster median of HR23, CG20,
D21); and the synthetic test coverage stored with the model by scripts/build_error_model.py.
"""
import argparse, json, os, time
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
import numpy as np, pandas as pd
from ocparams.core import shared_file, ALMEIDA2023_MEMBERS
from ocparams.io import read_table
from ocparams.predict import predict_catalog, default_model_path
from ocparams.scorecard import load_references, load_spina2022, coverage_table, coverage_goals, coverage_yardstick
from ocparams.uncertainty import BOOTSTRAP_DRAWS
from ocparams.tiers import tier_errors

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeats', type=int, default=3); ap.add_argument('--model', default=None)
    a = ap.parse_args()
    members = read_table(shared_file(ALMEIDA2023_MEMBERS))
    run = lambda b: predict_catalog(members, model=a.model, multi_model=None, columns='almeida2023', progress=False, bootstrap=b)
    run(0)                                                                          # warm-up: imports, model build, numba
    times = {0: [], BOOTSTRAP_DRAWS: []}
    for _ in range(a.repeats):
        for b in times:
            t = time.time(); cat = run(b); times[b].append(time.time() - t)
    t0, t1 = np.median(times[0]), np.median(times[BOOTSTRAP_DRAWS])
    print(f'{len(cat)} clusters: without bootstrap {t0:.1f} s, with {BOOTSTRAP_DRAWS} draws {t1:.1f} s (median of {a.repeats}); ratio {t1 / t0:.2f} (goal < 2)')
    refs, spina = load_references(), load_spina2022()
    cov = coverage_table(cat, refs, spina)
    pd.set_option('display.width', 200)
    print('\n' + cov.round(3).to_string()); print('\n' + coverage_goals(cov).to_string())
    print('\nthe same test for each published catalogue with intervals, in our place against the others (yardstick):\n'
          + coverage_yardstick(cat, refs, spina).round(3).to_string())
    per = tier_errors(cat, refs)
    print('\nper tier (errors against lit3 = median of HR23, CG20, D21):\n' + per.round(3).to_string())
    rep = json.loads(default_model_path('single').with_suffix('.report.json').read_text()).get('error_model', {})
    print('\nsynthetic test coverage (stored with the model):', json.dumps(rep.get('synthetic', {}).get('test_coverage_budget')))
