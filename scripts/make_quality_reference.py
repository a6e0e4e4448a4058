#!/usr/bin/env python
"""Reference quality-tier thresholds for batches too small to define their own (paper Sect. 3.4).

    python scripts/make_quality_reference.py        # writes data/quality_reference.json

Runs the bundled models on the 1322 clusters of Almeida et al. (2023) (../shared/data or $OCPARAMS_DATA) and records
the mode and standard deviation of their mu_dist distribution.
"""
import json
import numpy as np
from ocparams.core import shared_file, package_data_dir, sha256_file, ALMEIDA2023_MEMBERS
from ocparams.predict import predict_catalog, default_model_path

cat = predict_catalog(shared_file(ALMEIDA2023_MEMBERS), columns='almeida2023', progress=False)
th = dict(cat.attrs['tier_thresholds'])
th.update(source='bundled models on the 1322 clusters of Almeida et al. 2023 (members G <= 18)',
          models={k: sha256_file(default_model_path(k)) for k in ('single', 'multi')},
          tier_fractions={t: float(np.mean(cat.quality_tier == t)) for t in ('gold', 'silver', 'bronze', 'wood')},
          built_by='python scripts/make_quality_reference.py')
(package_data_dir() / 'quality_reference.json').write_text(json.dumps(th, indent=1) + '\n')
print(json.dumps(th, indent=1))
