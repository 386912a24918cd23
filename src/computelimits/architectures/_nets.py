"""PyTorch networks of :mod:`computelimits.architectures` (imported only when a count is made).

Every layer is written with ``nn.Linear``, ``nn.Conv1d`` and
``torch.nn.functional.scaled_dot_product_attention`` so that PyTorch's FLOP counter sees every
matrix product: ``nn.LSTM`` and ``nn.MultiheadAttention``'s fused CPU kernels have no counting
formula and would count as zero. Embedding lookups, activations, normalisation and the CRF's
transition scores do no matrix product and count zero (see :mod:`computelimits.flops`).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

__all__ = ["MultiHeadAttention", "EncoderLayer", "DecoderLayer", "TransformerEncoder",
           "TransformerSeq2Seq", "LSTMLayer", "LSTMSeq2Seq", "BiLSTMTagger", "ConvS2S", "GRUCell",
           "RNNSearch", "JasperDR"]

_ACTIVATIONS = {"relu": F.relu, "gelu": F.gelu}


class MultiHeadAttention(nn.Module):
    """Scaled dot-product attention with ``heads`` heads (Vaswani et al. 2017, section 3.2).

    ``relative = k > 0`` adds relative position representations (Shaw et al. 2018,
    arXiv:1803.02155, eqs. 3-5): key and value vectors ``a_ij`` for the clipped distance
    ``clip(j - i, -k, k)``, shared by the heads, that enter the attention logits
    (``q_i . a^K_ij``) and the output (``sum_j alpha_ij a^V_ij``): two more products of the size of
    ``Q K^T`` and ``A V``. ``d_kv`` is the width of one head (default ``d_model / heads``; T5 uses
    wider heads, so that its attention works in ``heads * d_kv`` dimensions)."""

    def __init__(self, d_model: int, heads: int, relative: int = 0, d_kv: int = 0):
        super().__init__()
        if not d_kv and d_model % heads:
            raise ValueError(f"d_model={d_model} is not a multiple of heads={heads}")
        self.h, self.d_kv = heads, d_kv or d_model // heads
        inner = heads * self.d_kv
        self.q, self.k, self.v = (nn.Linear(d_model, inner) for _ in range(3))
        self.o = nn.Linear(inner, d_model)
        self.relative = relative
        if relative:
            self.rel_k = nn.Embedding(2 * relative + 1, self.d_kv)
            self.rel_v = nn.Embedding(2 * relative + 1, self.d_kv)

    def forward(self, x, memory=None, causal: bool = False):
        mem = x if memory is None else memory
        b, lq, d = x.shape
        lk = mem.shape[1]

        def split(t, n):
            return t.view(b, n, self.h, self.d_kv).transpose(1, 2)

        q, k, v = split(self.q(x), lq), split(self.k(mem), lk), split(self.v(mem), lk)
        if not self.relative:
            out = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
        else:
            pos = torch.arange(lk, device=x.device)[None, :] - torch.arange(lq, device=x.device)[:, None]
            idx = pos.clamp(-self.relative, self.relative) + self.relative
            a_k, a_v = self.rel_k(idx), self.rel_v(idx)  # (lq, lk, d_z), shared by the heads
            logits = (q @ k.transpose(-1, -2) + torch.einsum("bhid,ijd->bhij", q, a_k)) / self.d_kv ** 0.5
            if causal:
                logits = logits.masked_fill(pos > 0, float("-inf"))
            attn = torch.softmax(logits, dim=-1)
            out = attn @ v + torch.einsum("bhij,ijd->bhid", attn, a_v)
        return self.o(out.transpose(1, 2).reshape(b, lq, self.h * self.d_kv))


class EncoderLayer(nn.Module):
    """Self-attention and a two-layer feed-forward block, each with a residual and layer norm."""

    def __init__(self, d_model: int, d_ff: int, heads: int, activation: str = "relu", relative: int = 0,
                 d_kv: int = 0):
        super().__init__()
        self.attn = MultiHeadAttention(d_model, heads, relative, d_kv)
        self.ff1, self.ff2 = nn.Linear(d_model, d_ff), nn.Linear(d_ff, d_model)
        self.n1, self.n2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.act = _ACTIVATIONS[activation]

    def forward(self, x):
        x = self.n1(x + self.attn(x))
        return self.n2(x + self.ff2(self.act(self.ff1(x))))


class DecoderLayer(nn.Module):
    """Masked self-attention, attention over the encoder output, and the feed-forward block."""

    def __init__(self, d_model: int, d_ff: int, heads: int, activation: str = "relu", relative: int = 0,
                 d_kv: int = 0):
        super().__init__()
        self.self_attn = MultiHeadAttention(d_model, heads, relative, d_kv)
        self.cross_attn = MultiHeadAttention(d_model, heads, d_kv=d_kv)
        self.ff1, self.ff2 = nn.Linear(d_model, d_ff), nn.Linear(d_ff, d_model)
        self.n1, self.n2, self.n3 = (nn.LayerNorm(d_model) for _ in range(3))
        self.act = _ACTIVATIONS[activation]

    def forward(self, y, memory):
        y = self.n1(y + self.self_attn(y, causal=True))
        y = self.n2(y + self.cross_attn(y, memory))
        return self.n3(y + self.ff2(self.act(self.ff1(y))))


class TransformerEncoder(nn.Module):
    """A BERT-style encoder: token embeddings, ``layers`` encoder layers and a task head with
    ``head_out`` outputs per token (2 for SQuAD's span start/end, the tag count for NER)."""

    def __init__(self, layers: int, d_model: int, d_ff: int, heads: int, vocab: int, head_out: int,
                 activation: str = "gelu", max_len: int = 512):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.pos = nn.Embedding(max_len, d_model)
        self.layers = nn.ModuleList(EncoderLayer(d_model, d_ff, heads, activation) for _ in range(layers))
        self.head = nn.Linear(d_model, head_out)

    def forward(self, tokens):
        x = self.embed(tokens) + self.pos.weight[: tokens.shape[1]]
        for layer in self.layers:
            x = layer(x)
        return self.head(x)


class TransformerSeq2Seq(nn.Module):
    """The Transformer encoder-decoder (Vaswani et al. 2017, Figure 1), returning the decoder's
    last hidden states: the projection onto the target vocabulary is not part of the count.
    ``relative = k`` gives every self-attention sublayer (encoder and decoder) relative position
    representations with clipping distance ``k`` (Shaw et al. 2018); attention over the source
    has none (relative positions are defined within one sequence). ``d_kv`` sets the head width
    (T5); a relative position *bias* (T5) adds to the logits and does no matrix product."""

    def __init__(self, enc_layers: int, dec_layers: int, d_model: int, d_ff: int, heads: int,
                 vocab: int, activation: str = "relu", relative: int = 0, d_kv: int = 0):
        super().__init__()
        self.embed = nn.Embedding(vocab, d_model)
        self.encoder = nn.ModuleList(EncoderLayer(d_model, d_ff, heads, activation, relative, d_kv)
                                     for _ in range(enc_layers))
        self.decoder = nn.ModuleList(DecoderLayer(d_model, d_ff, heads, activation, relative, d_kv)
                                     for _ in range(dec_layers))

    def forward(self, src, tgt):
        x = self.embed(src)
        for layer in self.encoder:
            x = layer(x)
        y = self.embed(tgt)
        for layer in self.decoder:
            y = layer(y, x)
        return y


class LSTMLayer(nn.Module):
    """One LSTM layer unrolled step by step: gates = W x_t + U h_{t-1} (+ bias)."""

    def __init__(self, n_in: int, hidden: int, reverse: bool = False):
        super().__init__()
        self.w = nn.Linear(n_in, 4 * hidden)
        self.u = nn.Linear(hidden, 4 * hidden, bias=False)
        self.hidden, self.reverse = hidden, reverse

    def forward(self, x):
        b, t, _ = x.shape
        h = x.new_zeros(b, self.hidden)
        c = x.new_zeros(b, self.hidden)
        wx = self.w(x)  # all time steps at once: the same products as step by step
        out = [None] * t
        steps = range(t - 1, -1, -1) if self.reverse else range(t)
        for i in steps:
            g = wx[:, i] + self.u(h)
            gi, gf, gg, go = g.chunk(4, dim=-1)
            c = torch.sigmoid(gf) * c + torch.sigmoid(gi) * torch.tanh(gg)
            h = torch.sigmoid(go) * torch.tanh(c)
            out[i] = h
        return torch.stack(out, dim=1)


class BiLSTM(nn.Module):
    """A forward and a backward :class:`LSTMLayer`, outputs concatenated."""

    def __init__(self, n_in: int, hidden: int):
        super().__init__()
        self.fwd, self.bwd = LSTMLayer(n_in, hidden), LSTMLayer(n_in, hidden, reverse=True)

    def forward(self, x):
        return torch.cat([self.fwd(x), self.bwd(x)], dim=-1)


class LSTMSeq2Seq(nn.Module):
    """A deep LSTM encoder-decoder without attention (Sutskever et al. 2014), returning the
    decoder's top hidden states (the softmax over the target vocabulary is not counted)."""

    def __init__(self, layers: int, embed: int, hidden: int, vocab_src: int, vocab_tgt: int):
        super().__init__()
        self.src_embed, self.tgt_embed = nn.Embedding(vocab_src, embed), nn.Embedding(vocab_tgt, embed)
        self.encoder = nn.ModuleList(LSTMLayer(embed if i == 0 else hidden, hidden) for i in range(layers))
        self.decoder = nn.ModuleList(LSTMLayer(embed if i == 0 else hidden, hidden) for i in range(layers))

    def forward(self, src, tgt):
        x = self.src_embed(src)
        for layer in self.encoder:
            x = layer(x)
        y = self.tgt_embed(tgt)
        for layer in self.decoder:
            y = layer(y)
        return y


class BiLSTMTagger(nn.Module):
    """A BiLSTM(-CRF) sequence tagger with a character-level word encoder.

    ``char_encoder`` is ``"lstm"`` (a character BiLSTM of ``char_hidden`` units per direction,
    Lample et al. 2016) or ``"cnn"`` (a width-``char_width`` convolution with ``char_hidden``
    filters and max-pooling, Ma and Hovy 2016). The word BiLSTM has ``hidden`` units per direction;
    the output layer scores ``tags`` tags. The CRF adds transition scores (no matrix product).
    """

    def __init__(self, word_dim: int, char_dim: int, char_hidden: int, hidden: int, tags: int,
                 char_encoder: str = "lstm", char_width: int = 3, vocab: int = 1000, chars: int = 100):
        super().__init__()
        self.words, self.chars = nn.Embedding(vocab, word_dim), nn.Embedding(chars, char_dim)
        self.char_encoder = char_encoder
        if char_encoder == "lstm":
            self.char_net = BiLSTM(char_dim, char_hidden)
            char_out = 2 * char_hidden
        elif char_encoder == "cnn":
            self.char_net = nn.Conv1d(char_dim, char_hidden, char_width, padding=char_width // 2)
            char_out = char_hidden
        else:
            raise ValueError(f"char_encoder must be 'lstm' or 'cnn', not {char_encoder!r}")
        self.word_net = BiLSTM(word_dim + char_out, hidden)
        self.out = nn.Linear(2 * hidden, tags)

    def forward(self, words, chars):
        b, t = words.shape
        c = self.chars(chars.reshape(b * t, -1))  # (b*t, chars per word, char_dim)
        if self.char_encoder == "lstm":
            h = self.char_net(c)
            half = h.shape[-1] // 2
            cw = torch.cat([h[:, -1, :half], h[:, 0, half:]], dim=-1)  # last forward, first backward state
        else:
            cw = self.char_net(c.transpose(1, 2)).max(dim=-1).values
        x = torch.cat([self.words(words), cw.reshape(b, t, -1)], dim=-1)
        return self.out(self.word_net(x))


class ConvS2S(nn.Module):
    """The convolutional sequence-to-sequence model (Gehring et al. 2017) as in fairseq's ``fconv``
    (the authors' code): gated linear unit convolutions with residual connections, a projection
    where the width changes, and attention in every decoder layer (query from the layer and the
    target embedding, keys the encoder output, values the encoder output plus its input
    embedding). ``layers`` is a list of ``(channels, kernel width)``; the decoder's projection
    onto the vocabulary (fc3) is not built."""

    def __init__(self, layers, embed: int, out_embed: int, vocab: int = 1000):
        super().__init__()
        layers = [tuple(x) for x in layers]
        self.embed = nn.Embedding(vocab, embed)
        c0 = layers[0][0]
        self.enc_fc1, self.dec_fc1 = nn.Linear(embed, c0), nn.Linear(embed, c0)
        self.enc_proj, self.enc_conv = nn.ModuleList(), nn.ModuleList()
        self.dec_proj, self.dec_conv = nn.ModuleList(), nn.ModuleList()
        self.att_in, self.att_out = nn.ModuleList(), nn.ModuleList()
        self.kernels = [k for _, k in layers]
        c_in = c0
        for c, k in layers:
            for proj in (self.enc_proj, self.dec_proj):
                proj.append(nn.Linear(c_in, c) if c_in != c else nn.Identity())
            self.enc_conv.append(nn.Conv1d(c_in, 2 * c, k))
            self.dec_conv.append(nn.Conv1d(c_in, 2 * c, k))
            self.att_in.append(nn.Linear(c, embed))
            self.att_out.append(nn.Linear(embed, c))
            c_in = c
        self.enc_fc2 = nn.Linear(c_in, embed)
        self.dec_fc2 = nn.Linear(c_in, out_embed)

    @staticmethod
    def _conv(conv, x, k, causal):
        # x: (batch, time, channels); "same" padding (encoder) or left padding (decoder), so
        # the convolution runs on exactly one output per position
        left = k - 1 if causal else (k - 1) // 2
        right = 0 if causal else k // 2
        y = conv(F.pad(x.transpose(1, 2), (left, right)))
        return F.glu(y, dim=1).transpose(1, 2)

    def forward(self, src, tgt):
        s = self.embed(src)
        x = self.enc_fc1(s)
        for proj, conv, k in zip(self.enc_proj, self.enc_conv, self.kernels, strict=True):
            x = (self._conv(conv, x, k, False) + proj(x)) * 0.5 ** 0.5
        keys = self.enc_fc2(x)
        values = (keys + s) * 0.5 ** 0.5
        t = self.embed(tgt)
        y = self.dec_fc1(t)
        for proj, conv, k, a_in, a_out in zip(self.dec_proj, self.dec_conv, self.kernels, self.att_in,
                                              self.att_out, strict=True):
            h = self._conv(conv, y, k, True)
            q = (a_in(h) + t) * 0.5 ** 0.5
            attn = torch.softmax(torch.bmm(q, keys.transpose(1, 2)), dim=-1)
            h = (a_out(torch.bmm(attn, values)) + h) * 0.5 ** 0.5
            y = (h + proj(y)) * 0.5 ** 0.5
        return self.dec_fc2(y)


class GRUCell(nn.Module):
    """A GRU step with the input, recurrent and (optional) context weights of Bahdanau et al.
    (2014) Appendix A: gates z, r and candidate from W x + U h (+ C c)."""

    def __init__(self, n_in: int, hidden: int, n_ctx: int = 0):
        super().__init__()
        self.w = nn.Linear(n_in, 3 * hidden)
        self.u_zr = nn.Linear(hidden, 2 * hidden, bias=False)
        self.u = nn.Linear(hidden, hidden, bias=False)
        self.c = nn.Linear(n_ctx, 3 * hidden, bias=False) if n_ctx else None
        self.hidden = hidden

    def forward(self, wx, h, ctx=None):
        g = wx + (self.c(ctx) if self.c is not None else 0)
        gz, gr, gh = g.split(self.hidden, dim=-1)
        zr = self.u_zr(h)
        z = torch.sigmoid(gz + zr[..., : self.hidden])
        r = torch.sigmoid(gr + zr[..., self.hidden:])
        cand = torch.tanh(gh + self.u(r * h))
        return (1 - z) * h + z * cand


class RNNSearch(nn.Module):
    """RNNsearch (Bahdanau, Cho, Bengio 2014, Appendix A.2): a bidirectional GRU encoder, a GRU
    decoder with the additive alignment model, and the deep output with a maxout layer; the last
    projection onto the target vocabulary (W_o) is not built."""

    def __init__(self, hidden: int, embed: int, maxout: int, align: int, vocab: int = 1000):
        super().__init__()
        n = hidden
        self.src_embed, self.tgt_embed = nn.Embedding(vocab, embed), nn.Embedding(vocab, embed)
        self.fwd, self.bwd = GRUCell(embed, n), GRUCell(embed, n)
        self.dec = GRUCell(embed, n, 2 * n)
        self.w_s = nn.Linear(n, n)
        self.w_a, self.u_a = nn.Linear(n, align, bias=False), nn.Linear(2 * n, align, bias=False)
        self.v_a = nn.Linear(align, 1, bias=False)
        self.u_o = nn.Linear(n, 2 * maxout)
        self.v_o = nn.Linear(embed, 2 * maxout, bias=False)
        self.c_o = nn.Linear(2 * n, 2 * maxout, bias=False)
        self.n, self.maxout = n, maxout

    def forward(self, src, tgt):
        b, tx = src.shape
        x = self.src_embed(src)
        wf, wb = self.fwd.w(x), self.bwd.w(x)
        hf, hb = [None] * tx, [None] * tx
        h = x.new_zeros(b, self.n)
        for i in range(tx):
            h = hf[i] = self.fwd(wf[:, i], h)
        h = x.new_zeros(b, self.n)
        for i in range(tx - 1, -1, -1):
            h = hb[i] = self.bwd(wb[:, i], h)
        ann = torch.cat([torch.stack(hf, 1), torch.stack(hb, 1)], dim=-1)  # (b, tx, 2n)
        ua = self.u_a(ann)  # pre-computed once per sentence (Appendix A.1.2)
        s = torch.tanh(self.w_s(hb[0]))
        y = self.tgt_embed(tgt)
        wy = self.dec.w(y)
        outs = []
        for i in range(tgt.shape[1]):
            e = self.v_a(torch.tanh(self.w_a(s).unsqueeze(1) + ua)).squeeze(-1)  # (b, tx)
            c = torch.bmm(torch.softmax(e, dim=-1).unsqueeze(1), ann).squeeze(1)  # (b, 2n)
            t = self.u_o(s) + self.v_o(y[:, i]) + self.c_o(c)
            outs.append(t.view(b, self.maxout, 2).max(dim=-1).values)
            s = self.dec(wy[:, i], s, c)
        return torch.stack(outs, dim=1)


def _same_conv(c_in: int, c_out: int, kernel: int, stride: int = 1, dilation: int = 1) -> nn.Conv1d:
    """A bias-free 1-D convolution with TensorFlow's "SAME" padding for odd kernels (the output has
    ``ceil(T / stride)`` frames)."""
    return nn.Conv1d(c_in, c_out, kernel, stride=stride, padding=dilation * (kernel - 1) // 2,
                     dilation=dilation, bias=False)


class JasperDR(nn.Module):
    """Jasper with dense residual connections (Li et al. 2019, arXiv:1904.03288), as in the authors'
    code (OpenSeq2Seq ``TDNNEncoder`` with ``residual_dense`` and ``FullyConnectedCTCDecoder``).

    ``prolog`` is ``(channels, kernel, stride)``; ``blocks`` lists ``(sub-blocks, kernel,
    channels)``: a block's sub-blocks are "same" convolutions, and its last one adds a 1x1
    convolution of the input of *every* block so far (dense residual); ``epilog`` lists ``(kernel,
    channels, dilation)``; the CTC decoder is a dense layer onto ``vocab`` outputs (characters and
    the blank). Batch normalisation, ReLU and dropout do no matrix product and are not built.
    Input: ``(batch, features, frames)``."""

    def __init__(self, features: int, prolog, blocks, epilog, vocab: int):
        super().__init__()
        c, k, stride = prolog
        self.prolog = _same_conv(features, c, k, stride)
        self.blocks, self.dense = nn.ModuleList(), nn.ModuleList()
        inputs = []  # channels of the input of every block so far
        for repeat, k, c_out in blocks:
            inputs.append(c)
            subs = [_same_conv(c if i == 0 else c_out, c_out, k) for i in range(repeat)]
            self.blocks.append(nn.ModuleList(subs))
            self.dense.append(nn.ModuleList(_same_conv(ci, c_out, 1) for ci in inputs))
            c = c_out
        convs = []
        for k, c_out, dilation in epilog:
            convs.append(_same_conv(c, c_out, k, dilation=dilation))
            c = c_out
        self.epilog = nn.ModuleList(convs)
        self.decoder = nn.Linear(c, vocab)

    def forward(self, x):
        x = self.prolog(x)
        seen = []
        for subs, dense in zip(self.blocks, self.dense, strict=True):
            seen.append(x)
            for sub in subs[:-1]:
                x = sub(x)
            x = subs[-1](x) + sum(res(h) for res, h in zip(dense, seen, strict=True))
        for conv in self.epilog:
            x = conv(x)
        return self.decoder(x.transpose(1, 2))
