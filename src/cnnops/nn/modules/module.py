"""Module: the base class of every cnnops layer, shaped like torch.nn.Module."""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Callable, Iterator, Mapping

import numpy as np

from ..parameter import Parameter

__all__ = ["Module"]


def _addindent(s: str, num_spaces: int) -> str:
    lines = s.split("\n")
    if len(lines) == 1:
        return s
    first = lines.pop(0)
    return first + "\n" + "\n".join(num_spaces * " " + line for line in lines)


class Module:
    r"""Base class for all cnnops layers, as ``torch.nn.Module``.

    Subclasses implement :meth:`forward`; calling the module calls it.
    Assigning a :class:`~cnnops.nn.Parameter` or a ``Module`` to an attribute
    registers it, so it shows in :meth:`parameters`, :meth:`children`,
    ``state_dict()`` and ``repr`` (which prints exactly as PyTorch prints the
    same model).  Buffers (running statistics) are registered with
    :meth:`register_buffer`.

    Example::

        >>> class Net(cnnops.nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.fc = cnnops.nn.Linear(4, 2)
        ...         self.act = cnnops.nn.ReLU()
        ...     def forward(self, x):
        ...         return self.act(self.fc(x))
        >>> Net()
        Net(
          (fc): Linear(in_features=4, out_features=2, bias=True)
          (act): ReLU()
        )
    """

    training: bool
    _parameters: dict[str, Parameter | None]
    _buffers: dict[str, np.ndarray | None]
    _non_persistent_buffers_set: set[str]
    _modules: dict[str, "Module | None"]

    def __init__(self) -> None:
        d = self.__dict__
        d["training"] = True
        d["_parameters"] = {}
        d["_buffers"] = {}
        d["_non_persistent_buffers_set"] = set()
        d["_modules"] = {}

    # -- computation ---------------------------------------------------------
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Define the computation performed at every call (override it)."""
        raise NotImplementedError(
            f'Module [{type(self).__name__}] is missing the required "forward" function'
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    # -- registration --------------------------------------------------------
    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or ``None``, a declared-but-absent one) under ``name``."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"parameter name should be a string. Got {type(name).__name__}")
        if "." in name or name == "":
            raise KeyError(f'parameter name can\'t contain "." or be empty, got {name!r}')
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{type(param).__name__}' object to parameter '{name}' "
                "(cnnops.nn.Parameter or None required)"
            )
        self._remove_from(name, keep="_parameters")
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: np.ndarray | None, persistent: bool = True) -> None:
        """Add a buffer (state that is not a parameter, e.g. running_mean)."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"buffer name should be a string. Got {type(name).__name__}")
        if "." in name or name == "":
            raise KeyError(f'buffer name can\'t contain "." or be empty, got {name!r}')
        if tensor is not None and not isinstance(tensor, np.ndarray):
            raise TypeError(
                f"cannot assign '{type(tensor).__name__}' object to buffer '{name}' "
                "(numpy.ndarray or None required)"
            )
        self._remove_from(name, keep="_buffers")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name: str, module: "Module | None") -> None:
        """Add a child module under ``name`` (attribute access works too)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        if not isinstance(name, str):
            raise TypeError(f"module name should be a string. Got {type(name).__name__}")
        if "." in name or name == "":
            raise KeyError(f'module name can\'t contain "." or be empty, got {name!r}')
        self._remove_from(name, keep="_modules")
        self._modules[name] = module

    register_module = add_module

    def _remove_from(self, name: str, keep: str) -> None:
        d = self.__dict__
        if name in d:
            del d[name]
        for store in ("_parameters", "_buffers", "_modules"):
            if store != keep:
                d[store].pop(name, None)

    def __setattr__(self, name: str, value: Any) -> None:
        d = self.__dict__
        if isinstance(value, Parameter):
            self.register_parameter(name, value)
        elif isinstance(value, Module):
            if "_modules" not in d:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self.add_module(name, value)
        elif "_parameters" in d and name in d["_parameters"]:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                    "(cnnops.nn.Parameter or None expected)"
                )
            d["_parameters"][name] = None
        elif "_modules" in d and name in d["_modules"]:
            if value is not None:
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as child module '{name}' "
                    "(cnnops.nn.Module or None expected)"
                )
            d["_modules"][name] = None
        elif "_buffers" in d and name in d["_buffers"]:
            if value is not None and not isinstance(value, np.ndarray):
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                    "(numpy.ndarray or None expected)"
                )
            d["_buffers"][name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name: str) -> Any:
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            if store in d and name in d[store]:
                return d[store][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for store in ("_parameters", "_buffers", "_modules"):
            if name in self.__dict__.get(store, ()):
                del self.__dict__[store][name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> list[str]:
        keys = set(super().__dir__())
        for store in ("_parameters", "_buffers", "_modules"):
            keys.update(self.__dict__.get(store, ()))
        return sorted(k for k in keys if not k[0].isdigit())

    # -- traversal -----------------------------------------------------------
    def named_modules(
        self, memo: set[int] | None = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator[tuple[str, "Module"]]:
        """Yield ``(name, module)`` for this module and all below it, depth first."""
        if memo is None:
            memo = set()
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub, remove_duplicate)

    def modules(self) -> Iterator["Module"]:
        """Yield this module and every module below it."""
        for _, m in self.named_modules():
            yield m

    def named_children(self) -> Iterator[tuple[str, "Module"]]:
        """Yield ``(name, module)`` for the immediate children."""
        seen: set[int] = set()
        for name, m in self._modules.items():
            if m is not None and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self) -> Iterator["Module"]:
        """Yield the immediate child modules."""
        for _, m in self.named_children():
            yield m

    def _named_members(self, store: str, prefix: str, recurse: bool) -> Iterator[tuple[str, Any]]:
        seen: set[int] = set()
        mods = self.named_modules(prefix=prefix) if recurse else [(prefix, self)]
        for mod_prefix, mod in mods:
            for name, v in mod.__dict__[store].items():
                if v is None or id(v) in seen:
                    continue
                seen.add(id(v))
                yield mod_prefix + ("." if mod_prefix else "") + name, v

    def named_parameters(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, Parameter]]:
        """Yield ``(name, parameter)`` pairs, e.g. ``('0.weight', ...)``."""
        yield from self._named_members("_parameters", prefix, recurse)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Yield the module's parameters (each shared parameter once)."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix: str = "", recurse: bool = True) -> Iterator[tuple[str, np.ndarray]]:
        """Yield ``(name, buffer)`` pairs."""
        yield from self._named_members("_buffers", prefix, recurse)

    def buffers(self, recurse: bool = True) -> Iterator[np.ndarray]:
        """Yield the module's buffers."""
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    def apply(self, fn: Callable[["Module"], None]) -> "Module":
        """Call ``fn`` on every child (recursively), then on this module."""
        for m in self.children():
            m.apply(fn)
        fn(self)
        return self

    # -- modes and state -----------------------------------------------------
    def train(self, mode: bool = True) -> "Module":
        """Set training mode (affects RReLU, BatchNorm, ...) here and below."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for m in self.children():
            m.train(mode)
        return self

    def eval(self) -> "Module":
        """Set evaluation mode; same as ``train(False)``."""
        return self.train(False)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the ``grad`` of every parameter."""
        for p in self.parameters():
            if set_to_none or p.grad is None:
                p.grad = None
            else:
                p.grad[...] = 0

    def state_dict(self, prefix: str = "", keep_vars: bool = False) -> "OrderedDict[str, np.ndarray]":
        """Parameters and persistent buffers by dotted name, as PyTorch's keys."""
        out: OrderedDict[str, np.ndarray] = OrderedDict()
        self._save_to(out, prefix, keep_vars)
        return out

    def _save_to(self, out: "OrderedDict[str, np.ndarray]", prefix: str, keep_vars: bool) -> None:
        for name, p in self._parameters.items():
            if p is not None:
                out[prefix + name] = p if keep_vars else np.asarray(p).copy()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers_set:
                out[prefix + name] = b if keep_vars else b.copy()
        for name, m in self._modules.items():
            if m is not None:
                m._save_to(out, prefix + name + ".", keep_vars)

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True) -> tuple[list[str], list[str]]:
        """Copy values from ``state_dict`` (shapes must match).

        Returns ``(missing_keys, unexpected_keys)``; with ``strict=True`` any
        of either raises ``RuntimeError`` as PyTorch does.  Values may be
        NumPy arrays or anything ``np.asarray`` takes (torch tensors too).
        """
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        if strict and (missing or unexpected):
            if unexpected:
                errors.append("Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected) + ". ")
            if missing:
                errors.append("Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing) + ". ")
        for k, dst in own.items():
            if k not in state_dict:
                continue
            src = np.asarray(state_dict[k])
            if src.shape != dst.shape:
                errors.append(
                    f"size mismatch for {k}: copying a param with shape {tuple(src.shape)} from checkpoint, "
                    f"the shape in current model is {tuple(dst.shape)}."
                )
                continue
            if not dst.flags.writeable:
                errors.append(
                    f"cannot copy into {k}: the array is read-only "
                    "(e.g. a frozen Linear weight: call cnnops.nn.utils.unfreeze first)"
                )
                continue
            dst[...] = src
        if errors:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t" + "\n\t".join(errors)
            )
        return missing, unexpected

    # -- printing ------------------------------------------------------------
    def extra_repr(self) -> str:
        """Extra text inside ``ClassName(...)`` in ``repr``; override per layer."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        extra_lines: list[str] = []
        extra = self.extra_repr()
        if extra:
            extra_lines = extra.split("\n")
        child_lines = []
        for key, module in self._modules.items():
            mod_str = _addindent(repr(module), 2)
            child_lines.append("(" + key + "): " + mod_str)
        lines = extra_lines + child_lines
        main_str = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main_str += extra_lines[0]
            else:
                main_str += "\n  " + "\n  ".join(lines) + "\n"
        return main_str + ")"
