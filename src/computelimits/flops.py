"""FLOPs of a PyTorch model, counted by PyTorch itself.

The paper's first measure of computation is the *computation per network pass*: the floating-point
operations of one forward pass on one example (section 3.2; section 7.1 maps parameters to it when
a paper does not report it). :func:`count_flops` measures it for any :class:`torch.nn.Module` with
:class:`torch.utils.flop_counter.FlopCounterMode`, and also measures the backward pass, so the
training cost per example is measured rather than assumed.

Conventions (those of PyTorch's counter, which this module follows exactly)
--------------------------------------------------------------------------
- One multiply-add is 2 FLOPs (:data:`computelimits.units.FLOP_PER_MAC`). Every formula PyTorch
  registers is a matrix product, a convolution or attention, so ``forward_macs`` is exactly
  ``forward_flops / 2``.
- Only matrix products (``mm``, ``addmm``, ``bmm``, ``baddbmm``), convolutions and attention are
  counted. The bias add of ``nn.Linear`` / ``nn.Conv2d``, activations, normalisation, pooling,
  softmax and other elementwise work count as zero; they are listed in
  :attr:`FlopCount.unsupported_ops` so nothing is silently ignored. Pure data movement (views,
  copies, concatenation, tensor creation) is listed apart in :attr:`FlopCount.data_movement_ops`.
- ``nn.Linear(n_in, n_out)`` on a batch of ``b``: ``2 * b * n_in * n_out`` FLOPs forward;
  ``nn.Conv2d``: ``2 * b * C_in/groups * C_out * k_h * k_w * H_out * W_out``;
  scaled-dot-product attention with query ``(b, h, L_q, d)``, key/value ``(b, h, L_k, d_v)``:
  ``2*b*h*L_q*L_k*d + 2*b*h*L_q*L_k*d_v`` (both matrix products; causal masks do not reduce it).
- Backward: the gradient of a matrix product or convolution with respect to its input and its
  weight each cost one forward; the first layer's input gradient is not computed in training
  (the data does not require a gradient), so a network's backward is slightly under twice its
  forward. Attention backward counts five matrix products (the scores are recomputed, as flash
  kernels do), i.e. 2.5x its forward.
- Grouped and depthwise convolutions: PyTorch 2.13 and earlier count the weight gradient of a
  grouped convolution ``groups`` times (the transposed shapes lose the group division; fixed
  upstream in pytorch/pytorch#183405). :func:`count_flops` detects this and counts it once, so
  a depthwise convolution's backward is 2x its forward like any other layer's. The fix applies
  to this module's counter only; PyTorch's registry is not changed.
- Attention on the CPU build: ``scaled_dot_product_attention`` dispatches to
  ``aten._scaled_dot_product_flash_attention_for_cpu``, for which PyTorch registers no formula, so
  its counter reports zero. :func:`register_cpu_attention_formulas` registers the same formulas
  PyTorch uses for its GPU attention kernels; :func:`count_flops` does it automatically.

Length: this module is one concept (counting a model's FLOPs with PyTorch's counter) and runs a
little over 700 lines because the counter's two corrections (CPU attention, grouped-convolution
backward) and the :class:`FlopCount` result live beside the counting they correct; loading a
user's model is apart, in :mod:`computelimits.model_loader`.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning" (arXiv:2007.05558),
sections 3.2 and 7.1. PyTorch, ``torch.utils.flop_counter``.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ComputeLimitsError, InputError
from .presentation import Presentable, Text

__all__ = [
    "FlopCount",
    "ModuleFlops",
    "TorchNotInstalledError",
    "count_flops",
    "register_cpu_attention_formulas",
    "attention_flops",
    "attention_backward_flops",
    "parse_shape",
    "INPUT_DTYPES",
    "TORCH_INSTALL_HINT",
]

#: What to tell a user without PyTorch.
TORCH_INSTALL_HINT = (
    "PyTorch is needed to count FLOPs; install the torch extra: pip install 'computelimits[torch]' "
    "(a CPU-only build is enough)"
)

#: Input dtypes accepted by name (float inputs are random normal, integer inputs are zeros).
INPUT_DTYPES: tuple[str, ...] = ("float32", "float64", "float16", "bfloat16", "int64", "int32")

#: Operators without arithmetic: creation, copies, concatenation, lookups. Views are detected by
#: PyTorch's own schema (``OpOverload.is_view``). Everything else without a formula is
#: "unsupported" (it does arithmetic that the counter does not count).
_DATA_MOVEMENT = frozenset({
    "_to_copy", "_unsafe_view", "_reshape_alias", "alias", "as_strided", "cat", "clone",
    "constant_pad_nd", "contiguous", "copy", "copy_", "detach", "empty", "empty_like",
    "empty_strided", "expand", "fill", "fill_", "full", "full_like", "index_select", "lift_fresh",
    "lift_fresh_copy", "new_empty", "new_empty_strided", "new_full", "new_ones", "new_zeros",
    "ones", "ones_like", "permute", "reshape", "scalar_tensor", "select", "slice", "split",
    "split_with_sizes", "squeeze", "stack", "t", "transpose", "unbind", "unsqueeze", "view",
    "zero_", "zeros", "zeros_like", "embedding", "_local_scalar_dense", "arange", "lift",
})


class TorchNotInstalledError(ComputeLimitsError, ImportError):
    """PyTorch (the ``torch`` extra) is not installed."""

    def __init__(self, message: str = TORCH_INSTALL_HINT):
        super().__init__(message)


def _import_torch():
    try:
        import torch
    except ImportError:
        raise TorchNotInstalledError() from None
    return torch


# --------------------------------------------------------------------------------------------
# attention formulas


def attention_flops(query_shape: Sequence[int], key_shape: Sequence[int],
                    value_shape: Sequence[int]) -> int:
    """FLOPs of scaled-dot-product attention, forward: ``Q K^T`` then ``softmax(.) V``.

    Parameters
    ----------
    query_shape, key_shape, value_shape : sequence of int
        ``(batch, heads, L_q, d)``, ``(batch, kv_heads, L_k, d)``, ``(batch, kv_heads, L_k,
        d_v)``; ``heads`` must be a multiple of ``kv_heads`` (grouped-query attention).

    Returns
    -------
    int
        ``2*b*h*L_q*L_k*d + 2*b*h*L_q*L_k*d_v``: the same count PyTorch registers for its
        flash / memory-efficient / cuDNN attention kernels (softmax and scaling not counted, a
        causal mask does not reduce it).
    """
    b, h_q, s_q, d_q = (int(v) for v in query_shape)
    b_k, h_kv, s_k, d_k = (int(v) for v in key_shape)
    b_v, h_v, s_v, d_v = (int(v) for v in value_shape)
    if not (b == b_k == b_v and h_kv == h_v and d_q == d_k and s_k == s_v):
        raise ValueError(f"incompatible attention shapes q={tuple(query_shape)}, "
                         f"k={tuple(key_shape)}, v={tuple(value_shape)}")
    if h_kv <= 0 or h_q % h_kv != 0:
        raise ValueError(f"query heads ({h_q}) must be a multiple of key/value heads ({h_kv})")
    return 2 * b * h_q * s_q * s_k * d_q + 2 * b * h_q * s_q * s_k * d_v


def attention_backward_flops(grad_out_shape: Sequence[int], query_shape: Sequence[int],
                             key_shape: Sequence[int], value_shape: Sequence[int]) -> int:
    """FLOPs of scaled-dot-product attention, backward (five matrix products).

    The scores ``Q K^T`` are recomputed (flash-style kernels keep only the log-sum-exp), then
    ``dP = dO V^T``, ``dV = P^T dO``, ``dQ = dS K`` and ``dK = dS^T Q``: ``2*b*h*L_q*L_k*(2d +
    2d_v)`` plus the recomputation ``2*b*h*L_q*L_k*d``. Identical to PyTorch's formula for its
    GPU attention kernels.
    """
    b, h_q, s_q, d_q = (int(v) for v in query_shape)
    b_o, h_o, s_o, d_o = (int(v) for v in grad_out_shape)
    _, _, s_k, _ = (int(v) for v in key_shape)
    _, _, _, d_v = (int(v) for v in value_shape)
    if not (b_o == b and h_o == h_q and s_o == s_q and d_o == d_v):
        raise ValueError(f"incompatible attention gradient shape {tuple(grad_out_shape)}")
    attention_flops(query_shape, key_shape, value_shape)  # validates the shapes
    bh = b * h_q
    return (2 * bh * s_q * s_k * d_q      # recompute Q K^T
            + 2 * bh * s_q * s_k * d_v    # dP = dO V^T
            + 2 * bh * s_k * s_q * d_v    # dV = P^T dO
            + 2 * bh * s_q * s_k * d_q    # dQ = dS K
            + 2 * bh * d_q * s_q * s_k)   # dK = dS^T Q


def _cpu_attention_forward(query_shape, key_shape, value_shape, *args, out_shape=None,
                           **kwargs) -> int:
    return attention_flops(query_shape, key_shape, value_shape)


def _cpu_attention_backward(grad_out_shape, query_shape, key_shape, value_shape, *args,
                            out_shape=None, **kwargs) -> int:
    return attention_backward_flops(grad_out_shape, query_shape, key_shape, value_shape)


#: (forward, backward) attention kernels of the CPU build without a formula in PyTorch.
_CPU_ATTENTION_OPS = (
    ("_scaled_dot_product_flash_attention_for_cpu", _cpu_attention_forward),
    ("_scaled_dot_product_flash_attention_for_cpu_backward", _cpu_attention_backward),
)


def register_cpu_attention_formulas() -> list[str]:
    """Register FLOP formulas for the CPU attention kernels in PyTorch's counter.

    On the CPU build ``torch.nn.functional.scaled_dot_product_attention`` runs
    ``aten._scaled_dot_product_flash_attention_for_cpu`` (and its ``_backward``), which PyTorch's
    :mod:`torch.utils.flop_counter` has no formula for, so attention counts as zero FLOPs. This
    registers :func:`attention_flops` and :func:`attention_backward_flops` for them with
    :func:`torch.utils.flop_counter.register_flop_formula`, which also fixes plain
    ``FlopCounterMode`` used elsewhere. Idempotent; operators PyTorch already covers (a future
    release) or does not have are left alone.

    Returns
    -------
    list of str
        The operators registered by this call (empty when nothing was missing).
    """
    torch = _import_torch()
    from torch.utils import flop_counter

    done: list[str] = []
    for name, formula in _CPU_ATTENTION_OPS:
        packet = getattr(torch.ops.aten, name, None)
        if packet is None or packet in flop_counter.flop_registry:
            continue
        flop_counter.register_flop_formula(packet)(formula)
        done.append(f"aten.{name}")
    return done


def _active_package_formulas(torch) -> list[str]:
    """The operators whose formula in PyTorch's registry is this module's."""
    from torch.utils import flop_counter

    out = []
    for name, formula in _CPU_ATTENTION_OPS:
        packet = getattr(torch.ops.aten, name, None)
        entry = flop_counter.flop_registry.get(packet) if packet is not None else None
        if entry is not None and getattr(entry, "__wrapped__", entry) is formula:
            out.append(f"aten.{name}")
    return out


def _grouped_conv_backward(grad_out_shape, x_shape, w_shape, _bias, _stride, _padding,
                           _dilation, transposed, _output_padding, groups, output_mask,
                           out_shape=None, **kwargs) -> int:
    """``aten.convolution_backward`` with the weight gradient of grouped convolutions right.

    The same decomposition as PyTorch's formula (input gradient as a transposed convolution,
    weight gradient as a convolution of input and output gradient), with the weight-gradient
    term divided by ``groups``: each group only sees its own channels.
    """
    from torch.utils.flop_counter import conv_flop_count

    def t(shape):
        return [shape[1], shape[0], *list(shape[2:])]

    g = max(int(groups), 1)
    total = 0
    if output_mask[0]:
        total += conv_flop_count(grad_out_shape, w_shape, out_shape[0], not transposed)
    if output_mask[1]:
        if transposed:
            total += conv_flop_count(t(grad_out_shape), t(x_shape), t(out_shape[1]), False) // g
        else:
            total += conv_flop_count(t(x_shape), t(grad_out_shape), t(out_shape[1]), False) // g
    return total


def _conv_backward_overcounts_groups(torch) -> bool:
    """True when the installed PyTorch counts a grouped convolution's weight gradient
    ``groups`` times (PyTorch 2.13 and earlier; fixed upstream in pytorch/pytorch#183405)."""
    from torch.utils.flop_counter import flop_registry

    formula = flop_registry.get(torch.ops.aten.convolution_backward)
    if formula is None:
        return False
    # 1 example, 2 channels in 2 groups, 1x1 kernel, 1x1 image: weight gradient = 2 * 2 FLOPs
    try:
        got = formula((1, 2, 1, 1), (1, 2, 1, 1), (2, 1, 1, 1), None, [1, 1], [0, 0], [1, 1],
                      False, [0, 0], 2, [False, True, False],
                      out_val=(None, torch.empty(2, 1, 1, 1, device="meta"), None))
    except Exception:  # a formula with another signature: leave it alone
        return False
    return int(got) != 4


def _counter_fixes(torch) -> dict[Any, Callable[..., int]]:
    """Formulas that replace PyTorch's inside :func:`count_flops` only (never globally)."""
    fixes: dict[Any, Callable[..., int]] = {}
    if _conv_backward_overcounts_groups(torch):
        fixes[torch.ops.aten.convolution_backward] = _grouped_conv_backward
    return fixes


# --------------------------------------------------------------------------------------------
# result


@dataclass(frozen=True)
class ModuleFlops:
    """FLOPs attributed to one submodule (PyTorch's module tracker names, dotted paths)."""

    module: str
    depth: int
    forward_flops: int
    backward_flops: int

    @property
    def forward_backward_flops(self) -> int:
        return self.forward_flops + self.backward_flops


@dataclass(frozen=True)
class FlopCount(Presentable):
    """FLOPs of one model on one input, forward and backward, as PyTorch counts them.

    Attributes
    ----------
    model : str
        Class name of the model.
    input_shapes : tuple of tuple of int
        Shape of each input tensor.
    batch_size : int
        Examples in the input (size of the first dimension of the first input by default).
    forward_flops : int
        FLOPs of one forward pass on the whole input.
    backward_flops : int
        FLOPs of the backward pass (gradients of every parameter that requires one).
    modules : tuple of ModuleFlops
        Per-module breakdown (a module's count includes its children).
    operators : tuple of (str, int, int)
        ``(operator, forward_flops, backward_flops)`` for every counted operator.
    unsupported_ops : tuple of str
        Operators that ran, do arithmetic, but have no formula (counted as zero).
    unsupported_op_calls : tuple of (str, int)
        The same with the number of calls.
    data_movement_ops : tuple of str
        Operators without arithmetic that ran (views, copies, creation); zero by definition.
    params : int
        Parameters of the model; ``trainable_params`` those that require a gradient.
    notes : tuple of str
        Caveats of this count (e.g. no backward because nothing requires a gradient).
    torch_version : str
    """

    model: str
    input_shapes: tuple[tuple[int, ...], ...]
    batch_size: int
    forward_flops: int
    backward_flops: int
    modules: tuple[ModuleFlops, ...] = ()
    operators: tuple[tuple[str, int, int], ...] = ()
    unsupported_ops: tuple[str, ...] = ()
    unsupported_op_calls: tuple[tuple[str, int], ...] = ()
    data_movement_ops: tuple[str, ...] = ()
    params: int = 0
    trainable_params: int = 0
    mode: str = "eval"
    notes: tuple[str, ...] = ()
    torch_version: str = ""
    registered_formulas: tuple[str, ...] = field(default=())
    corrected_formulas: tuple[str, ...] = field(default=())

    # ---- totals
    @property
    def forward_macs(self) -> int | float:
        """Multiply-adds of the forward pass (``forward_flops / 2``; 1 MAC = 2 FLOP)."""
        return self.forward_flops // 2 if self.forward_flops % 2 == 0 else self.forward_flops / 2

    @property
    def forward_backward_flops(self) -> int:
        """FLOPs of one training step's forward and backward passes on the whole input."""
        return self.forward_flops + self.backward_flops

    @property
    def backward_ratio(self) -> float:
        """Backward FLOPs per forward FLOP (PyTorch's counter: about 2 for most networks)."""
        return self.backward_flops / self.forward_flops if self.forward_flops else float("nan")

    # ---- per example (the paper's "computation per network pass")
    @property
    def forward_flops_per_example(self) -> float:
        """Forward FLOPs for one example: the paper's computation per network pass."""
        return self.forward_flops / self.batch_size

    @property
    def forward_macs_per_example(self) -> float:
        return self.forward_flops / self.batch_size / 2.0

    @property
    def forward_backward_flops_per_example(self) -> float:
        """Forward + backward FLOPs for one example: one training pass."""
        return self.forward_backward_flops / self.batch_size

    # ---- rendering
    def to_frame(self, by: str = "module", depth: int | None = None):
        """Breakdown as a :class:`pandas.DataFrame`.

        Parameters
        ----------
        by : {"module", "operator"}
            One row per module (``module``, ``depth``, ``forward_flops``, ``backward_flops``,
            ``forward_backward_flops``, ``forward_macs``, ``forward_share``) or per counted operator.
        depth : int, optional
            Keep modules at most this deep (the model itself is depth 0).
        """
        import pandas as pd

        total = self.forward_flops
        if by == "module":
            rows = [dict(module=m.module, depth=m.depth, forward_flops=m.forward_flops,
                         backward_flops=m.backward_flops,
                         forward_backward_flops=m.forward_backward_flops,
                         forward_macs=m.forward_flops / 2.0,
                         forward_share=(m.forward_flops / total) if total else float("nan"))
                    for m in self.modules if depth is None or m.depth <= depth]
            cols = ["module", "depth", "forward_flops", "backward_flops",
                    "forward_backward_flops", "forward_macs", "forward_share"]
            return pd.DataFrame(rows, columns=cols)
        if by == "operator":
            rows = [dict(operator=o, forward_flops=f, backward_flops=b, forward_backward_flops=f + b,
                         forward_share=(f / total) if total else float("nan"))
                    for o, f, b in self.operators]
            cols = ["operator", "forward_flops", "backward_flops", "forward_backward_flops",
                    "forward_share"]
            return pd.DataFrame(rows, columns=cols)
        raise InputError(f"by must be 'module' or 'operator', got '{by}'")

    def to_dict(self) -> dict[str, Any]:
        """Totals, per-example values, breakdowns and caveats as plain Python types."""
        return dict(
            model=self.model,
            input_shapes=[list(s) for s in self.input_shapes],
            batch_size=self.batch_size,
            mode=self.mode,
            forward_flops=self.forward_flops,
            forward_macs=self.forward_macs,
            backward_flops=self.backward_flops,
            forward_backward_flops=self.forward_backward_flops,
            backward_ratio=self.backward_ratio,
            forward_flops_per_example=self.forward_flops_per_example,
            forward_macs_per_example=self.forward_macs_per_example,
            forward_backward_flops_per_example=self.forward_backward_flops_per_example,
            params=self.params,
            trainable_params=self.trainable_params,
            modules=[dict(module=m.module, depth=m.depth, forward_flops=m.forward_flops,
                          backward_flops=m.backward_flops) for m in self.modules],
            operators=[dict(operator=o, forward_flops=f, backward_flops=b)
                       for o, f, b in self.operators],
            unsupported_ops=dict(self.unsupported_op_calls),
            data_movement_ops=list(self.data_movement_ops),
            registered_formulas=list(self.registered_formulas),
            corrected_formulas=list(self.corrected_formulas),
            notes=list(self.notes),
            torch_version=self.torch_version,
        )

    def _summary_blocks(self) -> list[Text]:
        """A short report, line by line."""
        from .units import from_flops

        g = lambda v: f"{from_flops(v, 'gflop'):.6g} GFLOP"  # noqa: E731
        shapes = ", ".join("x".join(str(d) for d in s) for s in self.input_shapes)
        lines = [
            f"{self.model} on input {shapes} (batch {self.batch_size}, {self.mode} mode)",
            f"  forward:            {self.forward_flops:,} FLOPs ({g(self.forward_flops)}; "
            f"{self.forward_macs:,} multiply-adds)",
            f"  backward:           {self.backward_flops:,} FLOPs",
            f"  forward + backward: {self.forward_backward_flops:,} FLOPs",
            f"  per example:        {g(self.forward_flops_per_example)} forward, "
            f"{g(self.forward_backward_flops_per_example)} forward + backward",
            f"  parameters:         {self.params:,} ({self.trainable_params:,} trainable)",
        ]
        if self.unsupported_ops:
            lines.append("  not counted (no formula): " + ", ".join(
                f"{o} x{n}" for o, n in self.unsupported_op_calls))
        lines.extend(f"  note: {n}" for n in self.notes)
        return [Text(lines)]


# --------------------------------------------------------------------------------------------
# counting


def parse_shape(text: str | Sequence[int]) -> tuple[int, ...]:
    """``"1,3,224,224"`` (or ``"1x3x224x224"``, or a sequence) to a tuple of positive ints."""
    if isinstance(text, str):
        parts = [p.strip() for p in re.split(r"[,xX]", text.strip())]
        if any(p == "" for p in parts):
            raise InputError(f"input shape must be comma-separated positive integers, got "
                             f"'{text}'")
    else:
        parts = list(text)
    try:
        shape = tuple(int(p) for p in parts)
    except (TypeError, ValueError):
        raise InputError(f"input shape must be comma-separated positive integers, got '{text}'"
                         ) from None
    if not shape or any(d <= 0 for d in shape) or any(
            isinstance(p, float) and not float(p).is_integer() for p in parts):
        raise InputError(f"input shape must be comma-separated positive integers, got '{text}'")
    if math.prod(shape) > MAX_INPUT_ELEMENTS:
        raise InputError(f"input shape '{text}' has {math.prod(shape):.3g} elements, more than "
                         f"{MAX_INPUT_ELEMENTS:.3g} (about {MAX_INPUT_ELEMENTS * 4 / 2**30:.0f} GiB "
                         "as float32); FLOPs per example do not depend on the batch: use batch 1")
    return shape


#: Largest random input :func:`parse_shape` accepts (elements of one input tensor).
MAX_INPUT_ELEMENTS = 2**30


def _torch_dtype(torch, name: str):
    key = str(name).lower().replace("torch.", "")
    aliases = {"float": "float32", "double": "float64", "half": "float16", "long": "int64",
               "int": "int32"}
    key = aliases.get(key, key)
    if key not in INPUT_DTYPES:
        raise InputError(f"unknown input dtype '{name}'; expected one of: {', '.join(INPUT_DTYPES)}")
    return getattr(torch, key)


def _make_inputs(torch, shapes: Sequence[tuple[int, ...]], dtype_name: str, device, seed: int):
    dtype = _torch_dtype(torch, dtype_name)
    gen = torch.Generator(device="cpu").manual_seed(int(seed))
    out = []
    for s in shapes:
        if dtype.is_floating_point:
            t = torch.randn(s, generator=gen, dtype=torch.float32).to(dtype)
        else:
            t = torch.zeros(s, dtype=dtype)  # valid indices for embeddings
        out.append(t.to(device) if device is not None else t)
    return tuple(out)


def _model_device(model):
    for p in model.parameters():
        return p.device
    for b in model.buffers():
        return b.device
    return None


def _tensors(obj, torch) -> list:
    """Every tensor in a (nested) model output: tensors, tuples, lists, dicts, dataclasses."""
    from torch.utils._pytree import tree_leaves

    leaves = tree_leaves(obj)
    if hasattr(obj, "to_tuple") and not leaves:  # HF ModelOutput-like
        leaves = tree_leaves(obj.to_tuple())
    return [t for t in leaves if isinstance(t, torch.Tensor)]


def _is_data_movement(packet) -> bool:
    name = str(getattr(packet, "__name__", packet)).split(".")[-1]
    if name in _DATA_MOVEMENT:
        return True
    try:
        return any(getattr(packet, o).is_view for o in packet.overloads())
    except Exception:  # an exotic operator without overload metadata: treat as arithmetic
        return False


def _op_name(packet) -> str:
    s = str(packet)
    return s.split("'")[1] if "op='" in s else s


def _counter_class(torch):
    from torch.utils.flop_counter import FlopCounterMode

    class _RecordingCounter(FlopCounterMode):
        """PyTorch's counter, also recording the operators it has no formula for."""

        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            self.recording = True
            self.missing: dict[Any, int] = {}

        def _count_flops(self, func_packet, out, args, kwargs):
            if self.recording and func_packet not in self.flop_registry:
                self.missing[func_packet] = self.missing.get(func_packet, 0) + 1
            return super()._count_flops(func_packet, out, args, kwargs)

    return _RecordingCounter


def _snapshot(counts: Mapping[str, Mapping[Any, int]]) -> dict[str, dict[Any, int]]:
    return {k: dict(v) for k, v in counts.items()}


@contextlib.contextmanager
def _preserved_state(model, torch, mode: str):
    """Run with the model in ``mode``; restore training flags and buffers afterwards."""
    flags = [(m, m.training) for m in model.modules()]
    buffers = [(b, b.detach().clone()) for b in model.buffers()] if mode == "train" else []
    model.train(mode == "train")
    try:
        yield
    finally:
        for m, f in flags:
            m.training = f
        with torch.no_grad():
            for b, saved in buffers:
                b.copy_(saved)


def count_flops(model, inputs=None, *, input_shape=None, input_dtype: str = "float32",
                kwargs: Mapping[str, Any] | None = None, backward: bool = True,
                mode: str = "eval", batch_size: int | None = None,
                input_requires_grad: bool = False, seed: int = 0) -> FlopCount:
    """Count the FLOPs of ``model`` on one input with PyTorch's own counter.

    Parameters
    ----------
    model : torch.nn.Module
        The model. Its parameters, buffers, gradients and train/eval flags are left as they were.
    inputs : torch.Tensor or tuple of torch.Tensor, optional
        Positional inputs. Give either ``inputs`` or ``input_shape``.
    input_shape : tuple of int, str, or a list of them, optional
        Shape(s) of random inputs to make (``(1, 3, 224, 224)`` or ``"1,3,224,224"``; a list
        for several positional inputs), on the model's device.
    input_dtype : str
        dtype of the generated inputs: one of :data:`INPUT_DTYPES` (integer inputs are zeros,
        valid token ids for embeddings).
    kwargs : mapping, optional
        Keyword arguments for ``model(...)``.
    backward : bool
        Also count the backward pass (gradients of every parameter that requires one), as in
        one training step. The loss is the sum of the floating-point outputs (not counted).
    mode : {"eval", "train"}
        Mode to run the model in (dropout and batch-norm statistics; neither is counted).
    batch_size : int, optional
        Examples in the input, for the per-example values; the first input's first dimension
        by default.
    input_requires_grad : bool
        Also compute the gradient with respect to floating-point inputs (not done in training).
    seed : int
        Seed of the random inputs.

    Returns
    -------
    FlopCount

    Raises
    ------
    TorchNotInstalledError
        PyTorch is not installed (install the ``torch`` extra).
    InputError
        Not a module, bad shapes or dtype, or the model fails on the input.

    Notes
    -----
    The forward count on one example is the paper's *computation per network pass* (section
    3.2). See the module docstring for what PyTorch counts.

    Examples
    --------
    >>> import torch
    >>> fc = count_flops(torch.nn.Linear(100, 10), input_shape=(8, 100))
    >>> fc.forward_flops, fc.forward_macs, fc.forward_flops_per_example
    (16000, 8000, 2000.0)
    """
    torch = _import_torch()
    if not isinstance(model, torch.nn.Module):
        raise InputError(f"expected a torch.nn.Module, got {type(model).__name__}")
    if mode not in ("eval", "train"):
        raise InputError(f"mode must be 'eval' or 'train', got '{mode}'")
    if (inputs is None) == (input_shape is None):
        raise InputError("give exactly one of inputs or input_shape")
    register_cpu_attention_formulas()
    registered = _active_package_formulas(torch)

    if input_shape is not None:
        if isinstance(input_shape, str) or (
                isinstance(input_shape, Sequence) and input_shape
                and all(isinstance(d, int) for d in input_shape)):
            shapes = [parse_shape(input_shape)]
        else:
            shapes = [parse_shape(s) for s in input_shape]
        args = _make_inputs(torch, shapes, input_dtype, _model_device(model), seed)
    else:
        args = (inputs,) if isinstance(inputs, torch.Tensor) else tuple(inputs)
    kw = dict(kwargs or {})
    in_tensors = [a for a in args if isinstance(a, torch.Tensor)]
    shapes_out = tuple(tuple(int(d) for d in t.shape) for t in in_tensors)
    if batch_size is None:
        batch_size = shapes_out[0][0] if shapes_out and len(shapes_out[0]) else 1
    if int(batch_size) <= 0:
        raise InputError(f"batch_size must be positive, got {batch_size}")
    # the user's tensors never receive gradients: count on detached views of them
    args = tuple(a.detach().requires_grad_(input_requires_grad and a.is_floating_point())
                 if isinstance(a, torch.Tensor) else a for a in args)

    params = [p for p in model.parameters()]
    trainable = [p for p in params if p.requires_grad]
    wrt = trainable + ([a for a in args if isinstance(a, torch.Tensor) and a.requires_grad]
                       if input_requires_grad else [])
    notes: list[str] = []
    from torch.utils.flop_counter import FlopCounterMode

    if not callable(getattr(FlopCounterMode, "_count_flops", None)):
        notes.append(f"PyTorch {torch.__version__} does not expose the counter's per-operator "
                     "hook: operators without a formula cannot be listed")
    fixes = _counter_fixes(torch)
    counter = _counter_class(torch)(display=False, custom_mapping=fixes)
    with _preserved_state(model, torch, mode), torch.enable_grad():
        with counter:
            try:
                out = model(*args, **kw)
            except Exception as exc:
                raise InputError(f"{type(model).__name__} failed on inputs of shape "
                                 f"{', '.join(str(list(s)) for s in shapes_out) or '()'}: "
                                 f"{type(exc).__name__}: {exc}") from None
            fwd = _snapshot(counter.get_flop_counts())
            do_backward = backward
            if backward:
                counter.recording = False
                outs = [t for t in _tensors(out, torch)
                        if t.is_floating_point() and t.requires_grad]
                if not outs or not wrt:
                    notes.append("nothing requires a gradient (frozen model or integer outputs): "
                                 "backward not counted")
                    do_backward = False
                else:
                    loss = sum(t.float().sum() for t in outs)
                    counter.recording = True
                    saved = [p.grad for p in wrt]
                    for p in wrt:
                        p.grad = None
                    try:  # backward(inputs=...) computes what autograd.grad would, and works
                        # with the module tracker's hooks (autograd.grad does not on leaves)
                        loss.backward(inputs=wrt)
                    finally:
                        for p, g in zip(wrt, saved, strict=True):
                            p.grad = g
            full = _snapshot(counter.get_flop_counts())
        missing_all = dict(counter.missing)

    fwd_total = sum(fwd.get("Global", {}).values())
    full_total = sum(full.get("Global", {}).values())
    modules = []
    for name in set(full) - {"Global"}:
        f = sum(fwd.get(name, {}).values())
        b = sum(full.get(name, {}).values()) - f
        modules.append(ModuleFlops(module=name, depth=name.count("."), forward_flops=int(f),
                                   backward_flops=int(b)))
    modules.sort(key=lambda m: _tree_order(m.module))
    g_fwd, g_full = fwd.get("Global", {}), full.get("Global", {})
    operators = tuple(sorted(
        ((_op_name(op), int(g_fwd.get(op, 0)), int(g_full.get(op, 0) - g_fwd.get(op, 0)))
         for op in g_full), key=lambda r: -(r[1] + r[2])))
    unsupported: dict[str, int] = {}
    movement: set[str] = set()
    for op, n in missing_all.items():
        if _is_data_movement(op):
            movement.add(_op_name(op))
        else:
            unsupported[_op_name(op)] = unsupported.get(_op_name(op), 0) + n
    if any(o.startswith("aten._scaled_dot_product") or "attention" in o for o in unsupported):
        notes.append("an attention kernel without a FLOP formula ran: attention is not counted")
    return FlopCount(
        model=type(model).__name__,
        input_shapes=shapes_out,
        batch_size=int(batch_size),
        forward_flops=int(fwd_total),
        backward_flops=int(full_total - fwd_total) if do_backward else 0,
        modules=tuple(modules),
        operators=operators,
        unsupported_ops=tuple(sorted(unsupported)),
        unsupported_op_calls=tuple(sorted(unsupported.items())),
        data_movement_ops=tuple(sorted(movement)),
        params=int(sum(p.numel() for p in params)),
        trainable_params=int(sum(p.numel() for p in trainable)),
        mode=mode,
        notes=tuple(notes),
        torch_version=str(torch.__version__),
        registered_formulas=tuple(registered),
        corrected_formulas=tuple(f"{_op_name(k)} (grouped-convolution weight gradient / groups)"
                                 for k in fixes),
    )


def _tree_order(name: str) -> tuple:
    return tuple(name.split("."))


# --------------------------------------------------------------------------------------------
# FILE.py:FACTORY loader
