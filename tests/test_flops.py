"""FLOP counting of PyTorch models (computelimits.flops).

Tiny models are built here (no torchvision); every count is checked against a hand formula and,
where PyTorch's counter is right, against PyTorch's own ``FlopCounterMode`` too.
"""

from __future__ import annotations

import sys

import pytest

from computelimits.errors import ComputeLimitsError, InputError, UnknownNameError
from computelimits.flops import (
    TORCH_INSTALL_HINT,
    TorchNotInstalledError,
    attention_backward_flops,
    attention_flops,
    parse_shape,
)

# ------------------------------------------------------------------ hand formulas


def linear_flops(batch_tokens, n_in, n_out):
    """nn.Linear forward: one multiply-add per input x output per row; bias not counted."""
    return 2 * batch_tokens * n_in * n_out


def conv_flops(batch, c_in, c_out, k, h_out, w_out, groups=1):
    """nn.Conv2d forward: 2 * B * C_in/groups * C_out * k * k * H_out * W_out."""
    return 2 * batch * (c_in // groups) * c_out * k * k * h_out * w_out


def sdpa_flops(b, h, lq, lk, d, dv):
    """Q K^T and softmax(.) V."""
    return 2 * b * h * lq * lk * d + 2 * b * h * lq * lk * dv


# ------------------------------------------------------------------ pure functions (no torch)


def test_attention_formulas_by_hand():
    assert attention_flops((2, 4, 8, 16), (2, 4, 8, 16), (2, 4, 8, 16)) == sdpa_flops(2, 4, 8, 8,
                                                                                      16, 16)
    # cross attention: L_q != L_k, d_v != d
    assert attention_flops((1, 2, 5, 8), (1, 2, 7, 8), (1, 2, 7, 3)) == 2 * 2 * 5 * 7 * (8 + 3)
    # backward: recompute Q K^T + dP + dV + dQ + dK = 2.5 x forward when d == d_v
    fwd = attention_flops((2, 4, 8, 16), (2, 4, 8, 16), (2, 4, 8, 16))
    assert attention_backward_flops((2, 4, 8, 16), (2, 4, 8, 16), (2, 4, 8, 16),
                                    (2, 4, 8, 16)) * 2 == 5 * fwd
    # grouped-query attention: 8 query heads on 2 key/value heads
    assert attention_flops((1, 8, 4, 4), (1, 2, 4, 4), (1, 2, 4, 4)) == sdpa_flops(1, 8, 4, 4, 4, 4)


def test_attention_formula_rejects_bad_shapes():
    with pytest.raises(ValueError):
        attention_flops((1, 2, 4, 8), (1, 2, 4, 7), (1, 2, 4, 8))
    with pytest.raises(ValueError):
        attention_flops((1, 3, 4, 8), (1, 2, 4, 8), (1, 2, 4, 8))


@pytest.mark.parametrize("text, shape", [("1,3,224,224", (1, 3, 224, 224)),
                                         ("1x3x32x32", (1, 3, 32, 32)),
                                         (" 2, 16 ", (2, 16)), ((4, 5), (4, 5))])
def test_parse_shape(text, shape):
    assert parse_shape(text) == shape


@pytest.mark.parametrize("text", ["", "1,0,3", "a,b", "1,-2", "1.5,2", "1,3,x", "1,,3"])
def test_parse_shape_rejects(text):
    with pytest.raises(InputError):
        parse_shape(text)


# ------------------------------------------------------------------ no torch


def test_without_torch_says_how_to_install(monkeypatch):
    from computelimits import flops
    from computelimits.model_loader import load_model

    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    with pytest.raises(TorchNotInstalledError) as exc:
        flops.count_flops(object(), input_shape=(1, 2))
    assert isinstance(exc.value, ComputeLimitsError)
    assert "pip install 'computelimits[torch]'" in str(exc.value)
    assert str(exc.value) == TORCH_INSTALL_HINT
    with pytest.raises(TorchNotInstalledError):
        load_model("whatever.py:make")
    with pytest.raises(TorchNotInstalledError):
        flops.register_cpu_attention_formulas()


# ------------------------------------------------------------------ with torch
# The tests below need PyTorch: each asks for the `torch` fixture, which skips without it, so the
# tests above (pure formulas, the no-torch path) always run.


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


def _tiny_cnn(torch):
    nn, F = torch.nn, torch.nn.functional

    class TinyCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 8, 3, padding=1)       # 8x8 -> 8x8
            self.pool = nn.MaxPool2d(2)                      # -> 4x4
            self.conv2 = nn.Conv2d(8, 16, 3, stride=1)       # -> 2x2
            self.fc = nn.Linear(16 * 2 * 2, 10)

        def forward(self, x):
            x = self.pool(F.relu(self.conv1(x)))
            x = F.relu(self.conv2(x))
            return self.fc(torch.flatten(x, 1))

    return TinyCNN()


def _tiny_block(torch, d=16, heads=4, mlp=4, causal=False):
    nn, F = torch.nn, torch.nn.functional

    class TinyTransformerBlock(nn.Module):
        """Pre-norm block: attention through F.scaled_dot_product_attention, then an MLP."""

        def __init__(self):
            super().__init__()
            self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
            self.qkv = nn.Linear(d, 3 * d)
            self.proj = nn.Linear(d, d)
            self.fc1, self.fc2 = nn.Linear(d, mlp * d), nn.Linear(mlp * d, d)

        def forward(self, x):
            b, n, _ = x.shape
            q, k, v = self.qkv(self.ln1(x)).split(d, dim=-1)
            q, k, v = (t.view(b, n, heads, d // heads).transpose(1, 2) for t in (q, k, v))
            a = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
            x = x + self.proj(a.transpose(1, 2).reshape(b, n, d))
            return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))

    return TinyTransformerBlock()


def torch_counts(torch, model, x):
    """PyTorch's own counter, forward and forward+backward (weights only, like training)."""
    from torch.utils.flop_counter import FlopCounterMode

    params = [p for p in model.parameters() if p.requires_grad]
    with FlopCounterMode(display=False) as fwd:
        model(x)
    with FlopCounterMode(display=False) as both:
        out = model(x)
        torch.autograd.grad(out.sum(), params)
    return fwd.get_total_flops(), both.get_total_flops()


B = 2
CNN_FWD = {"conv1": conv_flops(B, 3, 8, 3, 8, 8), "conv2": conv_flops(B, 8, 16, 3, 2, 2),
           "fc": linear_flops(B, 64, 10)}


def test_cnn_forward_and_backward_exact(torch):
    from computelimits.flops import count_flops

    model = _tiny_cnn(torch)
    fc = count_flops(model, input_shape=(B, 3, 8, 8))
    fwd = sum(CNN_FWD.values())
    # written out: 2*B*C_in*C_out*k*k*H*W for the convolutions, 2*B*in*out for the linear
    assert fwd == 2 * 2 * 3 * 8 * 9 * 8 * 8 + 2 * 2 * 8 * 16 * 9 * 2 * 2 + 2 * 2 * 64 * 10
    assert fc.forward_flops == fwd == 76288
    assert fc.forward_macs == fwd // 2
    # backward: weight gradient of every layer (= its forward) + input gradient of every layer
    # but the first (the data needs no gradient)
    bwd = CNN_FWD["conv1"] + 2 * CNN_FWD["conv2"] + 2 * CNN_FWD["fc"]
    assert fc.backward_flops == bwd
    assert fc.forward_backward_flops == fwd + bwd
    assert fc.forward_flops_per_example == fwd / B
    assert fc.forward_backward_flops_per_example == (fwd + bwd) / B
    # PyTorch's own counter agrees exactly
    assert torch_counts(torch, model, torch.randn(B, 3, 8, 8)) == (fwd, fwd + bwd)


def test_cnn_per_module_breakdown(torch):
    from computelimits.flops import count_flops

    fc = count_flops(_tiny_cnn(torch), input_shape=(B, 3, 8, 8))
    df = fc.to_frame().set_index("module")
    assert list(df.columns) == ["depth", "forward_flops", "backward_flops",
                                "forward_backward_flops", "forward_macs", "forward_share"]
    assert df.loc["TinyCNN", "forward_flops"] == fc.forward_flops
    assert df.loc["TinyCNN", "depth"] == 0
    for name, flops in CNN_FWD.items():
        assert df.loc[f"TinyCNN.{name}", "forward_flops"] == flops
        assert df.loc[f"TinyCNN.{name}", "depth"] == 1
    assert df.loc["TinyCNN.conv1", "backward_flops"] == CNN_FWD["conv1"]
    assert df.loc["TinyCNN.fc", "backward_flops"] == 2 * CNN_FWD["fc"]
    assert df.loc["TinyCNN", "forward_share"] == pytest.approx(1.0)
    assert len(fc.to_frame(depth=0)) == 1
    ops = fc.to_frame("operator").set_index("operator")
    assert ops.loc["aten.convolution", "forward_flops"] == CNN_FWD["conv1"] + CNN_FWD["conv2"]
    assert ops["forward_flops"].sum() == fc.forward_flops
    assert ops["backward_flops"].sum() == fc.backward_flops
    with pytest.raises(InputError):
        fc.to_frame("layer")


def test_cnn_lists_uncounted_ops(torch):
    from computelimits.flops import count_flops

    fc = count_flops(_tiny_cnn(torch), input_shape=(B, 3, 8, 8))
    assert "aten.relu" in fc.unsupported_ops
    assert "aten.max_pool2d_with_indices" in fc.unsupported_ops
    assert dict(fc.unsupported_op_calls)["aten.relu"] == 2
    # views and copies are not "unsupported": they do no arithmetic
    assert not {"aten.view", "aten.t", "aten.detach"} & set(fc.unsupported_ops)
    assert {"aten.view", "aten.t"} & set(fc.data_movement_ops)


def test_linear_bias_not_counted(torch):
    from computelimits.flops import count_flops

    with_bias = count_flops(torch.nn.Linear(32, 8), input_shape=(4, 32))
    without = count_flops(torch.nn.Linear(32, 8, bias=False), input_shape=(4, 32))
    assert with_bias.forward_flops == without.forward_flops == linear_flops(4, 32, 8)


def test_grouped_and_depthwise_convolution_backward(torch):
    # PyTorch <= 2.13 counts a grouped conv's weight gradient `groups` times; we count it once
    from computelimits.flops import count_flops

    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(3, 8, 1), nn.Conv2d(8, 8, 3, groups=8),
                          nn.Conv2d(8, 16, 3, groups=2))
    fc = count_flops(model, input_shape=(B, 3, 8, 8))
    f0 = conv_flops(B, 3, 8, 1, 8, 8)
    f1 = conv_flops(B, 8, 8, 3, 6, 6, groups=8)
    f2 = conv_flops(B, 8, 16, 3, 4, 4, groups=2)
    assert fc.forward_flops == f0 + f1 + f2
    assert fc.backward_flops == f0 + 2 * f1 + 2 * f2
    df = fc.to_frame().set_index("module")
    assert df.loc["Sequential.1", "backward_flops"] == 2 * f1
    # the forward is PyTorch's count exactly
    assert torch_counts(torch, model, torch.randn(B, 3, 8, 8))[0] == f0 + f1 + f2


def _block_hand(b=2, n=8, d=16, h=4, mlp=4):
    tokens = b * n
    linears = (linear_flops(tokens, d, 3 * d) + linear_flops(tokens, d, d)
               + linear_flops(tokens, d, mlp * d) + linear_flops(tokens, mlp * d, d))
    attn = sdpa_flops(b, h, n, n, d // h, d // h)
    # every linear needs both gradients (its input follows a LayerNorm with weights);
    # attention backward = 5 matrix products = 2.5 x its forward
    return linears + attn, 2 * linears + attn * 5 // 2, attn


@pytest.mark.parametrize("causal", [False, True])
def test_transformer_block_exact_with_attention(torch, causal):
    from computelimits.flops import count_flops

    fwd, bwd, attn = _block_hand()
    assert (fwd, bwd, attn) == (106496, 217088, 8192)
    model = _tiny_block(torch, causal=causal)
    fc = count_flops(model, input_shape=(2, 8, 16))
    assert fc.forward_flops == fwd          # attention included (not zero)
    assert fc.backward_flops == bwd
    assert fc.forward_backward_flops == fwd + bwd
    ops = fc.to_frame("operator").set_index("operator")
    attn_ops = [o for o in ops.index if "scaled_dot_product" in o]
    assert attn_ops, "the attention kernel must be counted"
    assert ops.loc[attn_ops, "forward_flops"].sum() == attn
    assert ops.loc[attn_ops, "backward_flops"].sum() == attn * 5 // 2
    assert not any("scaled_dot_product" in o for o in fc.unsupported_ops)
    assert "aten.gelu" in fc.unsupported_ops and "aten.native_layer_norm" in fc.unsupported_ops
    df = fc.to_frame().set_index("module")
    assert df.loc["TinyTransformerBlock.qkv", "forward_flops"] == linear_flops(16, 16, 48)
    # PyTorch's own counter agrees once the CPU attention formula is registered
    assert torch_counts(torch, model, torch.randn(2, 8, 16)) == (fwd, fwd + bwd)


def test_cpu_attention_registration_fixes_plain_flop_counter(torch):
    from torch.utils.flop_counter import FlopCounterMode

    from computelimits.flops import register_cpu_attention_formulas

    register_cpu_attention_formulas()
    assert register_cpu_attention_formulas() == []  # idempotent
    F = torch.nn.functional
    q = torch.randn(2, 4, 8, 16, requires_grad=True)
    with FlopCounterMode(display=False) as m:
        F.scaled_dot_product_attention(q, q.detach(), q.detach())
    assert m.get_total_flops() == sdpa_flops(2, 4, 8, 8, 16, 16)
    with FlopCounterMode(display=False) as m:
        F.scaled_dot_product_attention(q, q, q).sum().backward()
    assert m.get_total_flops() == sdpa_flops(2, 4, 8, 8, 16, 16) * 7 // 2


def test_multihead_attention_module(torch):
    from computelimits.flops import count_flops

    d, n, b = 16, 8, 2
    mha = torch.nn.MultiheadAttention(d, 4, batch_first=True)
    x = torch.randn(b, n, d)
    fc = count_flops(mha, (x, x, x), kwargs=dict(need_weights=False))
    # in-projections of q, k, v + attention + out-projection
    assert fc.forward_flops == (3 * linear_flops(b * n, d, d) + sdpa_flops(b, 4, n, n, 4, 4)
                                + linear_flops(b * n, d, d))
    assert x.grad is None


def test_model_state_is_left_alone(torch):
    from computelimits.flops import count_flops

    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Flatten(),
                          nn.Linear(4 * 6 * 6, 2))
    model.train()
    model[3].weight.grad = torch.ones_like(model[3].weight)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    fc = count_flops(model, input_shape=(2, 3, 8, 8), mode="train")
    assert fc.mode == "train" and fc.backward_flops > 0
    assert all(m.training for m in model.modules())
    for k, v in model.state_dict().items():
        assert torch.equal(v, before[k]), k  # running stats restored
    assert torch.equal(model[3].weight.grad, torch.ones_like(model[3].weight))
    assert model[0].weight.grad is None
    model.eval()
    count_flops(model, input_shape=(2, 3, 8, 8))
    assert not any(m.training for m in model.modules())


def test_options_and_values(torch):
    from computelimits.flops import FlopCount, count_flops

    nn = torch.nn
    lin = nn.Linear(10, 3)
    x = torch.randn(5, 10, requires_grad=True)
    fc = count_flops(lin, x, backward=False)
    assert isinstance(fc, FlopCount)
    assert (fc.forward_flops, fc.backward_flops, fc.batch_size) == (300, 0, 5)
    assert fc.params == 33 and fc.trainable_params == 33
    assert fc.input_shapes == ((5, 10),)
    # the user's tensor never receives a gradient
    count_flops(lin, x)
    assert x.grad is None and lin.weight.grad is None
    # explicit batch size (e.g. the batch is not the first dimension)
    assert count_flops(lin, input_shape=(5, 10), batch_size=1).forward_flops_per_example == 300
    # input gradient on request: the first layer's input gradient is added
    fc = count_flops(lin, input_shape=(5, 10), input_requires_grad=True)
    assert fc.backward_flops == 2 * 300
    # a frozen model has no backward
    frozen = nn.Linear(10, 3).requires_grad_(False)
    fc = count_flops(frozen, input_shape=(5, 10))
    assert fc.backward_flops == 0 and fc.notes
    # integer inputs for embeddings
    emb = nn.Sequential(nn.Embedding(100, 8), nn.Linear(8, 4))
    fc = count_flops(emb, input_shape=(2, 6), input_dtype="int64")
    assert fc.forward_flops == linear_flops(12, 8, 4)
    d = fc.to_dict()
    assert d["forward_flops"] == fc.forward_flops and d["modules"][0]["depth"] == 0
    assert "forward" in fc.summary()
    with pytest.raises(AttributeError):
        fc.forward_flops = 1  # immutable


@pytest.mark.parametrize("case", ["dtype", "mode", "nothing", "both", "shape"])
def test_bad_calls_are_input_errors(torch, case):
    from computelimits.flops import count_flops

    kwargs = dict(dtype=dict(input_shape=(2, 3), input_dtype="complex"),
                  mode=dict(input_shape=(2, 3), mode="training"),
                  nothing=dict(),
                  both=dict(inputs=torch.zeros(1, 3), input_shape=(1, 3)),
                  shape=dict(input_shape=(2, 5)))[case]
    with pytest.raises(InputError):
        count_flops(torch.nn.Linear(3, 2), **kwargs)


def test_not_a_module(torch):
    from computelimits.flops import count_flops

    with pytest.raises(InputError, match="nn.Module"):
        count_flops(lambda x: x, input_shape=(1, 2))


# ------------------------------------------------------------------ FILE.py:FACTORY loader

MODEL_FILE = """
import torch.nn as nn
from helper_mod import WIDTH

def make(width=WIDTH):
    return nn.Sequential(nn.Linear(4, width), nn.ReLU(), nn.Linear(width, 2))

def not_a_model():
    return 42

def broken():
    raise RuntimeError("no weights here")

CONSTANT = 3
"""


@pytest.fixture
def model_file(tmp_path):
    (tmp_path / "helper_mod.py").write_text("WIDTH = 8\n")
    f = tmp_path / "net.py"
    f.write_text(MODEL_FILE)
    return f


def test_load_model(torch, model_file):
    from computelimits.flops import count_flops
    from computelimits.model_loader import load_model

    path_before = list(sys.path)
    mods_before = set(sys.modules)
    model = load_model(f"{model_file}:make")
    assert isinstance(model, torch.nn.Module)
    assert count_flops(model, input_shape=(1, 4)).forward_flops == 2 * (4 * 8 + 8 * 2)
    assert load_model(f"{model_file}:make", width=3)[0].out_features == 3
    assert sys.path == path_before
    assert not any(m.startswith("_computelimits_user_") for m in set(sys.modules) - mods_before)
    assert not (model_file.parent / "__pycache__").exists()  # no bytecode written beside it


def test_load_errors(torch, model_file, tmp_path):
    from computelimits.model_loader import load_factory, load_model

    with pytest.raises(InputError, match="FILE.py:FACTORY"):
        load_factory(str(model_file))
    with pytest.raises(InputError, match="no such file"):
        load_factory(f"{tmp_path / 'missing.py'}:make")
    with pytest.raises(UnknownNameError, match="make"):
        load_factory(f"{model_file}:mkae")
    with pytest.raises(InputError, match="not a function"):
        load_factory(f"{model_file}:CONSTANT")
    with pytest.raises(InputError, match="expected a torch.nn.Module"):
        load_model(f"{model_file}:not_a_model")
    with pytest.raises(InputError, match="no weights here"):
        load_model(f"{model_file}:broken")
    bad = tmp_path / "bad.py"
    bad.write_text("import nonexistent_package_xyz\n")
    with pytest.raises(InputError, match="importing the file failed"):
        load_factory(f"{bad}:make")
    txt = tmp_path / "model.txt"
    txt.write_text("x")
    with pytest.raises(InputError, match=".py"):
        load_factory(f"{txt}:make")


def test_parse_shape_bounds_the_input_size():
    from computelimits.flops import MAX_INPUT_ELEMENTS, parse_shape

    assert parse_shape("1,3,224,224") == (1, 3, 224, 224)
    with pytest.raises(InputError, match="elements"):
        parse_shape("100000,100000,100000")
    with pytest.raises(InputError, match="elements"):
        parse_shape([MAX_INPUT_ELEMENTS + 1])
