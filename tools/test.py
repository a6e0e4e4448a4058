#!/usr/bin/env python
"""The test command: every notebook's cells, with the real-data cells run wherever the data is.

    python tools/test.py                       # the default run (what CI runs, with --require-data)
    python tools/test.py --flags "slow gpu"    # also the slow and GPU cells

Cells that need the third-party data (`../shared/data` or `$OCPARAMS_DATA`) carry the `#| shared` flag
(`tools/mark_shared_cells.py` finds them). With the data present they all run. Without it every other cell runs, and
the run ends with the list of cells that were not, and why; `--require-data` (used by `.ci/run`) fails instead.
"""
import argparse, json, subprocess, sys, time
from pathlib import Path

def shared_cells(nbs_dir: Path) -> dict:
    "Code-cell indices flagged `#| shared`, per notebook (the directive as `mark_shared_cells` reads and writes it)."
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from mark_shared_cells import FLAG, _directives
    out = {}
    for nb in sorted(nbs_dir.glob('[!_]*.ipynb')):
        code = [c for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code']
        idx = [i for i, c in enumerate(code) if FLAG in _directives(''.join(c['source']))]
        if idx: out[nb.name] = idx
    return out

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--flags', default='', help='further nbdev test flags to run, e.g. "slow gpu" (default: none)')
    p.add_argument('--require-data', action='store_true', help='fail (exit 2) if the third-party data is missing, instead of skipping its cells')
    p.add_argument('--path', default=None, help='one notebook or folder to test (default: nbs/)')
    a = p.parse_args(argv)
    from ocparams.core import check_shared_data
    root = Path(__file__).resolve().parent.parent
    have = check_shared_data() == 0
    if not have and a.require_data:
        print('tools/test.py: error: --require-data and the third-party data is missing (listed above)', file=sys.stderr); return 2
    flags = ' '.join(f for f in [*a.flags.split(), 'shared' if have else ''] if f)
    cmd = ['nbdev_test', '--do_print', '--timing'] + (['--flags', flags] if flags else []) + (['--path', a.path] if a.path else [])
    print('running:', ' '.join(cmd), flush=True)
    t0 = time.time()
    rc = subprocess.call(cmd, cwd=root)
    print(f'nbdev_test finished in {time.time() - t0:.0f} s with exit code {rc}')
    if not have:
        cells = shared_cells(root / 'nbs')
        print(f'NOT RUN (the third-party data is missing; `ocparams fetch-data` gets it): {sum(map(len, cells.values()))} cells flagged #| shared')
        for nb, idx in cells.items(): print(f'  {nb}: code cells {", ".join(map(str, idx))}')
    return rc

if __name__ == '__main__':
    sys.exit(main())
