#!/usr/bin/env python
"""Leave-one-star-out stability of the Gaia-only estimates on the Almeida et al. (2023) clusters (nbs/74_stability):
the distribution over clusters of the largest logAge shift one star causes, the worst ten, what kind of star drives them,
which input block carries the shift, and whether the estimate without the star (the brightest, 2nd, 3rd) agrees better or
worse with the published ages (`star_information`).

    python benchmarks/bench_stability.py                       # the catalogue's (bagged) estimate, all 1283 clusters with >= 30 members (~15 min)
    python benchmarks/bench_stability.py --draws 0             # the networks' estimate from all members (~1 min), with the diagnosis
    python benchmarks/bench_stability.py --model runs/x.npz --clusters 100 --no-zero-point --remedy --out /tmp/loo
"""
import argparse, time
from pathlib import Path
import numpy as np, pandas as pd
from ocparams.core import shared_file, ALMEIDA2023_MEMBERS
from ocparams.uncertainty import BOOTSTRAP_DRAWS
from ocparams.io import read_table
from ocparams.predict import default_model_path, predict_catalog
from ocparams.model import ClusterModel
from ocparams.stability import (leave_one_out, loo_members, stability_summary, driver_kind, diagnose, remedy_shifts,
                                rule_sensitivity, star_information, RIDGE_RULES)

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument('--model', help='single-band ensemble (.npz); default: the bundled one')
ap.add_argument('--clusters', type=int, help='only N clusters (a fixed random draw, Collinder_74 included); default: all')
ap.add_argument('--min-members', type=int, default=30)
ap.add_argument('--no-zero-point', action='store_true', help='leave the parallaxes uncorrected (predict_catalog corrects them where it can)')
ap.add_argument('--draws', type=int, default=BOOTSTRAP_DRAWS, help='member draws of the bagged estimate, as predict_catalog (default); 0: the estimate from all members, and the per-block diagnosis')
ap.add_argument('--remedy', action='store_true', help='also measure how one star moves the ridge colour inputs under other ridge rules (~2 min)')
ap.add_argument('--out', help='folder for per_star.parquet and per_cluster.parquet')
a = ap.parse_args()
pd.set_option('display.width', 250); pd.set_option('display.max_columns', 40)

table = read_table(shared_file(ALMEIDA2023_MEMBERS))
zp = not a.no_zero_point
names = None
if a.clusters:
    _, counts = loo_members(table, min_members=a.min_members, zero_point=zp)
    rest = [c for c in counts.index if c != 'Collinder_74']
    names = (['Collinder_74'] if 'Collinder_74' in counts.index else []) + sorted(np.random.default_rng(0).choice(rest, min(a.clusters, len(counts)) - 1, replace=False))
t0 = time.time(); model = ClusterModel.load(a.model or default_model_path('single')); t_load = time.time() - t0
t0 = time.time()
st, pc = leave_one_out(table, model, clusters=names, min_members=a.min_members, progress=False, zero_point=zp, draws=a.draws)
wall = time.time() - t0
print(f'model {a.model or default_model_path("single")} ({model.n_nets} nets, features {model.features}, ridge version {model.ridge_version}); '
      f'parallax zero point {"on" if zp else "off"}; ' + (f'bagged over {a.draws} member draws' if a.draws else 'estimate from all members'))
print(f'{len(pc)} clusters, {len(st)} leave-one-out predictions ({len(st) + len(pc)} virtual clusters, {(pc.n_members ** 2).sum() / 1e6:.1f} M virtual rows) '
      f'in {wall:.1f} s (model load {t_load:.1f} s)')
s, worst = stability_summary(pc, a.min_members)
print('\nlargest |dlogAge| per cluster:', {k: round(float(v), 3) for k, v in s.items()})
by_n = pc.groupby(pd.cut(pc.n_members, [29, 50, 100, 200, 400, 10000], labels=['30-50', '51-100', '101-200', '201-400', '>400']), observed=True).max_dlogAge.median()
print('median largest shift by member count:', {k: round(float(v), 3) for k, v in by_n.items()})
print(f'stars moving logAge by > 0.1 dex: {(st.dlogAge.abs() > 0.1).mean():.2%}')
kind = driver_kind(pc)
print('driver of the largest shift, clusters failing the goal:', kind[~pc.stable].value_counts().to_dict(), '| all:', kind.value_counts().to_dict())
show = ['n_members', 'logAge50', 'AV50', 'half_spread', 'max_dlogAge', 'dlogAge_worst', 'worst_G', 'worst_BP_RP', 'worst_M', 'worst_bin_count', 'worst_g_rank', 'max_dAV']
print('\nworst ten:\n' + worst[show].join(kind).round(3).to_string())
cat = predict_catalog(table, model=a.model, multi_model=None, columns='almeida2023', zero_point=zp, progress=False, bootstrap=a.draws)
for r in (1, 2, 3):
    print(f'\ninformation or noise: |logAge - lit3| with and without each cluster\'s star of G rank {r} (star_information):\n'
          + star_information(st, cat, g_rank=r).round(3).to_string())
if a.draws: print('\n(the per-block diagnosis is about the networks: run with --draws 0)')
else:
    t0 = time.time(); dg = diagnose(table, pc, worst.index, model, zero_point=zp)
    print(f'\nworst ten, logAge shift when only one input block takes its leave-one-out values, and block changes in input sd ({time.time() - t0:.1f} s):')
    print(dg.drop(columns=['n_members', 'worst_G', 'worst_BP_RP', 'worst_M', 'worst_bin_count', 'worst_g_rank']).round(2).to_string())
    failing = pc.index[~pc.stable]
    if len(failing):
        df = diagnose(table, pc, failing, model, zero_point=zp)
        only = [c for c in df if c.startswith('only')]
        print(f'\n{len(failing)} clusters failing the goal, median |logAge shift| per swap:', df[['all'] + only].abs().median().round(3).to_dict())
        print('block with the largest single-block effect:', df[only].abs().idxmax(axis=1).value_counts().to_dict())
if a.out:
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    st.to_parquet(out / 'per_star.parquet'); pc.to_parquet(out / 'per_cluster.parquet')
    print(f'\nwrote {out}/per_star.parquet, per_cluster.parquet')
if a.remedy:
    t0 = time.time(); rs = remedy_shifts(table, clusters=names, min_members=a.min_members, progress=False, zero_point=zp)
    tab = pd.concat({m: pd.DataFrame({q: rs.filter(like=f':{m}').quantile(p).set_axis(list(RIDGE_RULES)) for q, p in (('median', .5), ('p90', .9), ('p99', .99))})
                     for m in ('n_moved', 'rms_mag', 'max_sd')}, axis=1)
    sens = rule_sensitivity(n_clusters=40)
    print(f'\nworst single star per cluster, change of the 120 BP-RP quantile inputs under each ridge rule ({time.time() - t0:.0f} s), '
          'and the median change for a 0.1 dex age step (40 synthetic clusters):')
    sens.columns = pd.MultiIndex.from_product([['age step 0.1 dex'], sens.columns])
    print(tab.join(sens).round(3).to_string())
    print('\nworst ten, inputs moved per rule:\n' + rs.loc[worst.index, [f'{r}:n_moved' for r in RIDGE_RULES]].to_string())
    if a.out: rs.to_parquet(Path(a.out) / 'remedy.parquet')
