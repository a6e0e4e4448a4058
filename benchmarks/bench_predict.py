#!/usr/bin/env python
"""Predict the 1322 clusters of Almeida et al. (2023) with the bundled models: wall time and accuracy against
CAVALLO2024, HUNT2023, the clusters' own parallaxes and Spina et al. (2022) spectroscopy.

    python benchmarks/bench_predict.py        # needs ../shared/data (or $OCPARAMS_DATA)
"""
import time
import numpy as np, pandas as pd
from ocparams.core import shared_file, normalise_name
from ocparams.io import read_table
from ocparams.predict import predict_catalog
from ocparams.literature import load_hunt2023

def rb(a, b):
    d = np.asarray(a, float) - np.asarray(b, float); d = d[np.isfinite(d)]
    return f'n {len(d):5d}  rmse {np.sqrt(np.mean(d**2)):.3f}  bias {d.mean():+.3f}'

t0 = time.time(); table = read_table(shared_file('members/almeida2023/almeida2023_members_edr3.parquet')); t_read = time.time() - t0
t0 = time.time(); cat = predict_catalog(table, columns='almeida2023', progress=False); cold = time.time() - t0
t0 = time.time(); cat = predict_catalog(table, columns='almeida2023', progress=False); wall = time.time() - t0
n_stars = len(table)
print(f'read {n_stars} stars in {t_read:.1f} s; predict_catalog on {len(cat)} clusters: first call {cold:.1f} s (TensorFlow start-up, model build), '
      f'then {wall:.1f} s '
      f'({wall/len(cat)*1e3:.1f} ms per cluster; x{6413/len(cat):.2f} for the paper\'s 6413 clusters: ~{wall*6413/len(cat):.0f} s)')
print('tiers (%):', (cat.quality_tier.value_counts(normalize=True) * 100).round(1).to_dict(), '| paper 82 / 11 / 3.5 / 3')
cav = pd.read_csv(shared_file('catalogs/CAVALLO2024.csv')); hr = load_hunt2023()
for t in (cat, cav, hr): t['key'] = t.Cluster.map(normalise_name)
m = cat.merge(cav.drop_duplicates('key'), on='key', suffixes=('', '_cav')).merge(hr.drop_duplicates('key'), on='key', suffixes=('', '_hr'))
print(f'\n{len(m)} clusters in ours, CAVALLO2024 and HUNT2023')
for n in ('logAge', '[Fe/H]', 'AV', 'dMod'):
    line = f'{n:7s} ours-CAV: {rb(m[n + "50"], m[n + "50_cav"])}'
    if n + '50_hr' in m: line += f' | CAV-HR23: {rb(m[n + "50_cav"], m[n + "50_hr"])} | ours-HR23: {rb(m[n + "50"], m[n + "50_hr"])}'
    print(line)
s = m[m.plx / m.e_plx > 20]; dm = 5 * np.log10(100 / s.plx)
print(f'\ndMod vs the parallax distance modulus (plx/e_plx > 20): ours {rb(s.dMod50, dm)} | CAV {rb(s.dMod50_cav, dm)} | HR23 {rb(s.dMod50_hr, dm)}')
sp = pd.read_csv(shared_file('catalogs/SPINA2022.csv')); sp['key'] = sp.Cluster.map(normalise_name)
ms = m.merge(sp[['key', 'Fe']], on='key')
print(f'[Fe/H] vs Spina 2022: ours {rb(ms["[Fe/H]50"], ms.Fe)} | CAV {rb(ms["[Fe/H]50_cav"], ms.Fe)}')
g = ms[ms.Quality == 0]
print(f'[Fe/H] vs Spina 2022, our gold tier: ours {rb(g["[Fe/H]50"], g.Fe)} | CAV {rb(g["[Fe/H]50_cav"], g.Fe)}')
