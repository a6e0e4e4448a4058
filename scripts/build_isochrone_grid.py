#!/usr/bin/env python
"""Build ocparams' compact isochrone grid (data/isochrone_grid.npz) from two PyPI packages.

    pip install lachesis-grids==0.0.9 astrolachesis==1.0.9     # (or: pip install -e ".[build]")
    python scripts/build_isochrone_grid.py                      # writes data/isochrone_grid.npz + .json

Inputs (see ../shared/DESIGN.md, "Isochrones"):
- lachesis-grids 0.0.9, `lachesis_grids/grids/parsec_v1.25.h5`: PARSEC v1.2S isochrones resampled onto
  equivalent evolutionary points (EEPs); storage 'sparse_v1' (values are the concatenation of the
  (feh, age) slices in C order; slice i holds EEPs offsets[i] .. offsets[i]+lengths[i]-1).
- astrolachesis 1.0.9, `lachesis/Datafiles/BC_tables/bc_tables.h5`, group UBVRIplus: MIST bolometric
  corrections BC(Teff, logg, [Fe/H], A_V) with R_V = 3.1 for Gaia EDR3 G, BP, RP and 2MASS J, H, Ks.

Output: only what ocparams uses at run time.
- `eep_cube` float32 (n_feh, n_age, n_eep, 5): Mini, logTe, logg, logL, label on the EEP axis, NaN where the
  EEP does not exist for that (feh, age); [Fe/H] nodes -1.00..+0.50 (step 0.25), logAge 6.60..10.20 (step 0.05).
- `bc` float32 (n_feh_bc, n_teff, n_logg, n_av, 6): the BC table for [Fe/H] -1.00..+0.75, Teff <= 60,000 K.
The provenance and two SHA-256 digests go to data/isochrone_grid.json: of the file's bytes (changes with the
zip time stamps of each rebuild) and of its arrays' contents (`content_sha256`, reproducible: a rebuild from
the same packages gives the same value). The package verifies the content digest on load.
"""
import hashlib, json, sys
from importlib.resources import files
from pathlib import Path
import h5py, numpy as np
from ocparams.isochrones import content_sha256   # the digest the package verifies on load: one definition

FEH_NODES = np.round(np.arange(-1.0, 0.5001, 0.25), 2)
AGE_MIN, AGE_MAX = 6.60, 10.20
BC_FEH = np.round(np.arange(-1.0, 0.7501, 0.25), 2)
TEFF_MAX = 60000.0
BAND_COLS = {'G': 'Gaia_G_EDR3', 'BP': 'Gaia_BP_EDR3', 'RP': 'Gaia_RP_EDR3', 'J': '2MASS_J', 'H': '2MASS_H', 'Ks': '2MASS_Ks'}
EEP_COLS = ['initial_mass', 'log_Teff', 'log_g', 'log_L', 'phase']

def read_parsec(path):
    "Dense EEP cube over the selected [Fe/H] and logAge nodes."
    with h5py.File(path, 'r') as f:
        cols = [c.decode() if isinstance(c, bytes) else str(c) for c in f.attrs['columns']]
        n_feh, n_age, n_eep, n_col = (int(v) for v in f.attrs['shape'])
        fehs, ages = f['feh_values'][:], f['age_values'][:]
        lengths, offsets, values = f['lengths'][:], f['offsets'][:], f['values'][:]
    starts = np.concatenate([[0], np.cumsum(lengths)])
    i_feh = [int(np.argmin(abs(fehs - z))) for z in FEH_NODES]
    assert np.allclose(fehs[i_feh], FEH_NODES)
    i_age = np.where((ages > AGE_MIN - 1e-6) & (ages < AGE_MAX + 1e-6))[0]
    ci = [cols.index(c) for c in EEP_COLS]
    e_lo = min(offsets[a * n_age + b] for a in i_feh for b in i_age)
    e_hi = max(offsets[a * n_age + b] + lengths[a * n_age + b] for a in i_feh for b in i_age)
    cube = np.full((len(i_feh), len(i_age), e_hi - e_lo, len(ci)), np.nan, np.float32)
    for a, fa in enumerate(i_feh):
        for b, ab in enumerate(i_age):
            i = fa * n_age + ab
            blk = values[starts[i]:starts[i] + lengths[i]][:, ci]
            cube[a, b, offsets[i] - e_lo:offsets[i] - e_lo + lengths[i]] = blk
    return cube, ages[i_age].astype(np.float64), np.arange(e_lo, e_hi) + 1

def read_bc(path):
    "BC table as a dense (feh, Teff, logg, A_V, band) array, rows placed by their own axis values."
    with h5py.File(path, 'r') as f:
        g = f['UBVRIplus']
        names = [b.decode() for b in g['band_names'][:]]
        fehs, data = g['feh_values'][:], g['data'][:]
    d0 = data[0]
    teff, logg, av = (np.unique(d0[:, k]) for k in (0, 1, 3))
    assert np.allclose(np.unique(d0[:, 4]), 3.1), 'expected R_V = 3.1'
    teff = teff[teff <= TEFF_MAX]
    bands = [5 + names.index(BAND_COLS[b]) for b in BAND_COLS]
    out = np.full((len(BC_FEH), len(teff), len(logg), len(av), len(bands)), np.nan, np.float32)
    for a, z in enumerate(BC_FEH):
        k = int(np.argmin(abs(fehs - z))); assert abs(fehs[k] - z) < 1e-6
        d = data[k]; keep = d[:, 0] <= TEFF_MAX; d = d[keep]
        it, ig, ia = np.searchsorted(teff, d[:, 0]), np.searchsorted(logg, d[:, 1]), np.searchsorted(av, d[:, 3])
        out[a, it, ig, ia] = d[:, bands]
    assert np.isfinite(out).all(), 'BC table has holes'
    return out, teff, logg, av

def main(out_dir=Path(__file__).resolve().parent.parent / 'data'):
    parsec = Path(str(files('lachesis_grids'))) / 'grids' / 'parsec_v1.25.h5'
    bcfile = Path(str(files('lachesis'))) / 'Datafiles' / 'BC_tables' / 'bc_tables.h5'
    cube, ages, eeps = read_parsec(parsec)
    bc, teff, logg, av = read_bc(bcfile)
    npz = Path(out_dir) / 'isochrone_grid.npz'
    np.savez_compressed(npz, eep_cube=cube, feh=FEH_NODES, logage=ages, eep=eeps.astype(np.int32),
                        bc=bc, bc_feh=BC_FEH, bc_teff=teff, bc_logg=logg, bc_av=av,
                        bands=np.array(list(BAND_COLS)), columns=np.array(['Mini', 'logTe', 'logg', 'logL', 'label']))
    sha = hashlib.sha256(npz.read_bytes()).hexdigest()
    with np.load(npz) as z: csha = content_sha256(z)
    meta = dict(file=npz.name, sha256=sha, content_sha256=csha, bytes=npz.stat().st_size,
                sources={'parsec': 'lachesis-grids 0.0.9: lachesis_grids/grids/parsec_v1.25.h5 (PARSEC v1.2S on EEPs)',
                         'bc': 'astrolachesis 1.0.9: lachesis/Datafiles/BC_tables/bc_tables.h5, group UBVRIplus (MIST BCs, R_V=3.1)'},
                bands=BAND_COLS, feh_nodes=FEH_NODES.tolist(), logage_nodes=[float(ages[0]), float(ages[-1]), 0.05],
                bc_feh=BC_FEH.tolist(), bc_teff_max=TEFF_MAX, mbol_sun=4.74,
                built_by='python scripts/build_isochrone_grid.py')
    (Path(out_dir) / 'isochrone_grid.json').write_text(json.dumps(meta, indent=1) + '\n')
    print(f'wrote {npz} ({npz.stat().st_size/1e6:.1f} MB), content sha256 {csha}')

if __name__ == '__main__': main(*sys.argv[1:])
