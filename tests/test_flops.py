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


@pytest.mark.parametrize("text", ["", "1,0,3", "a,b", "1,-2", "1.5,2"])
def test_parse_shape_rejects(text):
    with pytest.raises(InputError):
        parse_shape(text)


# ------------------------------------------------------------------ no torch


def test_without_torch_says_how_to_install(monkeypatch):
    from computelimits import flops

    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` fail
    with pytest.raises(TorchNotInstalledError) as exc:
        flops.count_flops(object(), input_shape=(1, 2))
    assert isinstance(exc.value, ComputeLimitsError)
    assert "pip install 'computelimits[torch]'" in str(exc.value)
    assert str(exc.value) == TORCH_INSTALL_HINT
    with pytest.raises(TorchNotInstalledError):
        flops.load_model("whatever.py:make")
    with pytest.raises(TorchNotInstalledError):
        flops.register_cpu_attention_formulas()


# ------------------------------------------------------------------ with torch
# The tests below need PyTorch: each asks for the `torch` fixture, which skips without it, so the
# tests above (pure formulas, the no-torch path) always run.


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


def _nn():
    import torch

    return torch, torch.nn, torch.nn.functional


def _tiny_cnn():
    torch, nn, F = _nn()

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


def _tiny_block(d=16, heads=4, mlp=4, causal=False):
    torch, nn, F = _nn()

    def _block_hand(b=2, n=8, d=16, h=4, mlp=4):
    tokens = b * n
    linears = (linear_flops(tokens, d, 3 * d) + linear_flops(tokens, d, d)
               + linear_flops(tokens, d, mlp * d) + linear_flops(tokens, mlp * d, d))
    attn = sdpa_flops(b, h, n, n, d // h, d // h)
    # every linear needs both gradients (its input follows a LayerNorm with weights);
    # attention backward = 5 matrix products = 2.5 x its forward
    return linears + attn, 2 * linears + attn * 5 // 2, attn


@pytest.mark.parametrize("causal", [False, True])
def test_transformer_block_exact_with_attention(causal):
    fwd, bwd, attn = _block_hand()
    assert (fwd, bwd) == (106496, 217088)
    fc = count_flops(TinyTransformerBlock(causal=causal), input_shape=(2, 8, 16))
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


def test_cpu_attention_registration_fixes_plain_flop_counter():
    register_cpu_attention_formulas()
    assert register_cpu_attention_formulas() == []  # idempotent
    q = torch.randn(2, 4, 8, 16, requires_grad=True)
    with FlopCounterMode(display=False) as m:
        out = F.scaled_dot_product_attention(q, q.detach(), q.detach())
    assert m.get_total_flops() == sdpa_flops(2, 4, 8, 8, 16, 16)
    with FlopCounterMode(display=False) as m:
        out = F.scaled_dot_product_attention(q, q, q)
        out.sum().backward()
    assert m.get_total_flops() == sdpa_flops(2, 4, 8, 8, 16, 16) * 7 // 2


def test_multihead_attention_module():
    d, n, b = 16, 8, 2
    mha = nn.MultiheadAttention(d, 4, batch_first=True)
    x = torch.randn(b, n, d)
    fc = count_flops(mha, (x, x, x), kwargs=dict(need_weights=False))
    # in-projection of q, k, v + attention + out-projection
    assert fc.forward_flops == 3 * linear_flops(b * n, d, d) + sdpa_flops(b, 4, n, n, 4, 4) \
        + linear_flops(b * n, d, d)


def test_model_state_is_left_alone():
    model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Flatten(),
                          nn.Linear(4 * 6 * 6, 2))
    model.train()
    model[3].weight.grad = torch.ones_like(model[3].weight)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    fc = count_flops(model, input_shape=(2, 3, 8, 8), mode="train")
    assert fc.mode == "train" and fc.backward_flops > 0
    assert model.training and all(m.training for m in model.modules())
    for k, v in model.state_dict().items():
        assert torch.equal(v, before[k]), k  # running stats restored
    assert torch.equal(model[3].weight.grad, torch.ones_like(model[3].weight))
    assert model[0].weight.grad is None
    model.eval()
    count_flops(model, input_shape=(2, 3, 8, 8))
    assert not model.training


def test_options_and_values():
    lin = nn.Linear(10, 3)
    fc = count_flops(lin, torch.randn(5, 10), backward=False)
    assert isinstance(fc, FlopCount)
    assert (fc.forward_flops, fc.backward_flops, fc.batch_size) == (300, 0, 5)
    assert fc.params == 33 and fc.trainable_params == 33
    assert fc.input_shapes == ((5, 10),)
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


@pytest.mark.parametrize("kwargs", [dict(input_shape=(2, 3), input_dtype="complex"),
                                    dict(input_shape=(2, 3), mode="training"),
                                    dict(), dict(inputs=torch.zeros(1, 3), input_shape=(1, 3)),
                                    dict(input_shape=(2, 5))])
def test_bad_calls_are_input_errors(kwargs):
    with pytest.raises(InputError):
        count_flops(nn.Linear(3, 2), **kwargs)


def test_not_a_module():
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


def test_load_model(model_file):
    path_before = list(sys.path)
    mods_before = set(sys.modules)
    model = load_model(f"{model_file}:make")
    assert isinstance(model, nn.Module)
    assert count_flops(model, input_shape=(1, 4)).forward_flops == 2 * (4 * 8 + 8 * 2)
    assert load_model(f"{model_file}:make", width=3)[0].out_features == 3
    assert sys.path == path_before
    assert not any(m.startswith("_computelimits_user_") for m in set(sys.modules) - mods_before)
    assert not (model_file.parent / "__pycache__").exists()  # no bytecode written beside it


def test_load_errors(model_file, tmp_path):
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
