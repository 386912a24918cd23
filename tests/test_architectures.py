"""Counted architectures (computelimits.architectures): each family's FLOPs against a hand count of
one layer, and the packaged counts (curation/counted_flops.csv) against a fresh count."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from computelimits.architectures import (
    ARCHITECTURES,
    COUNTED_RECORDS,
    LENGTHS,
    get_architecture,
)
from computelimits.errors import UnknownNameError

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.torch


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def _forward(net, *inputs):
    from computelimits.flops import count_flops

    return count_flops(net, inputs, backward=False, batch_size=1).forward_flops


def test_registry_and_unknown_name():
    assert get_architecture("transformer-big").config["d_ff"] == 4096
    with pytest.raises(UnknownNameError, match="transformer-base"):
        get_architecture("transformer-huge")
    for _, _, _, name, _ in COUNTED_RECORDS:
        assert name in ARCHITECTURES
    for a in ARCHITECTURES.values():
        assert a.benchmark in LENGTHS and a.quote
        assert a.citation.startswith("arXiv:") or "README" in a.citation


def test_encoder_layer_hand_count(torch):
    """One Transformer encoder layer on L tokens: 4 d x d projections + 2 feed-forward products
    (2 FLOPs per multiply-add) and the two attention products Q K^T and A V (2 L^2 d each)."""
    from computelimits.architectures._nets import EncoderLayer

    d, dff, h, L = 64, 256, 4, 10
    hand = 2 * L * (4 * d * d + 2 * d * dff) + 2 * (2 * L * L * d)
    assert _forward(EncoderLayer(d, dff, h), torch.zeros(1, L, d)) == hand


def test_decoder_layer_hand_count(torch):
    """Decoder layer: self-attention (4 d x d projections on the target), cross-attention (query
    and output on the target, key and value on the L_s source positions), feed-forward, and the
    attention products (the causal mask is not subtracted, as PyTorch counts it)."""
    from computelimits.architectures._nets import DecoderLayer

    d, dff, h, lt, ls = 32, 128, 4, 6, 9
    hand = 2 * lt * (6 * d * d + 2 * d * dff) + 2 * ls * 2 * d * d + 4 * lt * lt * d + 4 * lt * ls * d
    assert _forward(DecoderLayer(d, dff, h), torch.zeros(1, lt, d), torch.zeros(1, ls, d)) == hand


def test_lstm_layer_hand_count(torch):
    """One LSTM layer: per step the four gates cost 4h (n_in + h) multiply-adds."""
    from computelimits.architectures._nets import LSTMLayer

    n_in, hid, T = 12, 8, 5
    assert _forward(LSTMLayer(n_in, hid), torch.zeros(1, T, n_in)) == 2 * T * 4 * hid * (n_in + hid)


def test_bilstm_tagger_hand_count(torch):
    """Character BiLSTM over each word, word BiLSTM, tag scores."""
    from computelimits.architectures._nets import BiLSTMTagger

    wd, cd, ch, hid, tags, T, C = 10, 4, 3, 6, 5, 7, 4
    char = 2 * (2 * C * 4 * ch * (cd + ch))
    word = 2 * (2 * 4 * hid * (wd + 2 * ch + hid))
    out = 2 * 2 * hid * tags
    net = BiLSTMTagger(wd, cd, ch, hid, tags)
    words = torch.zeros(1, T, dtype=torch.long)
    chars = torch.zeros(1, T, C, dtype=torch.long)
    assert _forward(net, words, chars) == T * (char + word + out)


def test_convs2s_one_layer_hand_count(torch):
    """ConvS2S with one layer of c channels and width k: encoder fc1, GLU convolution (2c outputs)
    and fc2; decoder fc1, causal convolution, attention (in-projection, the two batched products
    over the source, out-projection) and fc2."""
    from computelimits.architectures._nets import ConvS2S

    E, c, k, out, L = 16, 8, 3, 12, 5
    conv = 2 * L * k * c * 2 * c
    enc = 2 * L * E * c + conv + 2 * L * c * E
    att = 2 * L * c * E + 2 * L * L * E + 2 * L * L * E + 2 * L * E * c
    dec = 2 * L * E * c + conv + att + 2 * L * c * out
    net = ConvS2S([(c, k)], E, out, vocab=20)
    tok = torch.zeros(1, L, dtype=torch.long)
    assert _forward(net, tok, tok) == enc + dec


def test_gru_step_hand_count(torch):
    """One GRU step of Bahdanau et al. (Appendix A.2): W (3 gates) on the input, U_z and U_r and
    U on the state, C (3 gates) on the context."""
    from computelimits.architectures._nets import GRUCell

    n_in, h, n_ctx = 6, 5, 4
    cell = GRUCell(n_in, h, n_ctx)
    x, s, c = torch.zeros(1, n_in), torch.zeros(1, h), torch.zeros(1, n_ctx)

    class Step(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.cell = cell

        def forward(self, x, s, c):
            return self.cell(self.cell.w(x), s, c)

    hand = 2 * (n_in * 3 * h + h * 2 * h + h * h + n_ctx * 3 * h)
    assert _forward(Step(), x, s, c) == hand


def test_rnnsearch_per_token_by_hand():
    """The stored RNNsearch count equals the hand count of Appendix A.2 at 32 source and target
    words: encoder BiGRU, U_a h_j once per source word, s_0, and per target word the alignment
    model over 32 source words, the context, the decoder GRU and the deep output (no W_o)."""
    n, m, mx, na, L = 1000, 620, 500, 1000, 32
    enc = 2 * L * 2 * (m * 3 * n + n * 2 * n + n * n)
    ua = 2 * L * 2 * n * na
    s0 = 2 * n * n
    per_target = 2 * (n * na + L * na + L * 2 * n + m * 3 * n + n * 2 * n + n * n + 2 * n * 3 * n
                      + n * 2 * mx + m * 2 * mx + 2 * n * 2 * mx)
    with (REPO / "curation" / "counted_flops.csv").open(encoding="utf-8") as fh:
        rows = {r["architecture"]: r for r in csv.DictReader(fh)}
    assert float(rows["rnnsearch"]["flops_per_pass"]) == pytest.approx((enc + ua + s0 + L * per_target) / L,
                                                                       rel=1e-5)


def test_relative_attention_hand_count(torch):
    """Self-attention with relative position representations (arXiv:1803.02155 eqs. 3-5): the 4
    projections, Q K^T and A V, and the two relative terms q_i . a^K_ij and sum_j alpha_ij a^V_ij,
    each of the size of Q K^T (2 L^2 d FLOPs over the heads)."""
    from computelimits.architectures._nets import MultiHeadAttention

    d, h, L = 64, 4, 10
    hand = 2 * L * 4 * d * d + 4 * (2 * L * L * d)
    assert _forward(MultiHeadAttention(d, h, relative=2), torch.zeros(1, L, d)) == hand
    assert _forward(MultiHeadAttention(d, h), torch.zeros(1, L, d)) == hand - 2 * (2 * L * L * d)
    # T5's wide heads: attention works in heads * d_kv dimensions (here 4 * 32 = 128 > d)
    inner = h * 32
    assert _forward(MultiHeadAttention(d, h, d_kv=32), torch.zeros(1, L, d)) == \
        2 * L * 4 * d * inner + 2 * (2 * L * L * inner)


def test_jasper_dr_hand_count(torch):
    """A small Jasper DR: every convolution costs 2 x kernel x c_in x c_out per output frame, all
    frames after the stride-2 prolog; the dense residuals are one 1x1 convolution per earlier block
    input; the CTC layer is a dense product onto the outputs."""
    from computelimits.architectures._nets import JasperDR

    net = JasperDR(features=4, prolog=(8, 3, 2), blocks=((2, 3, 8), (2, 5, 16)), epilog=((3, 16, 2),),
                   vocab=5)
    frames = 5  # 10 input frames, stride 2
    macs = (3 * 4 * 8                                    # prolog
            + 2 * (3 * 8 * 8) + 8 * 8                    # block 1 and its residual from its input
            + 5 * 8 * 16 + 5 * 16 * 16 + 8 * 16 + 8 * 16  # block 2 and residuals from both inputs
            + 3 * 16 * 16 + 16 * 5)                      # epilog (dilated) and CTC layer
    assert _forward(net, torch.zeros(1, 4, 10)) == 2 * frames * macs


def test_small_encoder_model_equals_layer_sum(torch):
    """A whole encoder is its layers plus the head (embeddings cost nothing)."""
    from computelimits.architectures._nets import TransformerEncoder

    d, dff, L, n = 32, 64, 8, 3
    layer = 2 * L * (4 * d * d + 2 * d * dff) + 4 * L * L * d
    net = TransformerEncoder(n, d, dff, 4, vocab=50, head_out=2)
    assert _forward(net, torch.zeros(1, L, dtype=torch.long)) == n * layer + 2 * L * d * 2


def test_paper_parameter_counts(torch):
    """The built networks have the parameter counts the papers print (embeddings included):
    Transformer base 65M and big 213M (arXiv:1706.03762 Table 3, 37K shared vocabulary), BERT
    110M and 340M (arXiv:1810.04805 Section 3)."""
    from computelimits.architectures import build_network

    def params(name):
        with torch.device("meta"):  # shapes only: no memory, no initialisation time
            net, _ = build_network(get_architecture(name))
        return sum(p.numel() for p in net.parameters()) / 1e6

    assert params("transformer-base") == pytest.approx(65, rel=0.05)
    assert params("transformer-big") == pytest.approx(213, rel=0.02)
    assert params("bert-base-squad") == pytest.approx(110, rel=0.02)
    assert params("bert-large-squad") == pytest.approx(340, rel=0.03)
    # T5's "11B" configuration (the official bi_v1_11B.gin: "# 11B parameters")
    assert params("t5-11b") == pytest.approx(11_000, rel=0.05)
    # Jasper's 54-layer model has 333M parameters (arXiv:1904.03288 Section 1, read in a translation)
    assert params("jasper-dr-10x5-swb") == pytest.approx(333, rel=0.005)


def test_transformer_base_per_token_by_hand():
    """The stored Transformer-base count equals the hand count of its 6 + 6 layers at 32 tokens."""
    d, dff, L = 512, 2048, 32
    enc = 2 * L * (4 * d * d + 2 * d * dff) + 4 * L * L * d
    dec = 2 * L * (8 * d * d + 2 * d * dff) + 4 * L * L * d + 4 * L * L * d
    with (REPO / "curation" / "counted_flops.csv").open(encoding="utf-8") as fh:
        rows = {(r["benchmark"], r["model"]): r for r in csv.DictReader(fh)}
    stored = float(rows[("wmt14-en-fr", "Transformer Base")]["flops_per_pass"])
    assert stored == pytest.approx((6 * enc + 6 * dec) / L, rel=1e-5)


def test_counted_file_rows_match_registry():
    with (REPO / "curation" / "counted_flops.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["benchmark"], r["arxiv_id"], r["model"], r["architecture"]) for r in rows] == \
        [rec[:4] for rec in COUNTED_RECORDS]
    for r in rows:
        a = get_architecture(r["architecture"])
        assert r["configuration"] == a.describe() and r["unit"] == "FLOP"


@pytest.mark.slow
def test_counted_file_is_a_fresh_count(torch):
    """curation/counted_flops.csv is what scripts/count_architectures.py writes now (BERT-base only
    and the LSTM, to stay fast: the others share the code path)."""
    from computelimits.architectures import count_architecture

    with (REPO / "curation" / "counted_flops.csv").open(encoding="utf-8") as fh:
        rows = {r["architecture"]: r for r in csv.DictReader(fh)}
    for name in ("bert-base-ner", "lstm-seq2seq-sutskever"):
        c = count_architecture(name)
        assert f"{c.flops_per_token:.6g}" == rows[name]["flops_per_pass"]
