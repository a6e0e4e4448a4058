#!/usr/bin/env python
"""The real-data scorecard (nbs/72_scorecard.ipynb) of a model or a catalogue: the N-cornered hat scatter of ours
and of C24, HR23, CG20, D21, A23; biases against the literature per parallax bin; [Fe/H] against Spina et al. 2022;
dMod against the parallax; the goals table; and the eight calibration clusters against their literature parameters.

    python benchmarks/bench_real.py                                  # bundled models on the 1322 Almeida+2023 clusters
    python benchmarks/bench_real.py --model single.npz --multi-model none
    python benchmarks/bench_real.py --catalog predictions.csv         # an `ocparams predict` output

Needs ../shared/data (or $OCPARAMS_DATA). Predictions are cached in the system's temporary folder
(ocparams.summary.our_catalog), so a second run of the same models takes seconds.
"""
import argparse, time
from ocparams.literature import read_catalog
from ocparams.scorecard import scorecard, format_scorecard, calibration_check, _markdown


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--catalog', help='a prediction catalogue (CSV, ECSV, FITS, Parquet) instead of predicting')
    p.add_argument('--model', help='single-band ensemble .npz (default: the bundled one)')
    p.add_argument('--multi-model', default='bundled', help="multiband ensemble .npz, 'bundled' (default) or 'none'")
    p.add_argument('--no-zero-point', action='store_true', help='predict without the Gaia parallax zero point (Lindegren et al. 2021)')
    p.add_argument('--out', help='also write the prediction catalogue here (.csv or .parquet)')
    p.add_argument('--n-boot', type=int, default=100, help='bootstrap resamples for the error of the hat s (default 100)')
    a = p.parse_args(argv)
    t0 = time.time()
    if a.catalog:
        if a.model or a.multi_model != 'bundled': p.error('--catalog is a finished prediction: drop --model/--multi-model')
        cat, what = read_catalog(a.catalog), a.catalog
    else:
        from ocparams.summary import our_catalog
        multi = None if a.multi_model.lower() == 'none' else a.multi_model
        cat = our_catalog(model=a.model, multi_model=multi, zero_point=not a.no_zero_point)
        what = f'model {a.model or "bundled"}, multi-model {a.multi_model}{", no parallax zero point" if a.no_zero_point else ""} on the Almeida+2023 clusters'
    if a.out: (cat.to_parquet if a.out.endswith('.parquet') else lambda f: cat.to_csv(f, index=False))(a.out)
    t1 = time.time()
    sc = scorecard(cat, n_boot=a.n_boot)
    t2 = time.time()
    print(f'# Scorecard: {what} ({len(cat)} clusters; catalogue in {t1 - t0:.1f} s, scorecard in {t2 - t1:.1f} s)\n')
    print(format_scorecard(sc))
    cc = calibration_check(cat)
    print(f'\n**Calibration clusters** (ours - Gaia Collaboration 2018, the only literature parameters the project uses; {len(cc)} clusters)\n')
    print(_markdown(cc.T.rename_axis('param'), digits=2))
    print('\nmedian |ours - theirs|: ' + ', '.join(f'{k} {v:.3f}' for k, v in cc.abs().median().items()) +
          '; median ours - theirs: ' + ', '.join(f'{k} {v:+.3f}' for k, v in cc.median().items()))


if __name__ == '__main__':
    main()
