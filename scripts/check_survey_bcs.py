#!/usr/bin/env python
"""Spot check of data/bc_ps1.npz and data/bc_lsst.npz (built by scripts/build_survey_bcs.py).

    python scripts/check_survey_bcs.py [data_dir]

1. A solar-metallicity 1 Gyr main sequence (PARSEC points of data/isochrone_grid.npz, [Fe/H] = 0, logAge = 9.0):
   M_G, BP-RP, g_ps1-i_ps1, g_lsst-i_lsst, u_lsst-g_lsst at A_V = 0 and 1 (BCs bilinear in Teff, logg at the nodes
   [Fe/H] = 0 and A_V = 0, 1; M = Mbol - BC, Mbol = 4.74 - 2.5 logL).
2. Reference: synthetic photometry of two CALSPEC spectra shipped with pyphot (the Sun, sun_reference_stis_001; Vega,
   alpha_lyr_stis_003) through the same curves (Gaia EDR3 from speclite gaiadr3, Vega system with Vega = 0 as MIST; PS1
   from pyphot, LSST from speclite lsst2023; AB), against the tables at the stars' parameters and A_V = 0. The Sun at
   Teff 5772 K, logg 4.438, [Fe/H] 0; Vega at Teff 9550 K, logg 3.95, [Fe/H] -0.5 (a pole-on fast rotator: indicative).
   Colour differences mix MIST's model atmospheres with the LSST derivation; the LSST-minus-anchor differences
   (Delta = m_lsst - m_ps1 for g, i; m_lsst - m_sdss_u for u) isolate the derivation.
Requires the [build] extra (speclite, pyphot) for part 2.
"""
import sys
from importlib.resources import files
from pathlib import Path
import numpy as np

DATA = Path(__file__).resolve().parent.parent / 'data'

def bilinear(tab, teff_ax, logg_ax, teff, logg):
    "tab (n_teff, n_logg, ...) interpolated bilinearly at (teff, logg)."
    i = int(np.clip(np.searchsorted(teff_ax, teff) - 1, 0, len(teff_ax) - 2))
    j = int(np.clip(np.searchsorted(logg_ax, logg) - 1, 0, len(logg_ax) - 2))
    u = (teff - teff_ax[i]) / (teff_ax[i + 1] - teff_ax[i]); v = (logg - logg_ax[j]) / (logg_ax[j + 1] - logg_ax[j])
    return ((1 - u) * (1 - v) * tab[i, j] + u * (1 - v) * tab[i + 1, j] + (1 - u) * v * tab[i, j + 1] + u * v * tab[i + 1, j + 1])

def main(data=DATA):
    data = Path(data)
    g = np.load(DATA / 'isochrone_grid.npz'); p = np.load(data / 'bc_ps1.npz'); q = np.load(data / 'bc_lsst.npz')
    for k in ('bc_feh', 'bc_teff', 'bc_logg', 'bc_av'):
        assert np.array_equal(g[k], p[k]) and np.array_equal(g[k], q[k]), k
    teff_ax, logg_ax = g['bc_teff'], g['bc_logg']
    gb, pb, qb = list(g['bands']), list(p['bands']), list(q['bands'])
    ifeh = int(np.argmin(abs(g['bc_feh'])))

    def bcs(teff, logg, ia, feh_index=ifeh):
        t = lambda z: bilinear(z['bc'][feh_index, :, :, ia], teff_ax, logg_ax, teff, logg)
        return dict(zip(gb, t(g))) | dict(zip(pb, t(p))) | dict(zip(qb, t(q)))

    cube = g['eep_cube'][int(np.argmin(abs(g['feh']))), int(np.argmin(abs(g['logage'] - 9.0)))]
    ms = np.isfinite(cube[:, 0]) & (cube[:, 4] < 1.5) & (cube[:, 2] > 3.9)
    print('1 Gyr, [Fe/H] = 0 main sequence (PARSEC), absolute magnitudes; colours in the tables\' systems '
          '(Gaia Vega, PS1/LSST AB)')
    print(f'{"Mini":>5} {"Teff":>6} {"logg":>5} {"A_V":>4} {"M_G":>6} {"BP-RP":>6} {"g-i_ps1":>7} {"g-i_lsst":>8} '
          f'{"u-g_lsst":>8} {"(g-i)lsst-ps1":>13}')
    for target in (3500, 4500, 5000, 5772, 6500, 7500):
        k = np.nonzero(ms)[0][np.argmin(abs(10**cube[ms, 1] - target))]
        mini, lte, lg, ll = cube[k, :4]
        for ia in (0, int(np.nonzero(g['bc_av'] == 1.0)[0][0])):
            b = bcs(10**lte, lg, ia); mbol = 4.74 - 2.5 * ll
            M = {k2: mbol - v for k2, v in b.items()}
            gi_p = M['g_ps1'] - M['i_ps1']; gi_l = M['g_lsst'] - M['i_lsst']
            print(f'{mini:5.2f} {10**lte:6.0f} {lg:5.2f} {g["bc_av"][ia]:4.1f} {M["G"]:6.2f} {M["BP"] - M["RP"]:6.3f} '
                  f'{gi_p:7.3f} {gi_l:8.3f} {M["u_lsst"] - M["g_lsst"]:8.3f} {gi_l - gi_p:13.3f}')

    # --- reference: CALSPEC Sun and Vega through the same curves -----------------------------------------------------
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from build_survey_bcs import curve, ab_mag, vega_spectrum, read_bc_bands
    from astropy.io import fits
    bcfile = Path(str(files('lachesis'))) / 'Datafiles' / 'BC_tables' / 'bc_tables.h5'
    sdss_u = read_bc_bands(bcfile, ['SDSS_u'], (g['bc_feh'], teff_ax, logg_ax, g['bc_av']))[..., 0]
    d = fits.open(Path(str(files('pyphot'))) / 'libs' / 'sun_reference_stis_001.fits')[1].data
    sun = np.asarray(d['WAVELENGTH'], float), np.asarray(d['FLUX'], float)
    vega = vega_spectrum()
    cur = {'BP': 'speclite:gaiadr3-BP', 'RP': 'speclite:gaiadr3-RP', 'g_ps1': 'pyphot:PS1_g', 'i_ps1': 'pyphot:PS1_i',
           'u_sdss': 'pyphot:SDSS_u', 'u_lsst': 'speclite:lsst2023-u', 'g_lsst': 'speclite:lsst2023-g',
           'i_lsst': 'speclite:lsst2023-i'}
    print('\nreference: CALSPEC spectra through the same curves vs the tables at A_V = 0 (table - spectrum in brackets)')
    print(f'{"star":5} {"BP-RP":>15} {"g-i_ps1":>15} {"g-i_lsst":>15} {"u-g_lsst":>15} {"Dg=g_lsst-g_ps1":>17} '
          f'{"Di=i_lsst-i_ps1":>17} {"Du=u_lsst-u_sdss":>17}')
    for name, spec, teff, logg, feh in (('Sun', sun, 5772., 4.438, 0.0), ('Vega', vega, 9550., 3.95, -0.5)):
        m = {k: ab_mag(*spec, *curve(c)) for k, c in cur.items()}
        for k in ('BP', 'RP'): m[k] -= ab_mag(*vega, *curve(cur[k]))          # Vega system, Vega = 0 (as MIST)
        s = dict(bprp=m['BP'] - m['RP'], gi_p=m['g_ps1'] - m['i_ps1'], gi_l=m['g_lsst'] - m['i_lsst'],
                 ug=m['u_lsst'] - m['g_lsst'], dg=m['g_lsst'] - m['g_ps1'], di=m['i_lsst'] - m['i_ps1'],
                 du=m['u_lsst'] - m['u_sdss'])
        b = bcs(teff, logg, 0, int(np.argmin(abs(g['bc_feh'] - feh))))
        t = dict(bprp=b['RP'] - b['BP'], gi_p=b['i_ps1'] - b['g_ps1'], gi_l=b['i_lsst'] - b['g_lsst'],
                 ug=b['g_lsst'] - b['u_lsst'], dg=b['g_ps1'] - b['g_lsst'], di=b['i_ps1'] - b['i_lsst'])
        # Du needs the anchor: MIST's own SDSS u BC at the same point (astrolachesis, the [build] extra)
        bu = bilinear(sdss_u[int(np.argmin(abs(g['bc_feh'] - feh))), :, :, 0], teff_ax, logg_ax, teff, logg)
        t['du'] = bu - b['u_lsst']
        cell = lambda k: f'{t[k]:7.3f} ({t[k] - s[k]:+.3f})'
        print(f'{name:5} {cell("bprp"):>15} {cell("gi_p"):>15} {cell("gi_l"):>15} {cell("ug"):>15} {cell("dg"):>17} '
              f'{cell("di"):>17} {cell("du"):>17}')

if __name__ == '__main__': main(*sys.argv[1:])
