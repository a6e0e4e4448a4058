"""Measure the empirical BP-RP calibration of the isochrone layer and write data/colour_calibration.json.

    python scripts/build_colour_calibration.py

Needs the shared member table (../shared/data or OCPARAMS_DATA); see nbs/10_isochrones.ipynb, 'Measuring the colour calibration'.
"""
import json
from pathlib import Path
from ocparams.isochrones import build_colour_calibration, COLOUR_CALIBRATION_FILE

if __name__ == '__main__':
    out = Path(__file__).resolve().parents[1] / 'data' / COLOUR_CALIBRATION_FILE
    tab = build_colour_calibration()
    tmp = out.with_suffix('.tmp'); tmp.write_text(json.dumps(tab, indent=1) + '\n'); tmp.replace(out)
    print(f"wrote {out}: {len(tab['nodes']['logTe'])} nodes from {len(tab['clusters'])} clusters, leave-one-cluster-out RMS {tab['loco_rms']} mag")
