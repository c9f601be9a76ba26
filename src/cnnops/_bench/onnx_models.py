"""One-node (or two-node) ONNX models for the ONNX Runtime peer.

``onnx`` and ``onnxruntime`` are optional benchmark dependencies: this module
is imported lazily and every failure (package missing, op not supported for
a dtype, opset too new) turns into "no ORT time" for that workload, never a
crash of the report.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

OPSET = 21          # GroupNormalization-21 (per-channel scale), Gelu-20, Mish-18, LayerNormalization-17
IR_VERSION = 10     # accepted by every onnxruntime >= 1.17


class Node:
    """Description of one ONNX node: ``Node("Relu", ["x"], ["y"], alpha=0.1)``."""

    def __init__(self, op_type: str, inputs: Sequence[str], outputs: Sequence[str], **attrs: Any) -> None:
        self.op_type = op_type
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.attrs = attrs


class OnnxSpec:
    """A graph: nodes, runtime inputs (fed per call), constant initializers, outputs."""

    def __init__(
        self,
        nodes: Sequence[Node],
        feeds: dict[str, np.ndarray],
        consts: dict[str, np.ndarray] | None = None,
        outputs: Sequence[tuple[str, Any]] = (("y", None),),
    ) -> None:
        self.nodes = list(nodes)
        self.feeds = feeds
        self.consts = consts or {}
        self.outputs = list(outputs)  # (name, numpy dtype or None = dtype of the first feed)


def one(op_type: str, x: np.ndarray, consts: dict[str, np.ndarray] | None = None,
        n_out: int = 1, out_dtypes: Sequence[Any] = (), **attrs: Any) -> OnnxSpec:
    """The common case: one node ``op_type(x, *consts) -> y[, y1, ...]``."""
    consts = consts or {}
    outs = ["y"] + [f"y{i}" for i in range(1, n_out)]
    dtypes = list(out_dtypes) + [None] * (n_out - len(out_dtypes))
    return OnnxSpec([Node(op_type, ["x", *consts], outs, **attrs)], {"x": x}, consts,
                    list(zip(outs, dtypes)))


def _elem_type(dtype: Any) -> int:
    from onnx import helper

    return helper.np_dtype_to_tensor_dtype(np.dtype(dtype))


def make_session(spec: OnnxSpec, threads: int) -> Any:
    """Build the model and an ``onnxruntime.InferenceSession`` using ``threads`` intra-op threads."""
    from onnx import helper, numpy_helper
    import onnxruntime as ort

    first = next(iter(spec.feeds.values()))
    inputs = [helper.make_tensor_value_info(k, _elem_type(v.dtype), list(v.shape))
              for k, v in spec.feeds.items()]
    outputs = [helper.make_tensor_value_info(name, _elem_type(dt if dt is not None else first.dtype), None)
               for name, dt in spec.outputs]
    inits = [numpy_helper.from_array(np.asarray(v), name=k) for k, v in spec.consts.items()]
    nodes = [helper.make_node(n.op_type, n.inputs, n.outputs, **n.attrs) for n in spec.nodes]
    graph = helper.make_graph(nodes, "bench", inputs, outputs, initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION   # (no onnx.checker: outputs are declared without a shape)
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    so.log_severity_level = 3
    # ORT's worker threads busy-wait after each run; in an interleaved
    # benchmark on few cores that spinning steals the cores from whichever
    # peer runs next (seen: cnnops/NumPy Linear batch 1 at 40x their isolated
    # time).  Every peer's pool must yield for the comparison to be fair.
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(model.SerializeToString(), so, providers=["CPUExecutionProvider"])
