#!/usr/bin/env python
"""Flag the notebook cells that need the third-party data (`../shared/data`) with `#| shared`.

    python tools/mark_shared_cells.py [nbs/10_isochrones.ipynb ...] [--dry-run]

Runs each notebook as `nbdev_test` would (cells flagged slow, gpu or shared skipped) with `OCPARAMS_DATA` pointing at an
empty folder, so every file of `../shared/data` is missing. A cell that fails there needs the data, directly or through a
cell before it that did; it gets the `#| shared` directive, and the run goes on as if it had been skipped (its names stay
undefined, so the cells that use them fail and are flagged too). Every flagged cell is listed with the error it raised:
read the list, because a cell that fails for another reason (a real bug) would be flagged too.
Afterwards `python tools/test.py` runs the flagged cells only where the data is present (`.ci/run` requires it).
"""
import argparse, json, os, sys, tempfile
from pathlib import Path

FLAG = 'shared'

def _directives(src: str) -> set:
    "The `#| name` directives at the top of a cell's source."
    out = set()
    for line in src.splitlines():
        s = line.strip()
        if not s: continue
        if not s.startswith('#|'): break
        out.update(s[2:].split()[:1])
    return out

def failing_cells(path: Path) -> list[tuple[int, str]]:
    "(code-cell index, first line of the error) of each cell that fails without the shared data."
    from execnb.shell import CaptureShell
    from fastcore.xtras import working_directory
    nb = json.loads(path.read_text())
    shell = CaptureShell(path)
    out, i_code = [], -1
    with working_directory(path.parent):
        for cell in nb['cells']:
            if cell['cell_type'] != 'code': continue
            i_code += 1
            src = ''.join(cell['source']); d = _directives(src)
            if d & {'slow', 'gpu', FLAG} or 'eval:' in d and 'false' in src.split('eval:')[1].split('\n')[0].lower(): continue
            shell.run(src)
            if shell.exc is not None:
                e = shell.exc
                out.append((i_code, f'{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ""}'[:160]))
    return out

def flag_cells(path: Path, cells: list[int]) -> int:
    "Insert `#| shared` at the top of the given code cells (by code-cell index); the number changed."
    nb = json.loads(path.read_text())
    code = [c for c in nb['cells'] if c['cell_type'] == 'code']
    n = 0
    for i in cells:
        src = ''.join(code[i]['source'])
        if FLAG in _directives(src): continue
        code[i]['source'] = (f'#| {FLAG}\n' + src).splitlines(keepends=True); n += 1
    if n: path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + '\n')   # nbdev_clean's layout
    return n

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', help='notebooks to check (default: every nbs/*.ipynb)')
    p.add_argument('--dry-run', action='store_true', help='list the cells, change nothing')
    a = p.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    nbs = [Path(n).resolve() for n in a.notebooks] or sorted((root / 'nbs').glob('[!_]*.ipynb'))
    with tempfile.TemporaryDirectory() as empty:
        os.environ['OCPARAMS_DATA'] = empty
        os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
        total = 0
        for nb in nbs:
            bad = failing_cells(nb)
            for i, err in bad: print(f'{nb.name} cell {i}: {err}')
            if not a.dry_run: total += flag_cells(nb, [i for i, _ in bad])
            print(f'{nb.name}: {len(bad)} cell(s) need the shared data', flush=True)
    print(f'{total} cell(s) newly flagged #| {FLAG}')
    return 0

if __name__ == '__main__':
    sys.exit(main())
