#!/usr/bin/env python
"""Build Pan-STARRS1 and Rubin/LSST bolometric-correction tables on the axes of data/isochrone_grid.npz's BC table.

    pip install astrolachesis==1.0.9 speclite==1.0.0 pyphot==2.1.1    # (or: pip install -e ".[build]")
    python scripts/build_survey_bcs.py      # writes data/bc_ps1.{npz,json}, data/bc_lsst.{npz,json} (~15 min, 2 cores)

Inputs
- astrolachesis 1.0.9, `lachesis/Datafiles/BC_tables/bc_tables.h5`: MIST v1.2 BCs(Teff, logg, [Fe/H], A_V), R_V = 3.1
  (asserted), groups UBVRIplus, SDSSugriz, PanSTARRS, SkyMapper, GALEX, WISE. Every group has the same rows (Teff, logg,
  A_V nodes, asserted); each row is placed by its own axis values, as in build_isochrone_grid.py's `read_bc`.
- data/isochrone_grid.npz: the axes `bc_feh`, `bc_teff`, `bc_logg`, `bc_av`; both outputs use exactly these.
- speclite 1.0.0 filter curves `lsst2023-{u,g,r,i,z,y}` (the LSST targets), `bessell-*`, `twomass-*`, `wise2010-W1/W2`,
  `gaiadr3-*`; pyphot 2.1.1 passband library (`libs/new_filters.hd5`) for SDSS_*, PS1_*, SkyMapper_*, GALEX_*: these
  reproduce MIST's published Vega AB magnitudes (MIST zeropoints table) to <= 0.006 mag, i.e. they are MIST's curves.
- pyphot 2.1.1 `libs/alpha_lyr_stis_003.fits` (CALSPEC Vega): AB - Vega offsets of the Vega-system MIST bands; with it the
  2MASS and WISE offsets equal MIST's published ones to < 0.001 mag.

Method
- Pan-STARRS1: MIST's own PS_g, PS_r, PS_i, PS_z, PS_y BCs (AB), copied onto the grid's axes. No derivation, except
  where MIST has no value (BC = -99 in the h5: [Fe/H] +0.75, Teff 45000 and 50000 K, logg <= 5.5, every A_V; the same
  holes are in SDSSugriz, SkyMapper, GALEX, WISE, not in UBVRIplus): there BC = BC_ref + (BC_band - BC_ref) linear in
  Teff between 40000 and 60000 K, ref = the UBVRIplus column that best reproduces the same cut at [Fe/H] -1..+0.5
  (cross-validated error in bc_ps1.json, <= 0.03 mag). SDSS u (the LSST u anchor) is filled the same way; GALEX's
  no-value entries at cool Teff are left out of the SED fit.
- LSST (MIST has no LSST group in this file): at every BC node, all usable MIST bands (AB magnitudes m = -BC + offset,
  Mbol dropping out) are fitted with one smooth SED: AB mag(lambda) = reference(lambda) + cubic B-spline in ln(lambda)
  (knots every 0.05 in ln(lambda) over 2900-11500 A, every 0.12 outside, 1200-56000 A), where reference = blackbody(Teff)
  reddened by CCM89 A_V (R_V = 3.1); the fit integrates the model through every band's curve (photon counting, AB), with a
  second-difference penalty, by Levenberg-Marquardt per node. Then Delta_x = m_LSSTx - m_anchor is integrated from the
  fitted SED, anchor = PS1 g,r,i,z,y for LSST g,r,i,z,y and SDSS u for LSST u, and BC_LSSTx = BC_anchor - Delta_x.
  Because MIST's BCs at each A_V already contain the extinction, Delta_x does too. SkyMapper_u is not used: MIST's curve
  has a red leak that pyphot's lacks (its u - g falls as A_V grows). PS_open, Kepler, TESS, Tycho, Hipparcos, Gaia DR2/MAW
  and WISE W3/W4 are not used (no matching curve, redundant, or beyond the grid).
- Validation (the stated error of the LSST table), every BC node: (a) SDSS g,r,i,z predicted from PS1 g,r,i,z with every
  SDSS band left out of the SED; (b) SkyMapper v,g,r,i,z predicted from SDSS u, PS1 g,r,i,z with every SkyMapper band left
  out; (c) Bessell U predicted from SDSS u with Bessell U left out. The sign is checked by the round trip of (a).

Outputs (np.savez_compressed, float32 `bc` of shape (n_feh_bc, n_teff, n_logg, n_av, n_bands)):
- data/bc_ps1.npz: bands g_ps1 r_ps1 i_ps1 z_ps1 y_ps1; data/bc_lsst.npz: bands u_lsst g_lsst r_lsst i_lsst z_lsst y_lsst;
  both also hold bc_feh, bc_teff, bc_logg, bc_av (identical to isochrone_grid.npz's) and photometric_system 'AB'.
  M_band = Mbol - BC_band, Mbol = 4.74 - 2.5 logL.
- data/bc_ps1.json, data/bc_lsst.json: sources, columns, curves, offsets, content_sha256 of the arrays, and for LSST the
  validation error tables and the size of Delta_x.
"""
import json, sys, time
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
import h5py, numpy as np
import speclite.filters as sfilters
from astropy.io import fits
from scipy.interpolate import BSpline
from ocparams.isochrones import content_sha256   # the digest the package verifies on load: one definition

TEFF_MAX = 60000.0
# (MIST group, MIST column, magnitude system, filter curve) for every band the SED fit may use
SED_BANDS = ([('GALEX', 'GALEX_' + b, 'AB', 'pyphot:GALEX_' + b) for b in ('FUV', 'NUV')]
             + [('SDSSugriz', 'SDSS_' + b, 'AB', 'pyphot:SDSS_' + b) for b in 'ugriz']
             + [('PanSTARRS', 'PS_' + b, 'AB', 'pyphot:PS1_' + b) for b in 'grizyw']
             + [('SkyMapper', 'SkyMapper_' + b, 'AB', 'pyphot:SkyMapper_' + b) for b in 'vgriz']
             + [('UBVRIplus', 'Bessell_' + b, 'Vega', 'speclite:bessell-' + b) for b in 'UBVRI']
             + [('UBVRIplus', '2MASS_' + b, 'Vega', 'speclite:twomass-' + b) for b in ('J', 'H', 'Ks')]
             + [('WISE', 'WISE_' + b, 'Vega', 'speclite:wise2010-' + b) for b in ('W1', 'W2')]
             + [('UBVRIplus', f'Gaia_{b}_EDR3', 'Vega', 'speclite:gaiadr3-' + b) for b in ('G', 'BP', 'RP')])
PS1 = {'g_ps1': 'PS_g', 'r_ps1': 'PS_r', 'i_ps1': 'PS_i', 'z_ps1': 'PS_z', 'y_ps1': 'PS_y'}
LSST = {f'{b}_lsst': f'speclite:lsst2023-{b}' for b in 'ugrizy'}
ANCHOR = {'u_lsst': 'SDSS_u', 'g_lsst': 'PS_g', 'r_lsst': 'PS_r', 'i_lsst': 'PS_i', 'z_lsst': 'PS_z', 'y_lsst': 'PS_y'}
# MIST's published AB magnitude of Vega for the Vega-system bands used (MIST BC-table zeropoints, 'mag(Vega/AB)' column)
MIST_VEGA_AB = {'Bessell_U': 0.800527, 'Bessell_B': -0.107512, 'Bessell_V': 0.006521, 'Bessell_R': 0.190278,
                'Bessell_I': 0.431372, '2MASS_J': 0.889176, '2MASS_H': 1.364157, '2MASS_Ks': 1.834505,
                'WISE_W1': 2.665543, 'WISE_W2': 3.305247}
VALIDATION = {   # name: (bands left out of the SED, [(target, anchor)])
    'sdss_from_ps1': (['SDSS_u', 'SDSS_g', 'SDSS_r', 'SDSS_i', 'SDSS_z'],
                      [('SDSS_g', 'PS_g'), ('SDSS_r', 'PS_r'), ('SDSS_i', 'PS_i'), ('SDSS_z', 'PS_z')]),
    'skymapper_from_sdss_ps1': (['SkyMapper_v', 'SkyMapper_g', 'SkyMapper_r', 'SkyMapper_i', 'SkyMapper_z'],
                                [('SkyMapper_v', 'SDSS_u'), ('SkyMapper_g', 'PS_g'), ('SkyMapper_r', 'PS_r'),
                                 ('SkyMapper_i', 'PS_i'), ('SkyMapper_z', 'PS_z')]),
    'bessell_u_from_sdss_u': (['Bessell_U'], [('Bessell_U', 'SDSS_u')]),
}
FILL_REFS = ['Bessell_U', 'Bessell_B', 'Bessell_V', 'Bessell_R', 'Bessell_I', '2MASS_J', '2MASS_H', '2MASS_Ks',
             'Gaia_G_EDR3', 'Gaia_BP_EDR3', 'Gaia_RP_EDR3']     # UBVRIplus columns: no 'no value' entries in the grid
STATED = {'u_lsst': ('bessell_u_from_sdss_u', 'Bessell_U'), 'g_lsst': ('sdss_from_ps1', 'SDSS_g'),
          'r_lsst': ('sdss_from_ps1', 'SDSS_r'), 'i_lsst': ('sdss_from_ps1', 'SDSS_i'),
          'z_lsst': ('sdss_from_ps1', 'SDSS_z'), 'y_lsst': ('sdss_from_ps1', 'SDSS_z')}
LNL = np.arange(np.log(1200.), np.log(56000.), 0.004)     # ln(lambda / A) grid of the SED model
LAM = np.exp(LNL)
KNOT_STEP, KNOT_STEP_OUT, KNOT_LO, KNOT_HI = 0.05, 0.12, 2900., 11500.
ALPHA, SIGMA = 10.0, 0.01                                  # smoothing weight; per-band magnitude tolerance
TEFF_BINS = [('Teff<4000', 0, 4000), ('4000<=Teff<7000', 4000, 7000), ('7000<=Teff<15000', 7000, 15000),
             ('Teff>=15000', 15000, np.inf)]

def read_bc_bands(path, cols, axes):
    """BC table of MIST columns `cols` on `axes` = (bc_feh, teff, logg, av): dense (feh, Teff, logg, A_V, band) float64;
    MIST's 'no value' entries (BC = -99) are NaN."""
    feh_ax, teff_ax, logg_ax, av_ax = axes
    out = np.full(tuple(len(a) for a in axes) + (len(cols),), np.nan)
    placed = np.zeros(out.shape, bool)
    with h5py.File(path, 'r') as f:
        groups = {}
        for g in f:
            names = [b.decode() for b in f[g]['band_names'][:]]
            for c in cols:
                if c in names: groups.setdefault(g, []).append((cols.index(c), 5 + names.index(c)))
        assert sum(len(v) for v in groups.values()) == len(cols), 'a requested MIST column is missing'
        for g, jc in groups.items():
            fehs, data = f[g]['feh_values'][:], f[g]['data'][:]
            d0 = data[0]
            assert np.allclose(np.unique(data[..., 4]), 3.1), f'{g}: expected R_V = 3.1'
            for ax, k in ((teff_ax, 0), (logg_ax, 1), (av_ax, 3)):   # the group's axes cover the grid's
                assert np.isin(np.round(ax, 6), np.round(np.unique(d0[:, k]), 6)).all(), f'{g}: axis {k} does not cover'
            for a, z in enumerate(feh_ax):
                k = int(np.argmin(abs(fehs - z))); assert abs(fehs[k] - z) < 1e-6, f'{g}: no [Fe/H] = {z}'
                d = data[k]; d = d[d[:, 0] <= TEFF_MAX]
                it, ig, ia = (np.searchsorted(ax, d[:, j]) for ax, j in ((teff_ax, 0), (logg_ax, 1), (av_ax, 3)))
                assert np.allclose(teff_ax[it], d[:, 0]) and np.allclose(logg_ax[ig], d[:, 1]) and np.allclose(av_ax[ia], d[:, 3])
                for j, c in jc: out[a, it, ig, ia, j] = d[:, c]; placed[a, it, ig, ia, j] = True
    assert placed.all() and np.isfinite(out).all(), 'BC table has holes'
    out[np.abs(out) > 90] = np.nan       # MIST's 'no value' (BC = -99), e.g. PanSTARRS at [Fe/H] +0.75, Teff 45-50 kK
    return out

def fill_teff(col, ref, teff):
    "NaNs of col (feh, Teff, logg, A_V) with valid Teff nodes on both sides: ref + (col - ref) linear in Teff."
    out = col.copy(); c = col - ref
    for a, j, k in zip(*np.nonzero(np.isnan(c).any(axis=1))):
        row = c[a, :, j, k]; ok = np.isfinite(row)
        if ok.sum() < 2: continue
        inner = ~ok & (teff > teff[ok].min()) & (teff < teff[ok].max())
        out[a, inner, j, k] = ref[a, inner, j, k] + np.interp(teff[inner], teff[ok], row[ok])
    return out

def fill_holes(bc, cols, fill, feh, teff):
    """Fill MIST's 'no value' entries of the columns `fill` by colour interpolation in Teff against the UBVRIplus column
    (FILL_REFS) that best reproduces known values when the same holes are cut at the other [Fe/H] nodes."""
    bc = bc.copy(); info = {}
    for name in fill:
        j = cols.index(name); col = bc[..., j]; holes = np.isnan(col)
        if not holes.any(): continue
        full = [b for b in range(col.shape[0]) if not np.isnan(col[b]).any()]
        scores = {}
        for ref in FILL_REFS:
            r = bc[..., cols.index(ref)]; errs = []
            for a in np.nonzero(holes.any(axis=(1, 2, 3)))[0]:
                for b in full:
                    cut = col.copy(); cut[b][holes[a]] = np.nan
                    errs.append((fill_teff(cut, r, teff)[b] - col[b])[holes[a]])
            e = np.abs(np.concatenate(errs)); scores[ref] = (float(e.max()), float(np.median(e)))
        ref = min(scores, key=scores.get)
        bc[..., j] = fill_teff(col, bc[..., cols.index(ref)], teff)
        assert np.isfinite(bc[..., j]).all(), f'{name}: holes left after filling'
        where = np.nonzero(holes)
        info[name] = dict(n_filled=int(holes.sum()), feh=sorted({float(feh[x]) for x in where[0]}),
                          teff=sorted({float(teff[x]) for x in where[1]}), reference_column=ref,
                          cross_validation_abs_error=dict(max=round(scores[ref][0], 4), median=round(scores[ref][1], 4)))
    return bc, info

def curve(src):
    "(wavelength [A], photon-counting response) of 'speclite:NAME' or 'pyphot:NAME'."
    kind, name = src.split(':')
    if kind == 'speclite':
        f = sfilters.load_filter(name); return np.asarray(f.wavelength, float), np.asarray(f.response, float)
    from pyphot import get_library
    f = get_library()[name]
    w = np.asarray(f.wavelength.to('AA').value if hasattr(f.wavelength, 'to') else f.wavelength, float)
    t = np.asarray(f.transmit, float)
    return w, (t if f.dtype == 'photon' else t * w)

def vega_spectrum():
    d = fits.open(Path(str(files('pyphot'))) / 'libs' / 'alpha_lyr_stis_003.fits')[1].data
    return np.asarray(d['WAVELENGTH'], float), np.asarray(d['FLUX'], float)     # A, erg/s/cm2/A

def ab_mag(wl, flam, w, t):
    "AB magnitude of an f_lambda spectrum through a photon-counting curve."
    T = np.interp(wl, w, t, left=0, right=0); fnu = flam * wl**2 / 2.99792458e18
    return -2.5 * np.log10(np.trapezoid(fnu * T / wl, wl) / np.trapezoid(3631e-23 * T / wl, wl))

def pivot(w, t): return float(np.sqrt(np.trapezoid(t * w, w) / np.trapezoid(t / w, w)))

def band_weights(srcs):
    "(n_band, n_lambda): f_nu,band = sum_l W[b, l] f_nu(l) on the ln(lambda) grid (photon counting, AB)."
    W = np.zeros((len(srcs), LAM.size))
    for j, s in enumerate(srcs):
        w, t = curve(s); W[j] = np.interp(LAM, w, t, left=0, right=0); W[j] /= W[j].sum()
    return W

def ccm89(lam):
    "A_lambda / A_V of Cardelli, Clayton & Mathis (1989), R_V = 3.1 (the IR power law continued beyond 3.3 um)."
    x = 1e4 / lam; a = np.zeros_like(x); b = np.zeros_like(x)
    ir = x < 1.1; a[ir] = 0.574 * x[ir]**1.61; b[ir] = -0.527 * x[ir]**1.61
    op = (x >= 1.1) & (x < 3.3); y = x[op] - 1.82
    a[op] = np.polyval([0.32999, -0.77530, 0.01979, 0.72085, -0.02427, -0.50447, 0.17699, 1.0], y)
    b[op] = np.polyval([-2.09002, 5.30260, -0.62251, -5.38434, 1.07233, 2.28305, 1.41338, 0.0], y)
    uv = (x >= 3.3) & (x < 8); xx = x[uv]; d = np.clip(xx - 5.9, 0, None)
    a[uv] = 1.752 - 0.316 * xx - 0.104 / ((xx - 4.67)**2 + 0.341) - 0.04473 * d**2 - 0.009779 * d**3
    b[uv] = -3.090 + 1.825 * xx + 1.206 / ((xx - 4.62)**2 + 0.263) + 0.2130 * d**2 + 0.1207 * d**3
    fuv = x >= 8; xx = x[fuv] - 8
    a[fuv] = -1.073 - 0.628 * xx + 0.137 * xx**2 - 0.070 * xx**3; b[fuv] = 13.670 + 4.257 * xx - 0.420 * xx**2 + 0.374 * xx**3
    return a + b / 3.1

def reference_mags(teff, av):
    "(n_teff * n_av, n_lambda) reference AB-mag spectra (up to a constant): blackbody f_nu(Teff) + A_V * CCM89."
    bb = 2.5 * (3 * np.log10(LAM)[None] + np.log10(np.expm1(1.438776877e8 / (LAM[None] * teff[:, None]))))
    return (bb[:, None, :] + av[None, :, None] * ccm89(LAM)[None, None, :]).reshape(len(teff) * len(av), LAM.size)

def spline_basis():
    "Cubic B-spline basis on LNL (n_lambda, n_knot) and the second-difference penalty matrix."
    inner = np.r_[np.arange(np.log(KNOT_LO), LNL[0], -KNOT_STEP_OUT)[::-1][:-1],
                  np.arange(np.log(KNOT_LO), np.log(KNOT_HI), KNOT_STEP),
                  np.arange(np.log(KNOT_HI), LNL[-1] + KNOT_STEP_OUT, KNOT_STEP_OUT)]
    inner[0] = min(inner[0], LNL[0]); inner[-1] = max(inner[-1], LNL[-1] + 1e-9)
    B = BSpline.design_matrix(LNL, np.r_[[inner[0]] * 3, inner, [inner[-1]] * 3], 3).toarray()
    D = np.diff(np.eye(B.shape[1]), 2, axis=0)
    return B, D.T @ D

def _evaluate(c, m, mr, B, W):
    sed = mr + c @ B.T; s0 = sed.min(axis=1, keepdims=True)
    E = 10**(-0.4 * (sed - s0)); F = E @ W.T
    return E, F, -2.5 * np.log10(F) + s0 - m

def fit_seds(m, ref_idx, MR, W, W_out, B, DtD, max_iter=60, tol=1e-9, chunk=4000):
    """Fit sed(l) = MR[ref_idx] + B c to the band AB mags m (n, n_band; NaN = no value, not used) through curves W,
    per node (Levenberg-Marquardt, each node until its cost stops falling); return the fitted SED's AB mags through
    W_out and the fit residuals (NaN where m is)."""
    n, nb = m.shape; nk = B.shape[1]
    wgt_all = np.where(np.isfinite(m), 1 / SIGMA**2, 0.0); m = np.nan_to_num(m)
    sup = []
    for b in range(nb):
        l = np.nonzero(W[b])[0]; lo, hi = l[0], l[-1] + 1
        k = np.nonzero(np.abs(B[lo:hi]).sum(0))[0]; sup.append((lo, hi, k[0], k[-1] + 1))
    ll = (W * LNL).sum(1); Bp = B[np.searchsorted(LNL, ll)]      # start: smooth curve through (mean ln lambda, m - ref)
    P0 = np.linalg.solve(Bp.T @ Bp + 1e-3 * DtD + 1e-9 * np.eye(nk), Bp.T)
    out, res = np.empty((n, len(W_out))), np.empty((n, nb))
    penalty = lambda c: ALPHA * np.einsum('nk,kj,nj->n', c, DtD, c)
    for s in range(0, n, chunk):
        mm, mr, wgt = m[s:s + chunk], MR[ref_idx[s:s + chunk]], wgt_all[s:s + chunk]
        r0 = mr.min(axis=1, keepdims=True)
        d0 = mm - (-2.5 * np.log10(10**(-0.4 * (mr - r0)) @ W.T) + r0)
        d0 = np.where(wgt > 0, d0, np.nanmedian(np.where(wgt > 0, d0, np.nan), axis=1, keepdims=True))
        c = d0 @ P0.T
        E, F, r = _evaluate(c, mm, mr, B, W)
        cost = (r**2 * wgt).sum(1) + penalty(c); mu = np.full(len(mm), 1e-2); active = np.ones(len(mm), bool)
        for _ in range(max_iter):
            a = np.nonzero(active)[0]
            if a.size == 0: break
            J = np.zeros((a.size, nb, nk))
            for b, (lo, hi, k0, k1) in enumerate(sup):
                J[:, b, k0:k1] = ((E[a, lo:hi] * W[b, lo:hi]) @ B[lo:hi, k0:k1]) / F[a, b:b + 1]
            Jw = J * wgt[a, :, None]
            H = np.matmul(J.transpose(0, 2, 1), Jw) + ALPHA * DtD
            g = np.einsum('nbk,nb->nk', Jw, r[a]) + ALPHA * c[a] @ DtD
            Hd = H + mu[a, None, None] * (np.einsum('nkk->nk', H)[:, :, None] * np.eye(nk))
            ct = c[a] - np.linalg.solve(Hd, g[..., None])[..., 0]
            Et, Ft, rt = _evaluate(ct, mm[a], mr[a], B, W)
            ok = np.isfinite(rt).all(1)
            costt = np.where(ok, (np.nan_to_num(rt)**2 * wgt[a]).sum(1) + penalty(ct), np.inf)
            acc = costt < cost[a]; gain = (cost[a] - costt) / cost[a]
            i = a[acc]; c[i], E[i], F[i], r[i], cost[i] = ct[acc], Et[acc], Ft[acc], rt[acc], costt[acc]
            mu[a] = np.where(acc, mu[a] / 3, mu[a] * 4)
            active[a[(acc & (gain < tol)) | (mu[a] > 1e10)]] = False
        sed = mr + c @ B.T; s0 = sed.min(axis=1, keepdims=True)
        out[s:s + chunk] = -2.5 * np.log10(10**(-0.4 * (sed - s0)) @ W_out.T) + s0
        res[s:s + chunk] = np.where(wgt > 0, r, np.nan)
    return out, res

def stats(err, mask=None):
    e = err if mask is None else err[mask]; e = e[np.isfinite(e)]; a = np.abs(e)
    if a.size == 0: return None
    return dict(n=int(a.size), median_abs=round(float(np.median(a)), 4), p68_abs=round(float(np.percentile(a, 68)), 4),
                p95_abs=round(float(np.percentile(a, 95)), 4), max_abs=round(float(a.max()), 3),
                median_signed=round(float(np.median(e)), 4))

def isochrone_nodes(grid):
    "(n_teff, n_logg) mask of the BC nodes that bracket a PARSEC isochrone point of the grid."
    cube = grid['eep_cube']; te = 10**cube[..., 1].ravel(); lg = cube[..., 2].ravel()
    ok = np.isfinite(te) & np.isfinite(lg); te, lg = te[ok], lg[ok]
    teff, logg = grid['bc_teff'], grid['bc_logg']
    i = np.clip(np.searchsorted(teff, te) - 1, 0, teff.size - 2); j = np.clip(np.searchsorted(logg, lg) - 1, 0, logg.size - 2)
    m = np.zeros((teff.size, logg.size), bool)
    for di in (0, 1):
        for dj in (0, 1): m[i + di, j + dj] = True
    return m

def error_table(err, T, A, G, iso):
    "Error distribution by scope (all nodes / isochrone nodes), Teff range, A_V = 0 vs the largest A_V, dwarfs."
    out = {}
    for scope, base in (('all_nodes', np.ones_like(iso)), ('isochrone_nodes', iso)):
        t = {'all': stats(err, base)}
        for name, lo, hi in TEFF_BINS: t[name] = stats(err, base & (T >= lo) & (T < hi))
        t['A_V=0'] = stats(err, base & (A == 0)); t[f'A_V={A.max():g}'] = stats(err, base & (A == A.max()))
        t['logg>=4,Teff>=4000,A_V<=1'] = stats(err, base & (G >= 4) & (T >= 4000) & (A <= 1))
        t['logg>=4,Teff<4000,A_V<=1'] = stats(err, base & (G >= 4) & (T < 4000) & (A <= 1))
        out[scope] = t
    return out

def worst(err, T, G, F, A, k=5):
    o = np.argsort(-np.nan_to_num(np.abs(err)))[:k]
    return [dict(feh=float(F[i]), teff=float(T[i]), logg=float(G[i]), av=float(A[i]), error=round(float(err[i]), 3)) for i in o]

DATA = Path(__file__).resolve().parent.parent / 'data'

def main(out_dir=DATA):
    t_start = time.time(); out_dir = Path(out_dir)
    bcfile = Path(str(files('lachesis'))) / 'Datafiles' / 'BC_tables' / 'bc_tables.h5'
    with np.load(DATA / 'isochrone_grid.npz') as z: grid = {k: z[k] for k in z.files}
    axes = (grid['bc_feh'], grid['bc_teff'], grid['bc_logg'], grid['bc_av'])
    shape = tuple(len(a) for a in axes)
    versions = {p: version(p) for p in ('astrolachesis', 'speclite', 'pyphot', 'numpy', 'scipy')}

    cols = [b[1] for b in SED_BANDS]
    bc_raw = read_bc_bands(bcfile, cols, axes)                           # NaN: MIST has no value
    # MIST's PanSTARRS (and SDSS, SkyMapper, GALEX, WISE) groups have no value at [Fe/H] +0.75, Teff 45 and 50 kK;
    # the PS1 bands and the LSST u anchor are filled there (colour vs a UBVRIplus band, linear in Teff)
    bc_all, filled = fill_holes(bc_raw, cols, list(PS1.values()) + ['SDSS_u'], axes[0], axes[1])
    for k, v in filled.items(): print(f'filled {k}: {v}')
    # --- Pan-STARRS1: MIST's own BCs -------------------------------------------------------------------------------
    bc_ps1 = bc_all[..., [cols.index(c) for c in PS1.values()]].astype(np.float32)
    # --- LSST: SED fit through all usable MIST bands ---------------------------------------------------------------
    vw, vf = vega_spectrum()
    vega_ab = {b[1]: ab_mag(vw, vf, *curve(b[3])) for b in SED_BANDS if b[2] == 'Vega'}
    for k, v in MIST_VEGA_AB.items():
        tol = 0.04 if k == 'Bessell_U' else 0.015
        assert abs(vega_ab[k] - v) < tol, f'AB offset of {k}: {vega_ab[k]:.4f} vs MIST {v:.4f}'
    offs = np.array([vega_ab.get(c, 0.0) for c in cols])
    mags = (-bc_all + offs).reshape(-1, len(cols))                       # AB mags up to Mbol, (n_node, n_band)
    mags_raw = (-bc_raw + offs).reshape(-1, len(cols))                   # MIST's own values only (validation)
    W = band_weights([b[3] for b in SED_BANDS])
    W_lsst = band_weights(list(LSST.values()))
    B, DtD = spline_basis()
    F_, T_, G_, A_ = (np.broadcast_to(ax.reshape([-1 if i == j else 1 for j in range(4)]), shape).ravel()
                      for i, ax in enumerate(axes))
    it = np.broadcast_to(np.arange(shape[1])[None, :, None, None], shape).ravel()
    ia = np.broadcast_to(np.arange(shape[3])[None, None, None, :], shape).ravel()
    ref_idx = it * shape[3] + ia
    MR = reference_mags(axes[1], axes[3])
    iso = np.broadcast_to(isochrone_nodes(grid)[None, :, :, None], shape).ravel()

    t0 = time.time()
    anchors = [cols.index(ANCHOR[b]) for b in LSST]
    syn, resid = fit_seds(mags, ref_idx, MR, W, np.vstack([W_lsst, W[anchors]]), B, DtD)
    delta = syn[:, :len(LSST)] - syn[:, len(LSST):]                     # m_LSST - m_anchor
    bc_lsst = (bc_all.reshape(-1, len(cols))[:, anchors] - delta).reshape(shape + (len(LSST),)).astype(np.float32)
    assert np.isfinite(bc_lsst).all()
    print(f'LSST fit: {time.time() - t0:.0f} s; fit residual |r| 68% {np.nanpercentile(np.abs(resid), 68):.4f} '
          f'95% {np.nanpercentile(np.abs(resid), 95):.4f} mag')

    # --- validation: bands MIST has, predicted with their survey (or band) left out --------------------------------
    validation = {}
    for name, (left_out, pairs) in VALIDATION.items():
        t0 = time.time()
        inc = [j for j, c in enumerate(cols) if c not in left_out]
        tw = np.vstack([W[[cols.index(t) for t, _ in pairs]], W[[cols.index(a) for _, a in pairs]]])
        s, _ = fit_seds(mags_raw[:, inc], ref_idx, MR, W[inc], tw, B, DtD)
        res = {}
        for k, (tgt, anc) in enumerate(pairs):
            d = s[:, k] - s[:, len(pairs) + k]
            true = mags_raw[:, cols.index(tgt)]; pred = mags_raw[:, cols.index(anc)] + d
            err = pred - true                                           # NaN where MIST has no value: left out
            flipped = mags_raw[:, cols.index(anc)] - d - true; none = mags_raw[:, cols.index(anc)] - true
            trip = dict(median_abs_error=float(np.nanmedian(np.abs(err))),
                        if_delta_sign_flipped=float(np.nanmedian(np.abs(flipped))), if_no_delta=float(np.nanmedian(np.abs(none))))
            if tgt == 'SDSS_g':   # round trip of the sign of Delta (|Delta| ~ 0.1 mag here)
                assert trip['median_abs_error'] < 0.5 * min(trip['if_delta_sign_flipped'], trip['if_no_delta']), trip
            res[f'{tgt} from {anc}'] = dict(errors=error_table(err, T_, A_, G_, iso), worst_nodes=worst(err, T_, G_, F_, A_),
                                            sign_round_trip={k: round(v, 4) for k, v in trip.items()},
                                            size_of_true_target_minus_anchor=error_table(-none, T_, A_, G_, iso)['isochrone_nodes'])
        validation[name] = dict(left_out=left_out, results=res)
        print(f'validation {name}: {time.time() - t0:.0f} s')
        for k, v in res.items():
            e = v['errors']['isochrone_nodes']
            print(f'  {k:26s} isochrone nodes |err| 68% {e["all"]["p68_abs"]:.4f} 95% {e["all"]["p95_abs"]:.4f}'
                  f'  (Teff<4000: {e["Teff<4000"]["p68_abs"]:.4f}/{e["Teff<4000"]["p95_abs"]:.4f})')

    delta_size = {}
    for k, b in enumerate(LSST):
        d = delta[:, k]; tab = {}
        for name, lo, hi in TEFF_BINS:
            for av in (0.0, float(axes[3][-1])):
                m = iso & (T_ >= lo) & (T_ < hi) & (A_ == av)
                tab[f'{name},A_V={av:g}'] = dict(median=round(float(np.median(d[m])), 4), min=round(float(d[m].min()), 4),
                                                   max=round(float(d[m].max()), 4))
        delta_size[f'{b} - {ANCHOR[b]}'] = tab

    # --- write ----------------------------------------------------------------------------------------------------
    common = dict(bc_feh=axes[0], bc_teff=axes[1], bc_logg=axes[2], bc_av=axes[3], photometric_system=np.array('AB'))
    src_bc = f'astrolachesis {versions["astrolachesis"]}: lachesis/Datafiles/BC_tables/bc_tables.h5 (MIST v1.2 BCs, R_V=3.1)'
    for fname, bc, bands, meta in (
            ('bc_ps1', bc_ps1, list(PS1), dict(
                method=("MIST's own Pan-STARRS1 BCs (group PanSTARRS), copied onto the grid's axes; no derivation, except "
                        "where MIST has no value (BC = -99: [Fe/H] +0.75, Teff 45000 and 50000 K, logg <= 5.5, all A_V): "
                        "there BC = BC_ref + (BC_band - BC_ref) interpolated linearly in Teff between 40000 and 60000 K, "
                        "ref = the UBVRIplus column that best reproduces the same cut at [Fe/H] -1.0..+0.5."),
                filled_mist_holes={k: v for k, v in filled.items() if k in PS1.values()},
                mist_columns=PS1, sources={'bc': src_bc + ', groups PanSTARRS (values), UBVRIplus (hole filling)'})),
            ('bc_lsst', bc_lsst, list(LSST), dict(
                method=('Per BC node, one smooth SED (AB mag = blackbody(Teff) + CCM89 A_V reference + cubic B-spline in '
                        'ln lambda, knots 0.05 in 2900-11500 A and 0.12 outside, 1200-56000 A, second-difference penalty '
                        f'{ALPHA}, per-band tolerance {SIGMA} mag) fitted by Levenberg-Marquardt to the MIST bands of '
                        '`sed_bands` integrated through their curves; Delta = m_LSST - m_anchor integrated from that SED; '
                        'BC_LSST = BC_anchor - Delta. Extinction is inside MIST BCs at each A_V, so inside Delta.'),
                anchors=ANCHOR, filter_curves={b: s for b, s in LSST.items()},
                sed_bands=[dict(mist_group=g, mist_column=c, system=s, curve=cv, pivot_A=round(pivot(*curve(cv)), 1))
                           for g, c, s, cv in SED_BANDS],
                ab_minus_vega=dict(values={k: round(v, 4) for k, v in vega_ab.items()},
                                   vega='pyphot libs/alpha_lyr_stis_003.fits (CALSPEC)',
                                   mist_published={k: v for k, v in MIST_VEGA_AB.items()},
                                   note='m_AB = m_Vega + value; MIST Vega bands set Vega = 0'),
                not_used={'SkyMapper_u': "MIST's curve has a red leak pyphot's lacks (MIST u-g falls with A_V)",
                          'PS_open, Kepler_*, TESS, Tycho_*, Hipparcos_Hp, Gaia DR2/MAW, WISE_W3/W4':
                          'no matching curve, redundant, or beyond the SED grid'},
                sources={'bc': src_bc + ', groups ' + ', '.join(sorted({g for g, *_ in SED_BANDS})),
                         'curves': f'speclite {versions["speclite"]} (lsst2023-*, bessell-*, twomass-*, wise2010-*, gaiadr3-*); '
                                   f'pyphot {versions["pyphot"]} libs/new_filters.hd5 (SDSS_*, PS1_*, SkyMapper_*, GALEX_*)'},
                fit_residual_abs=dict(p68=round(float(np.nanpercentile(np.abs(resid), 68)), 4),
                                      p95=round(float(np.nanpercentile(np.abs(resid), 95)), 4)),
                filled_mist_holes=filled,
                validation=validation,
                stated_error={b: dict(test=t, band=k, note=('y: no held-out y-like MIST band; z-band validation used as the '
                                                            'proxy' if b == 'y_lsst' else '')) for b, (t, k) in STATED.items()},
                delta_size_isochrone_nodes=delta_size))):
        npz = out_dir / f'{fname}.npz'
        np.savez_compressed(npz, bc=bc, bands=np.array(bands), **common)
        with np.load(npz) as z: csha = content_sha256(z)
        meta = dict(file=npz.name, content_sha256=csha, bytes=npz.stat().st_size, bands=bands, photometric_system='AB',
                    axes='identical to data/isochrone_grid.npz bc_feh, bc_teff, bc_logg, bc_av', mbol_sun=4.74,
                    package_versions=versions, built_by='python scripts/build_survey_bcs.py', **meta)
        (out_dir / f'{fname}.json').write_text(json.dumps(meta, indent=1) + '\n')
        print(f'wrote {npz} ({npz.stat().st_size / 1e6:.2f} MB), content sha256 {csha}')
    print(f'total {time.time() - t_start:.0f} s')

if __name__ == '__main__': main(*sys.argv[1:])
