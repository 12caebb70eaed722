#!/usr/bin/env python3
"""Python's multiprocessing.Pool on the workloads of bench/parallel.bench.ts.

The arithmetic is the same 32-bit multiply-xorshift loop as `hashLoop` in
bench/parallel-tasks.ts (same results: the TypeScript bench checks the sums). CPython runs it
~40x slower than V8, so two CPU-bound comparisons are made:

- "cpu ~20 µs/item": the same granularity as the TypeScript case (rounds calibrated so one
  item costs ~20 µs here, 100 000 items): how much of 2 cores Pool(2) gets, which is the
  comparable figure to polyfold's speedup;
- "cpu same arithmetic": the same 12 000 rounds per item as the TypeScript case, on fewer
  items: the absolute cost per item.

Then tiny items (~1 µs each) with one task per item (chunksize=1) vs Pool's default
chunksize, and copy-bound `x + 1` over 1 000 000 ints. The pool is started and warmed before
timing (its start-up is printed separately). Medians of a few repetitions, interleaved.

Run: python3 bench/parallel_mp.py [--json] [--quick]
"""

import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
from functools import partial

CPU_ROUNDS = 12_000  # the TypeScript CPU_ROUNDS
QUICK = "--quick" in sys.argv


def hash_loop(x, rounds):
    h = x & 0xFFFFFFFF
    for i in range(rounds):
        h = (((h ^ (h >> 13)) * 0x5BD1E995) + i) & 0xFFFFFFFF
    return h & 0xFF


def inc(x):
    return x + 1


def calibrate_rounds(target_us):
    """Rounds of hash_loop that take ~target_us microseconds here."""
    xs = range(200)
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for x in xs:
            hash_loop(x, 1_000)
        best = min(best, (time.perf_counter() - t0) / (200 * 1_000))
    return max(1, round(target_us * 1e-6 / best))


def timed(f):
    t0 = time.perf_counter()
    value = f()
    return (time.perf_counter() - t0) * 1000, value


def measure(variants, reps):
    """variants: [(name, items, fn)]; runs them interleaved `reps` times; returns rows."""
    times = {name: [] for name, _, _ in variants}
    values = {}
    for r in range(reps):
        for k in range(len(variants)):
            name, _, fn = variants[(k + r) % len(variants)]
            ms, value = timed(fn)
            times[name].append(ms)
            values[name] = value
    return times, values


def rows_for(workload, variants, times, values):
    base = statistics.median(times[variants[0][0]])
    want = values[variants[0][0]]
    out = []
    for name, items, _ in variants:
        if values[name] != want:
            raise SystemExit(f"{workload}/{name}: result {values[name]} != {want}")
        ts = times[name]
        med = statistics.median(ts)
        out.append(
            {
                "workload": workload,
                "variant": name,
                "items": items,
                "median_ms": med,
                "min_ms": min(ts),
                "max_ms": max(ts),
                "speedup": base / med * (items / variants[0][1]),
            }
        )
    return out


def main():
    reps = 2 if QUICK else 3
    cores = os.cpu_count()
    rows = []

    t0 = time.perf_counter()
    pool = mp.Pool(2)
    pool.map(inc, range(10))
    startup_ms = (time.perf_counter() - t0) * 1000

    # 1. Same granularity as the TypeScript case: ~20 µs per item, 100 000 items.
    r20 = calibrate_rounds(20)
    f20 = partial(hash_loop, rounds=r20)
    n = 100_000
    xs = list(range(n))
    pool.map(f20, xs[:2000])
    variants = [
        ("sequential sum(map(f, xs))", n, lambda: sum(map(f20, xs))),
        ("Pool(2).map, default chunksize (12 500)", n, lambda: sum(pool.map(f20, xs))),
        ("Pool(2).map, chunksize 50 (~1 ms, like polyfold)", n, lambda: sum(pool.map(f20, xs, 50))),
        ("Pool(2).imap, chunksize 50", n, lambda: sum(pool.imap(f20, xs, 50))),
    ]
    times, values = measure(variants, reps)
    cpu_rows = rows_for("cpu ~20 µs/item", variants, times, values)
    best = max(cpu_rows[1:], key=lambda r: r["speedup"])
    best["best_pool"] = True
    rows += cpu_rows

    # 2. Same arithmetic as the TypeScript case: 12 000 rounds per item, on fewer items.
    n2 = 500 if QUICK else 1_500
    fcpu = partial(hash_loop, rounds=CPU_ROUNDS)
    xs2 = list(range(n2))
    variants = [
        ("sequential sum(map(f, xs))", n2, lambda: sum(map(fcpu, xs2))),
        ("Pool(2).map, default chunksize", n2, lambda: sum(pool.map(fcpu, xs2))),
    ]
    times, values = measure(variants, reps)
    rows += rows_for(f"cpu same arithmetic ({CPU_ROUNDS} rounds)", variants, times, values)
    check_items = 200
    check_sum = sum(hash_loop(i, CPU_ROUNDS) for i in range(check_items))

    # 3. Tiny items, ~1 µs each: one task per item vs chunked.
    r1 = calibrate_rounds(1)
    f1 = partial(hash_loop, rounds=r1)
    n3 = 200_000
    few = 20_000
    xs3 = list(range(n3))
    variants = [
        ("sequential sum(map(f, xs))", n3, lambda: sum(map(f1, xs3))),
        ("Pool(2).map, default chunksize (25 000)", n3, lambda: sum(pool.map(f1, xs3))),
        ("Pool(2).map, chunksize 1000", n3, lambda: sum(pool.map(f1, xs3, 1000))),
        ("Pool(2).map, chunksize 1 (first 20 000)", few, lambda: sum(pool.map(f1, xs3[:few], 1))),
    ]
    times, values = measure(variants, reps)
    values[variants[3][0]] = values[variants[0][0]]  # fewer items: compare throughput only
    rows += rows_for(f"tiny ~1 µs/item ({r1} rounds)", variants, times, values)

    # 4. Copy-bound: x + 1 over 1 000 000 ints.
    n4 = 1_000_000
    xs4 = list(range(n4))
    variants = [
        ("sequential sum(map(inc, xs))", n4, lambda: sum(map(inc, xs4))),
        ("Pool(2).map, default chunksize (125 000)", n4, lambda: sum(pool.map(inc, xs4))),
    ]
    times, values = measure(variants, reps + 2)
    rows += rows_for("copy-bound x + 1", variants, times, values)

    pool.close()
    pool.join()

    result = {
        "python": platform.python_version(),
        "start_method": mp.get_start_method(),
        "cores": cores,
        "affinity": len(os.sched_getaffinity(0)),
        "startup_ms": startup_ms,
        "rounds_20us": r20,
        "rounds_1us": r1,
        "check_items": check_items,
        "check_sum": check_sum,
        "loadavg": os.getloadavg(),
        "rows": rows,
    }
    if "--json" in sys.argv:
        print(json.dumps(result))
        return
    print(
        f"Python {result['python']} multiprocessing ({result['start_method']}), "
        f"{cores} cores, load average {' '.join(f'{x:.2f}' for x in result['loadavg'])}"
    )
    print(f"pool start-up {startup_ms:.0f} ms; {r20} rounds ~ 20 µs, {r1} rounds ~ 1 µs")
    for r in rows:
        print(
            f"{r['workload']:<34} {r['variant']:<50} {r['items']:>9} items "
            f"{r['median_ms']:>9.1f} ms ({r['min_ms']:.1f}-{r['max_ms']:.1f}) "
            f"{r['median_ms'] * 1000 / r['items']:>8.3f} µs/item  x{r['speedup']:.2f}"
        )


if __name__ == "__main__":
    main()
