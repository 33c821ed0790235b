# PyTorch reference for `gnnrec bench kernels`: times CSR `A @ X` on the matrices the TS bench wrote.
# Usage: python3 kernels-torch.py DIR NAME... ; prints one JSON object {"spmm":[{size,gflops,threads}]}.
import json, os, sys, time
import numpy as np
import torch

def bench(d, name):
    meta = json.load(open(f"{d}/{name}.json"))
    indptr = torch.from_numpy(np.fromfile(f"{d}/{name}.indptr", dtype=np.int32).astype(np.int64))
    indices = torch.from_numpy(np.fromfile(f"{d}/{name}.indices", dtype=np.int32).astype(np.int64))
    values = torch.from_numpy(np.fromfile(f"{d}/{name}.values", dtype=np.float32))
    n, cols = meta["rows"], meta["cols"]
    a = torch.sparse_csr_tensor(indptr, indices, values, size=(n, meta["inner"]))
    x = torch.randn(meta["inner"], cols)
    a @ x
    times = []
    t_end = time.perf_counter() + meta["seconds"]
    c0 = time.process_time()
    while len(times) < 3 or time.perf_counter() < t_end:
        t0 = time.perf_counter()
        a @ x
        times.append(time.perf_counter() - t0)
    cpu = (time.process_time() - c0) / len(times)
    t = sorted(times)[len(times) // 2]
    flops = 2 * int(indptr[-1]) * cols
    return {"size": name, "gflops": flops / t / 1e9, "best_gflops": flops / min(times) / 1e9, "cpu_gflops": flops / cpu / 1e9,
            "threads": torch.get_num_threads(), "torch": torch.__version__}

d = sys.argv[1]
# Torch's default thread count, and every core when that differs (this Debian build defaults to 1).
counts = sorted({torch.get_num_threads(), os.cpu_count() or 1})
rows = []
for name in sys.argv[2:]:
    for t in counts:
        torch.set_num_threads(t)
        rows.append(bench(d, name))
print(json.dumps({"spmm": rows}))
