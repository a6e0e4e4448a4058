#!/usr/bin/env python
"Write README.md from nbs/index.ipynb (nbdev's own README build needs quarto, which is not installable here)."
from pathlib import Path
from ocparams.core import render_readme
root = Path(__file__).resolve().parent.parent
(root / 'README.md').write_text(render_readme(root / 'nbs' / 'index.ipynb'), encoding='utf-8')
print('wrote', root / 'README.md')
