#!/usr/bin/env python
"""Authoring aid: convert a percent-format script to a notebook, and back.

    python tools/py2nb.py nbs_src/10_isochrones.py nbs/10_isochrones.ipynb   # script -> notebook
    python tools/py2nb.py --back nbs/10_isochrones.ipynb out.py              # notebook -> script

Cells start with a line `# %%` (code) or `# %% [markdown]` (markdown; each line starts with `# `).
The notebook in nbs/ is always the source of truth; this only helps writing notebooks with a text editor.
"""
import hashlib, json, sys
from pathlib import Path

def script_to_cells(text):
    "Split a percent-format script into (kind, source) cells."
    cells, kind, buf = [], None, []
    def flush():
        if kind is None: return
        src = '\n'.join(buf).strip('\n')
        if kind == 'markdown':
            src = '\n'.join(l[2:] if l.startswith('# ') else l.lstrip('#') for l in src.splitlines())
        if src.strip(): cells.append((kind, src))
    for line in text.splitlines():
        if line.startswith('# %%'):
            flush(); kind, buf = ('markdown' if '[markdown]' in line else 'code'), []
        else: buf.append(line)
    flush()
    return cells

def cell_id(src, seen):
    "A stable cell id from the cell's source (nbdev writes it into the exported module, so it must not be random)."
    base = hashlib.sha1(src.encode()).hexdigest()[:8]; k = 0
    while f'{base}{k or ""}' in seen: k += 1
    seen.add(f'{base}{k or ""}'); return f'{base}{k or ""}'

def cells_to_nb(cells):
    "Build a notebook dict (nbformat 4.5, stable cell ids) from (kind, source) cells."
    out, seen = [], set()
    for kind, src in cells:
        lines = src.splitlines(keepends=True)
        c = {'cell_type': kind, 'id': cell_id(src, seen), 'metadata': {}, 'source': lines}
        if kind == 'code': c.update(execution_count=None, outputs=[])
        out.append(c)
    return {'cells': out, 'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}},
            'nbformat': 4, 'nbformat_minor': 5}

def nb_to_script(nb):
    "Render a notebook back to percent format."
    parts = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            parts.append('# %% [markdown]\n' + '\n'.join(('# ' + l) if l else '#' for l in src.splitlines()))
        else: parts.append('# %%\n' + src)
    return '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    args = sys.argv[1:]
    if args and args[0] == '--back':
        src, dst = args[1:3]
        Path(dst).write_text(nb_to_script(json.loads(Path(src).read_text())))
    else:
        src, dst = args[:2]
        Path(dst).write_text(json.dumps(cells_to_nb(script_to_cells(Path(src).read_text())), indent=1, sort_keys=True, ensure_ascii=False) + '\n')
