#!/usr/bin/env python
"""Network-epochs per second: the batched ensemble (`ocparams.ensemble.train_ensemble`) versus one
plain Keras `Sequential.fit` per network, on 8,000 training samples with 64 and 190 inputs.

Both train the paper's network (Dropout 0.1, 5 x 500 LeakyReLU(0.3), 4 outputs, Adam, MSE) with
batch 128 and score a 2,000-sample test split after every epoch. The first epoch (graph tracing)
is timed separately from the steady state. On a shared machine the timings fluctuate, so each
measurement is repeated (methods interleaved) and the fastest repeat is reported. Usage:

    python benchmarks/bench_ensemble.py [--nets 4] [--epochs 3] [--big 16] [--repeat 3] [--inputs 64,190]
"""
import argparse, os, time
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
import numpy as np, keras
from ocparams.ensemble import make_standin_data, train_ensemble

def bench_batched(X, Y, n_nets, epochs):
    "Seconds of the first epoch and mean seconds of the later ones, all networks together."
    stamps = [time.perf_counter()]
    train_ensemble(X, Y, n_nets=n_nets, subset_size=len(X), epochs=epochs, patience=10 ** 6, batch_size=128,
                   progress=False, callback=lambda e, s: stamps.append(time.perf_counter()))
    d = np.diff(stamps)
    return d[0], d[1:].mean()

def bench_plain(X, Y, n_nets, epochs):
    "Seconds of the first epoch and mean seconds of the later ones, summed over networks fitted one by one."
    n_test = len(X) // 5
    first, rest = 0.0, 0.0
    for k in range(n_nets):
        keras.utils.set_random_seed(k)
        net = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dropout(0.1)]
                               + [keras.layers.Dense(500, activation=keras.layers.LeakyReLU(0.3)) for _ in range(5)]
                               + [keras.layers.Dense(4)])
        net.compile(optimizer=keras.optimizers.Adam(1e-3), loss='mse')
        stamps = [time.perf_counter()]
        cb = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: stamps.append(time.perf_counter()))
        net.fit(X[n_test:], Y[n_test:], validation_data=(X[:n_test], Y[:n_test]), batch_size=128, epochs=epochs,
                verbose=0, callbacks=[cb])
        d = np.diff(stamps)
        first, rest = first + d[0], rest + d[1:].mean()
    return first, rest

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--nets', type=int, default=4); ap.add_argument('--epochs', type=int, default=3)
    ap.add_argument('--big', type=int, default=16, help='also time a batched ensemble of this many networks (0: skip)')
    ap.add_argument('--repeat', type=int, default=3, help='repeats per measurement; the fastest is reported')
    ap.add_argument('--inputs', default='64,190', help='numbers of inputs to time (QuadTree 64,190; with the ridge line 224,590)')
    a = ap.parse_args()
    print(f'keras {keras.__version__}, backend {keras.backend.backend()}, {os.cpu_count()} CPUs visible; '
          f'10,000 samples (8,000 train + 2,000 test) per network, batch 128, {a.epochs} epochs')
    print(f"{'inputs':>6} {'method':<28} {'1st epoch s':>11} {'epoch s':>8} {'net-epochs/s':>12}")
    for n_in in (int(v) for v in a.inputs.split(',')):
        X, Y, _ = make_standin_data(10_000, n_in, seed=0)
        runs = [(f'plain Sequential.fit x {a.nets}', bench_plain, a.nets), (f'batched, K={a.nets}', bench_batched, a.nets)]
        if a.big: runs.append((f'batched, K={a.big}', bench_batched, a.big))
        best = {name: (np.inf, np.inf) for name, _, _ in runs}
        for _ in range(a.repeat):
            for name, fn, k in runs:
                first, per_epoch = fn(X, Y, k, a.epochs)
                best[name] = (min(best[name][0], first), min(best[name][1], per_epoch))
        rows = [(name, best[name], k) for name, _, k in runs]
        for name, (first, per_epoch), k in rows:
            print(f'{n_in:>6} {name:<28} {first:>11.2f} {per_epoch:>8.2f} {k / per_epoch:>12.2f}')
        print(f'{n_in:>6} speed-up of batched K={a.nets} over plain fits (steady state): {rows[0][1][1] / rows[1][1][1]:.2f}x')

if __name__ == '__main__': main()
