"""Speed of the synthetic-cluster generator: clusters per second, one process and the default workers.

    python benchmarks/bench_synthesis.py            # 50,000 clusters (the paper's training-set size)
    python benchmarks/bench_synthesis.py --n 5000   # quicker
The machine is usually shared: quote the figures with the load average printed below.
"""
import argparse, os, shutil, tempfile, time
import numpy as np
import pandas as pd
from ocparams.synthesis import synthesize, make_chunk

p = argparse.ArgumentParser()
p.add_argument('--n', type=int, default=50_000)
p.add_argument('--workers', type=int, default=None)
p.add_argument('--single', type=int, default=2000, help='clusters for the one-process (in-memory) figure')
a = p.parse_args()

make_chunk(0, [0])                                            # warm-up: loads the grid, compiles the kernels
t, c = time.perf_counter(), time.process_time()
cl, st = make_chunk(1, np.arange(a.single))
w, cpu = time.perf_counter() - t, time.process_time() - c
print(f'one process, in memory: {a.single} clusters, {st.num_rows} stars in {w:.2f} s wall / {cpu:.2f} s CPU '
      f'-> {a.single / w:.0f} clusters/s wall, {a.single / cpu:.0f} clusters/s per CPU-second')

out = tempfile.mkdtemp(prefix='bench_synth_')
try:
    t = time.perf_counter()
    synthesize(a.n, seed=0, out_dir=out, workers=a.workers, progress=False)
    w = time.perf_counter() - t
    size = sum(os.path.getsize(os.path.join(out, f)) for f in ('clusters.parquet', 'stars.parquet'))
    n_stars = pd.read_parquet(os.path.join(out, 'clusters.parquet'), columns=['n_members']).n_members.sum()
    print(f'synthesize(n={a.n}, workers={a.workers or "default"}): {w:.1f} s wall -> {a.n / w:.0f} clusters/s, '
          f'{n_stars / w / 1e6:.2f} M stars/s; {n_stars / 1e6:.1f} M stars, files {size / 1e9:.2f} GB')
finally:
    shutil.rmtree(out, ignore_errors=True)
print('load average (1, 5, 15 min):', os.getloadavg(), 'CPUs:', os.cpu_count())
