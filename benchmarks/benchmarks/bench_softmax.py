"""softmax / log_softmax / softmin (issue 3): 16M elements over the last dim and over channels."""
from __future__ import annotations

from .common import DTYPES, THREADS, Bench, data, func, halve_for, set_threads

CASES = {
    "rows_dim-1": ((16384, 1024), -1),
    "nchw_dim1": ((16, 64, 128, 128), 1),
}


class Softmax(Bench):
    params = [["softmax", "log_softmax", "softmin"], list(CASES), DTYPES, THREADS]
    param_names = ["op", "case", "dtype", "threads"]

    def setup(self, op: str, case: str, dtype: str, threads: int) -> None:
        fn = func(op)
        shape, dim = CASES[case]
        x = data(halve_for(dtype, shape), dtype)
        set_threads(threads)
        self.call = lambda: fn(x, dim=dim)
        self.call()

    def time_forward(self, op: str, case: str, dtype: str, threads: int) -> None:
        self.call()

    def peakmem_forward(self, op: str, case: str, dtype: str, threads: int) -> None:
        self.call()
