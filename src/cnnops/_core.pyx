# cython: language_level=3
"""cnnops._core: the C core's runtime controls (threads, ISA, status)."""
include "_common.pxi"
