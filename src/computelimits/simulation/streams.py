"""Random streams of the Figure 1 simulation: what is keyed on what, and a fast, draw-for-draw
identical way of drawing the data.

Every stream is a :class:`numpy.random.SFC64` generator (fast, passes BigCrush and PractRand;
the normals are NumPy's ziggurat) seeded by
``numpy.random.SeedSequence(entropy=seed, spawn_key=key)``:

* ``key = (0, r, 0)``: the covariates ``x`` of replication ``r`` (row after row, ``d`` numbers a
  row, so row ``i`` is the same whatever the sample sizes asked for);
* ``key = (0, r, 1)``: the noise ``z`` of replication ``r`` (one number a row);
* ``key = (1, m, n, r)``: randomness private to model ``m`` (a stable CRC-32 of its name) at
  sample size ``n`` in replication ``r``; used for the query vectors when performance is
  estimated from sampled queries (``queries > 0``).

Because the data of a replication depend on ``(seed, r)`` only, a replication gives the same
numbers whichever worker, process, backend or chunk runs it.

Drawing the data
----------------
:func:`standard_normal_fill` writes exactly the numbers ``Generator.standard_normal(out=...)``
writes (bit for bit) and leaves the generator in the same state. With `numba
<https://numba.pydata.org>`_ installed (the ``fast`` extra) it runs NumPy's own ziggurat
algorithm (``random_standard_normal`` in NumPy's ``distributions.c``, with NumPy's tables as
numba ships them) and the SFC64 step inline in one compiled loop, about three times as fast as
NumPy's fill, which calls the bit generator through a function pointer for every draw; it can also
write the single-precision copy of the same numbers in the same pass. Before the compiled loop is
used for the first time in a process it is checked against NumPy on 65,536 draws of a fixed
stream (tails included); without numba, for another bit generator, or if that check fails, NumPy
fills the array itself. Either way the numbers are the same.

References
----------
Thompson, Greenewald, Lee, Manso, "The Computational Limits of Deep Learning", section 2.
Marsaglia, Tsang (2000), "The ziggurat method for generating random variables", J. Stat. Softw.
5(8).
Doty-Humphrey, *PractRand* (SFC64: "small fast chaotic" generator).
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

__all__ = [
    "derive_seed",
    "data_generators",
    "model_generator",
    "model_key",
    "true_coefficients",
    "standard_normal_fill",
    "compiled_sampler",
    "prepare_sampler",
    "COMPILED_MIN_DRAWS",
]


# --------------------------------------------------------------------------- seeds
def derive_seed(seed: int, *key: int) -> np.random.SeedSequence:
    """``SeedSequence(entropy=seed, spawn_key=key)``: an independent stream per ``key``."""
    return np.random.SeedSequence(entropy=int(seed), spawn_key=tuple(int(k) for k in key))


def data_generators(seed: int, rep: int) -> tuple[np.random.Generator, np.random.Generator]:
    """The covariate and noise generators of replication ``rep`` (keys ``(0, rep, 0|1)``)."""
    gx = np.random.Generator(np.random.SFC64(derive_seed(seed, 0, rep, 0)))
    gz = np.random.Generator(np.random.SFC64(derive_seed(seed, 0, rep, 1)))
    return gx, gz


def model_key(name: str) -> int:
    """A stable integer for a model name (CRC-32 of its UTF-8 bytes)."""
    return zlib.crc32(name.encode("utf-8"))


def model_generator(seed: int, model: str, n: int, rep: int) -> np.random.Generator:
    """The generator private to ``model`` at sample size ``n`` in replication ``rep``."""
    return np.random.Generator(np.random.SFC64(derive_seed(seed, 1, model_key(model), n, rep)))


def true_coefficients(d: int, s: int, coef: float) -> np.ndarray:
    """``theta``: ``coef`` on the first ``s`` covariates, zero on the other ``d - s``.

    With isotropic Gaussian covariates the positions of the non-zero coefficients do not matter,
    so the support is ``{0, ..., s-1}``.
    """
    theta = np.zeros(d)
    theta[:s] = coef
    return theta


# --------------------------------------------------------------------------- fast normals
_KERNEL: Any = None  # the compiled fill, once built and checked; False: not available
_CHECK_DRAWS = 65_536
#: Fills smaller than this use NumPy unless the compiled loop is already loaded: importing numba
#: and loading the loop take about half a second in a new process, which a draw of fewer than
#: a million numbers (8 ms with NumPy, 3 ms compiled) would not repay for a long time. The
#: numbers are the same either way.
COMPILED_MIN_DRAWS = 1 << 20


def _build_kernel() -> Any:
    """Compile the SFC64 + ziggurat fill with numba (None when numba is not installed)."""
    try:
        import numba
        from numba.np.random._constants import (
            fi_double,
            ki_double,
            wi_double,
            ziggurat_nor_inv_r,
            ziggurat_nor_r,
        )
    except ImportError:
        return None
    import math

    ki, wi, fi = ki_double, wi_double, fi_double
    r_nor, inv_r = float(ziggurat_nor_r), float(ziggurat_nor_inv_r)
    one, mask8, mask52 = np.uint64(1), np.uint64(0xFF), np.uint64(0x000FFFFFFFFFFFFF)
    s3_, s8_, s11_, s24_, s40_ = (np.uint64(k) for k in (3, 8, 11, 24, 40))
    to_unit = 1.0 / 9007199254740992.0  # next_double: 53 random bits / 2^53

    @numba.njit(cache=True, nogil=True, error_model="numpy")
    def fill(state, out, out32, write32):  # pragma: no cover - compiled (tested via results)
        s0, s1, s2, s3 = state[0], state[1], state[2], state[3]
        i, size = 0, out.size
        while i < size:
            # SFC64 step (numpy/random/src/sfc64/sfc64.h)
            r = s0 + s1 + s3
            s3 += one
            s0 = s1 ^ (s1 >> s11_)
            s1 = s2 + (s2 << s3_)
            s2 = ((s2 << s24_) | (s2 >> s40_)) + r
            # ziggurat (numpy/random/src/distributions/distributions.c, random_standard_normal)
            idx = r & mask8
            r >>= s8_
            rabs = (r >> one) & mask52
            x = rabs * wi[idx]
            if r & one:
                x = -x
            if rabs >= ki[idx]:  # 0.7% of the draws: the wedges and the tail
                if idx == 0:
                    while True:
                        t = s0 + s1 + s3
                        s3 += one
                        s0 = s1 ^ (s1 >> s11_)
                        s1 = s2 + (s2 << s3_)
                        s2 = ((s2 << s24_) | (s2 >> s40_)) + t
                        u1 = (t >> s11_) * to_unit
                        t = s0 + s1 + s3
                        s3 += one
                        s0 = s1 ^ (s1 >> s11_)
                        s1 = s2 + (s2 << s3_)
                        s2 = ((s2 << s24_) | (s2 >> s40_)) + t
                        u2 = (t >> s11_) * to_unit
                        xx = -inv_r * math.log1p(-u1)
                        yy = -math.log1p(-u2)
                        if yy + yy > xx * xx:
                            x = -(r_nor + xx) if (rabs >> s8_) & one else r_nor + xx
                            break
                else:
                    t = s0 + s1 + s3
                    s3 += one
                    s0 = s1 ^ (s1 >> s11_)
                    s1 = s2 + (s2 << s3_)
                    s2 = ((s2 << s24_) | (s2 >> s40_)) + t
                    u = (t >> s11_) * to_unit
                    if not (fi[idx - 1] - fi[idx]) * u + fi[idx] < math.exp(-0.5 * x * x):
                        continue  # rejected: draw again
            out[i] = x
            if write32:
                out32[i] = x
            i += 1
        state[0], state[1], state[2], state[3] = s0, s1, s2, s3

    return fill


def _numpy_fill(gen: np.random.Generator, out: np.ndarray, out32: np.ndarray | None) -> None:
    gen.standard_normal(out=out)
    if out32 is not None:
        out32[...] = out


def _compiled_fill(kernel: Any, gen: np.random.Generator, out: np.ndarray,
                   out32: np.ndarray | None) -> None:
    bg = gen.bit_generator
    st = bg.state
    s = np.array(st["state"]["state"], dtype=np.uint64)
    flat = out.reshape(-1)
    flat32 = flat[:0].astype(np.float32) if out32 is None else out32.reshape(-1)
    kernel(s, flat, flat32, out32 is not None)
    st["state"]["state"] = s
    bg.state = st


def compiled_sampler() -> Any:
    """The compiled fill if numba is installed and it reproduces NumPy's draws, else None.

    Built (or loaded from numba's cache) and checked once per process: 65,536 draws of a fixed
    stream, which include both slow paths of the ziggurat, must equal NumPy's bit for bit, and
    the generator must end in the same state.
    """
    global _KERNEL
    if _KERNEL is None:
        kernel, ok, why = None, False, ""
        try:
            kernel = _build_kernel()
            if kernel is not None:
                a = np.random.Generator(np.random.SFC64(derive_seed(20200710, 9)))
                b = np.random.Generator(np.random.SFC64(derive_seed(20200710, 9)))
                want = a.standard_normal(_CHECK_DRAWS)
                got = np.empty(_CHECK_DRAWS)
                got32 = np.empty(_CHECK_DRAWS, dtype=np.float32)
                _compiled_fill(kernel, b, got, got32)
                ok = (np.array_equal(want, got)
                      and np.array_equal(want.astype(np.float32), got32)
                      and a.standard_normal() == b.standard_normal())
                why = "" if ok else "its draws differ from NumPy's"
        except Exception as exc:  # a numba that cannot compile or cache here
            why = f"{type(exc).__name__}: {exc}"
        if why:
            import warnings

            warnings.warn(f"the compiled sampler is not used ({why}); NumPy draws the same "
                          "numbers, about three times slower", RuntimeWarning, stacklevel=2)
        _KERNEL = kernel if ok else False
    return _KERNEL or None


def prepare_sampler(draws: int) -> None:
    """Build (or load) the compiled loop now if fills of ``draws`` numbers will use it, e.g.
    before forking worker processes, which then inherit it instead of each loading it."""
    if draws >= COMPILED_MIN_DRAWS:
        compiled_sampler()


def standard_normal_fill(
    gen: np.random.Generator,
    out: np.ndarray,
    out32: np.ndarray | None = None,
    compiled: bool | None = None,
) -> None:
    """Fill ``out`` with standard normals from ``gen``, exactly as
    ``gen.standard_normal(out=out)`` does (same numbers, same state afterwards).

    Parameters
    ----------
    gen : numpy.random.Generator
    out : ndarray of float64, C-contiguous
    out32 : ndarray of float32, optional
        Same shape as ``out``: also receives the numbers rounded to single precision.
    compiled : bool, optional
        ``None`` (default): the compiled loop when it is available (:func:`compiled_sampler`),
        ``gen`` is SFC64 and the fill has at least :data:`COMPILED_MIN_DRAWS` numbers (or the
        loop is loaded already), else NumPy; ``False``: NumPy; ``True``: the compiled loop, a
        :class:`RuntimeError` if it is not available.

    Examples
    --------
    >>> import numpy as np
    >>> a, b = (np.random.Generator(np.random.SFC64(7)) for _ in range(2))
    >>> out = np.empty((3, 4))
    >>> standard_normal_fill(a, out)
    >>> bool(np.array_equal(out, b.standard_normal((3, 4))))
    True
    """
    if not (out.dtype == np.float64 and out.flags.c_contiguous):
        raise ValueError("out must be a C-contiguous float64 array")
    if out32 is not None and not (out32.dtype == np.float32 and out32.flags.c_contiguous
                                  and out32.shape == out.shape):
        raise ValueError("out32 must be a C-contiguous float32 array shaped like out")
    kernel = None
    worth = compiled or out.size >= COMPILED_MIN_DRAWS or _KERNEL is not None
    if compiled is not False and worth:
        kernel = compiled_sampler() if isinstance(gen.bit_generator, np.random.SFC64) else None
        if kernel is None and compiled:
            raise RuntimeError("the compiled sampler needs numba and an SFC64 generator")
    if kernel is None:
        _numpy_fill(gen, out, out32)
    else:
        _compiled_fill(kernel, gen, out, out32)
