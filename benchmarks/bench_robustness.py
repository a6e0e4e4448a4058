#!/usr/bin/env python
"""A large batch with corrupted clusters against the same batch clean (`58_robustness` at scale).

    python benchmarks/bench_robustness.py [--copies 5] [--bad 0.05] [--seed 0]      # needs ../shared/data; ~3 min, 3 GB

The 1322 clusters of Almeida et al. (2023) replicated `copies` times with renamed clusters (5x: 6,610 clusters, 1.4 M
stars). In a fraction `bad` of the clusters (drawn at random), one corruption of the kinds real tables show is applied
(a placeholder BP for every member, placeholder G for a few members, an infinite parallax, -999 parallaxes, parallaxes in
arcsec, text in a magnitude cell, conflicting duplicate rows). Prints, for the clean and the dirty batch side by side:
wall time and peak memory (each in its own process, so the peaks are separate), then whether every good cluster kept its
values and tier, whether every input row is accounted for, and how each bad cluster was flagged.
"""
import argparse, json, os, resource, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np, pandas as pd

KINDS = ('placeholder_BP', 'G_minus99', 'inf_parallax', 'plx_minus999', 'plx_arcsec', 'text_in_G', 'conflicting_duplicates')

def replicate(members: pd.DataFrame, copies: int) -> pd.DataFrame:
    "The member table `copies` times, the clusters of copy k renamed '<name>~k' (copy 0 keeps its names)."
    return pd.concat([members.assign(cluster=members.cluster if k == 0 else members.cluster + f'~{k}') for k in range(copies)],
                     ignore_index=True)

def corrupt(table: pd.DataFrame, frac: float, seed: int) -> tuple[pd.DataFrame, dict]:
    "The table with a fraction of clusters corrupted (one kind each); and {cluster: kind}."
    rng = np.random.default_rng(seed)
    names = np.array(sorted(table.cluster.unique()))
    hit = rng.choice(names, int(round(frac * len(names))), replace=False)
    kinds = {c: KINDS[i % len(KINDS)] for i, c in enumerate(hit)}
    t = table.astype({'Gmag': object}).copy()
    extra = []
    for c, kind in kinds.items():
        rows = np.flatnonzero(t.cluster.to_numpy() == c)
        if kind == 'placeholder_BP': t.loc[rows, 'BPmag'] = 99.99
        elif kind == 'G_minus99': t.loc[rows[:3], 'Gmag'] = -99.0
        elif kind == 'inf_parallax': t.loc[rows[:1], 'Plx'] = np.inf
        elif kind == 'plx_minus999': t.loc[rows, 'Plx'] = -999.0
        elif kind == 'plx_arcsec': t.loc[rows, 'Plx'] = t.loc[rows, 'Plx'] / 1000
        elif kind == 'text_in_G': t.loc[rows[:1], 'Gmag'] = 'n/a!'
        elif kind == 'conflicting_duplicates': extra.append(t.loc[rows[:5]].assign(Gmag=lambda d: d.Gmag.astype(float) + 0.5))
    return pd.concat([t] + extra, ignore_index=True).sample(frac=1, random_state=seed), kinds

def run_one(table_path: str, out_path: str) -> dict:
    "Predict one table in this process: wall time and peak RSS."
    from ocparams.predict import predict_catalog
    t = time.time()
    cat = predict_catalog(pd.read_parquet(table_path), columns='almeida2023', multi_model=None, progress=False)
    wall = time.time() - t
    cat.to_parquet(out_path)
    return dict(wall=wall, peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == '--one':
        print(json.dumps(run_one(sys.argv[2], sys.argv[3]))); sys.exit(0)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--copies', type=int, default=5); ap.add_argument('--bad', type=float, default=0.05)
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    from ocparams.core import shared_file, ALMEIDA2023_MEMBERS
    from ocparams.io import read_table
    from ocparams.predict import PARAM_COLUMNS
    members = read_table(shared_file(ALMEIDA2023_MEMBERS))
    big = replicate(members, a.copies)
    dirty, kinds = corrupt(big, a.bad, a.seed)
    d = Path(tempfile.mkdtemp())
    big.to_parquet(d / 'clean.parquet')
    dirty.astype({'Gmag': str}).to_parquet(d / 'dirty.parquet')        # one text cell makes the column text, as in a CSV
    res = {}
    for label in ('clean', 'dirty'):
        out = subprocess.run([sys.executable, __file__, '--one', str(d / f'{label}.parquet'), str(d / f'{label}_cat.parquet')],
                             capture_output=True, text=True, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL='3'))
        if out.returncode: sys.exit(out.stderr[-3000:])
        res[label] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{big.cluster.nunique()} clusters, {len(big)} stars; {len(kinds)} corrupted ({a.bad:.0%}), {len(dirty)} rows in the dirty table")
    print(f"wall time: clean {res['clean']['wall']:.1f} s, dirty {res['dirty']['wall']:.1f} s, ratio {res['dirty']['wall'] / res['clean']['wall']:.2f}; "
          f"peak memory: clean {res['clean']['peak_mb']:.0f} MB, dirty {res['dirty']['peak_mb']:.0f} MB, ratio {res['dirty']['peak_mb'] / res['clean']['peak_mb']:.2f}")
    clean = pd.read_parquet(d / 'clean_cat.parquet').set_index('Cluster'); got = pd.read_parquet(d / 'dirty_cat.parquet').set_index('Cluster')
    good = [c for c in clean.index if c not in kinds]
    cols = [f'{n}{q}' for n in PARAM_COLUMNS.values() for q in (16, 50, 84)] + ['e_logAge']
    diff = np.nanmax(np.abs(got.loc[good, cols].to_numpy(float) - clean.loc[good, cols].to_numpy(float)))
    same_nan = (got.loc[good, cols].isna().to_numpy() == clean.loc[good, cols].isna().to_numpy()).all()
    tiers = int((got.loc[good, 'Quality'] != clean.loc[good, 'Quality']).sum())
    print(f"good clusters: {len(good)} of {len(good)} present: {set(good) <= set(got.index)}; largest value change {diff:.1e} "
          f"(NaN pattern equal: {same_nan}); tiers changed: {tiers}")
    acc = got[['n_duplicates', 'n_bad_photometry', 'n_faint', 'n_members']].sum(axis=1)
    print(f"rows accounted for: {int(got.n_input.sum())} of {len(dirty)}; per-cluster identity holds: {bool((acc == got.n_input).all())}")
    rep = pd.DataFrame({'kind': pd.Series(kinds), 'estimated': got.loc[list(kinds), 'model'] != '', 'flag': got.loc[list(kinds), 'flag']})
    print(rep.groupby('kind').agg(n=('flag', 'size'), estimated=('estimated', 'sum'),
                                  flags=('flag', lambda f: ' | '.join(sorted(set(x for v in f for x in v.split(',') if x))))).to_string())
