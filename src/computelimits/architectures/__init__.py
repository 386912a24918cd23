"""Per-pass computation *counted* for text models whose papers do not state it.

Many papers on the paper's text benchmarks (WMT 2014, SQuAD 1.1, CoNLL-2003) give their network's
hyper-parameters but not its computation per pass. For those whose architecture is fully specified
(layers, widths, heads), this module builds the network in PyTorch from the stated values and
counts one forward pass with the project's FLOP counter (:func:`computelimits.flops.count_flops`,
i.e. ``torch.utils.flop_counter``). The counts are stored in ``curation/counted_flops.csv`` by
``scripts/count_architectures.py``, so the dataset build needs no PyTorch; the build gives them the
provenance "counted" and the configuration.

Definition of per-pass computation for text (used for every counted value, and documented in the
dataset card): **forward FLOPs per token**, i.e. the FLOPs of one forward pass over one example of
``length`` tokens divided by ``length``. For encoder-decoder translation models the source and the
target both have ``length`` tokens and the count is divided by the target tokens (per target token,
the unit of the stated WMT values, e.g. the MoE paper's "ops/timestep"). The projection onto a
word vocabulary (the output softmax of a translation model) is not counted, as in those stated
values; small task heads (SQuAD's span start/end, the NER tag scores) are. Multiply-adds count two
FLOPs; only matrix products and attention are counted (see :mod:`computelimits.flops`).

Examples
--------
>>> from computelimits.architectures import get_architecture
>>> a = get_architecture("transformer-base")
>>> a.config["d_model"], a.length, a.per
(512, 32, 'target token')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import UnknownNameError

__all__ = ["Architecture", "CountedArchitecture", "ARCHITECTURES", "COUNTED_RECORDS", "get_architecture",
           "count_architecture", "TEXT_DEFINITION", "LENGTHS"]

#: The definition of per-pass computation for text used by every counted value.
TEXT_DEFINITION = (
    "forward FLOPs per token: one forward pass over an example of the stated length divided by its "
    "tokens (translation: source and target of the stated length, per target token); the projection "
    "onto a word vocabulary is not counted; 1 multiply-add = 2 FLOPs")

#: Families of encoder-decoder networks (counted per target token).
SEQ2SEQ_FAMILIES = ("transformer-seq2seq", "lstm-seq2seq", "convs2s", "rnnsearch")

#: Sequence length of the counted example per benchmark, and why.
LENGTHS: Mapping[str, tuple[int, str]] = MappingProxyType({
    "wmt14-en-fr": (32, "32-token source and target sentences (a typical newstest2014 sentence in "
                        "sub-word tokens); attention is the only length-dependent part"),
    "wmt14-en-de": (32, "32-token source and target sentences (as for WMT'14 EN-FR)"),
    "squad11": (384, "384-token windows, the SQuAD fine-tuning length of the BERT repository "
                     "(run_squad.py --max_seq_length=384)"),
    "conll2003": (128, "128-token sequences (BERT's fine-tuning length for sentence tasks); for the "
                       "LSTM taggers the length does not change the per-token count"),
})


@dataclass(frozen=True)
class Architecture:
    """A network specified by its paper: how to build it and where the hyper-parameters are stated.

    Attributes
    ----------
    name : str
        Registry name (``"transformer-base"``).
    family : str
        Builder family: ``"transformer-seq2seq"``, ``"transformer-encoder"``, ``"lstm-seq2seq"``,
        ``"convs2s"``, ``"rnnsearch"`` or ``"bilstm-tagger"``.
    config : mapping
        Keyword arguments of the family's network.
    citation : str
        Where the hyper-parameters are stated (arXiv id and place, or the official code).
    quote : str
        The sentence or table row the hyper-parameters come from.
    benchmark : str
        Benchmark whose input length is used (:data:`LENGTHS`).
    chars_per_word : int
        Characters per word of the counted input (character-level taggers only).
    """

    name: str
    family: str
    config: Mapping[str, Any]
    citation: str
    quote: str
    benchmark: str
    chars_per_word: int = 0

    @property
    def length(self) -> int:
        """Tokens of the counted example."""
        return LENGTHS[self.benchmark][0]

    @property
    def per(self) -> str:
        """What one unit of the count is: ``"target token"`` or ``"token"``."""
        return "target token" if self.family in SEQ2SEQ_FAMILIES else "token"

    def describe(self) -> str:
        """The configuration and input, in one line (stored with every counted value)."""
        cfg = ", ".join(f"{k}={v}" for k, v in self.config.items())
        inp = f"{self.length} tokens" + (" source + target" if self.per == "target token" else "")
        if self.chars_per_word:
            inp += f", {self.chars_per_word} characters per word"
        return f"{self.family}({cfg}); input {inp}; per {self.per}"


@dataclass(frozen=True)
class CountedArchitecture:
    """The count of one :class:`Architecture`: forward FLOPs per token and the whole example."""

    architecture: Architecture
    forward_flops: int
    params: int
    torch_version: str
    unsupported_ops: tuple[str, ...] = field(default=())

    @property
    def flops_per_token(self) -> float:
        """Forward FLOPs per (target) token, the per-pass computation of :data:`TEXT_DEFINITION`."""
        return self.forward_flops / self.architecture.length


def _arch(name, family, citation, quote, benchmark, chars_per_word=0, **config) -> Architecture:
    return Architecture(name, family, MappingProxyType(dict(config)), citation, quote, benchmark, chars_per_word)


_TRANSFORMER_T3 = ("Table 3 row 'base': N=6, d_model=512, d_ff=2048, h=8, d_k=d_v=64; row 'big': N=6, "
                   "d_model=1024, d_ff=4096, h=16")
_FCONV = ("fairseq (the authors' code, facebookresearch/fairseq fairseq/models/fconv.py) architecture "
          "'{arch}': convs = {convs}; encoder_embed_dim = decoder_embed_dim = 768, decoder_out_embed_dim = "
          "512, attention in every decoder layer")
_FCONV_EN_FR = ((512, 3),) * 6 + ((768, 3),) * 4 + ((1024, 3),) * 3 + ((2048, 1),) + ((4096, 1),)
_FCONV_EN_DE = ((512, 3),) * 9 + ((1024, 3),) * 4 + ((2048, 1),) * 2
_BERT = ("'BERTBASE (L=12, H=768, A=12, Total Parameters=110M) and BERTLARGE (L=24, H=1024, A=16, Total "
         "Parameters=340M)'; 'we set the feed-forward/filter size to be 4H'")

#: Every counted architecture, by name.
ARCHITECTURES: Mapping[str, Architecture] = MappingProxyType({a.name: a for a in (
    _arch("transformer-base", "transformer-seq2seq", "arXiv:1706.03762 Table 3", _TRANSFORMER_T3, "wmt14-en-fr",
          enc_layers=6, dec_layers=6, d_model=512, d_ff=2048, heads=8, vocab=37000),
    _arch("transformer-big", "transformer-seq2seq", "arXiv:1706.03762 Table 3", _TRANSFORMER_T3, "wmt14-en-fr",
          enc_layers=6, dec_layers=6, d_model=1024, d_ff=4096, heads=16, vocab=37000),
    _arch("lstm-seq2seq-sutskever", "lstm-seq2seq", "arXiv:1409.3215 Section 3.4",
          "'We used deep LSTMs with 4 layers, with 1000 cells at each layer and 1000 dimensional word "
          "embeddings, with an input vocabulary of 160,000 and an output vocabulary of 80,000.'", "wmt14-en-fr",
          layers=4, embed=1000, hidden=1000, vocab_src=160000, vocab_tgt=80000),
    _arch("convs2s-wmt-en-fr", "convs2s", "arXiv:1705.03122 Section 5.1 (layer sizes in the released code)",
          _FCONV.format(arch="fconv_wmt_en_fr", convs="[(512, 3)] * 6 + [(768, 3)] * 4 + [(1024, 3)] * 3 + "
                                                      "[(2048, 1)] * 1 + [(4096, 1)] * 1"),
          "wmt14-en-fr", layers=_FCONV_EN_FR, embed=768, out_embed=512),
    _arch("convs2s-wmt-en-de", "convs2s", "arXiv:1705.03122 Section 5.1 (layer sizes in the released code)",
          _FCONV.format(arch="fconv_wmt_en_de", convs="[(512, 3)] * 9 + [(1024, 3)] * 4 + [(2048, 1)] * 2"),
          "wmt14-en-de", layers=_FCONV_EN_DE, embed=768, out_embed=512),
    _arch("rnnsearch", "rnnsearch", "arXiv:1409.0473 Appendix A.2.3",
          "'For all the models used in this paper, the size of a hidden layer n is 1000, the word embedding "
          "dimensionality m is 620 and the size of the maxout hidden layer in the deep output l is 500. The "
          "number of hidden units in the alignment model n' is 1000.' (equations: Appendix A.2.1-A.2.2)",
          "wmt14-en-fr", hidden=1000, embed=620, maxout=500, align=1000),
    _arch("lstm-seq2seq-luong", "lstm-seq2seq", "arXiv:1508.04025 Section 4.1",
          "'our stacking LSTM models have 4 layers, each with 1000 cells, and 1000-dimensional embeddings' "
          "(vocabularies: the top 50K words of each language)", "wmt14-en-de",
          layers=4, embed=1000, hidden=1000, vocab_src=50000, vocab_tgt=50000),
    _arch("transformer-big-fairseq", "transformer-seq2seq",
          "facebookresearch/fairseq examples/scaling_nmt/README.md (the paper's official code)",
          "README: 'fairseq-train ... --arch transformer_vaswani_wmt_en_de_big --share-all-embeddings'; fairseq "
          "transformer_vaswani_wmt_en_de_big: encoder/decoder_embed_dim 1024, ffn_embed_dim 4096, 16 attention "
          "heads, 6 layers (base_architecture)", "wmt14-en-de",
          enc_layers=6, dec_layers=6, d_model=1024, d_ff=4096, heads=16, vocab=32768),
    _arch("bert-base-squad", "transformer-encoder", "arXiv:1810.04805 Section 3", _BERT, "squad11",
          layers=12, d_model=768, d_ff=3072, heads=12, vocab=30522, head_out=2),
    _arch("bert-large-squad", "transformer-encoder", "arXiv:1810.04805 Section 3", _BERT, "squad11",
          layers=24, d_model=1024, d_ff=4096, heads=16, vocab=30522, head_out=2),
    _arch("bert-base-ner", "transformer-encoder", "arXiv:1810.04805 Section 3", _BERT, "conll2003",
          layers=12, d_model=768, d_ff=3072, heads=12, vocab=30522, head_out=9),
    _arch("bert-large-ner", "transformer-encoder", "arXiv:1810.04805 Section 3", _BERT, "conll2003",
          layers=24, d_model=1024, d_ff=4096, heads=16, vocab=30522, head_out=9),
)})

#: Records of the dataset that use a counted architecture: (benchmark, arXiv id, model name as in
#: models.csv, architecture, why the record is that architecture).
COUNTED_RECORDS: tuple[tuple[str, str, str, str, str], ...] = (
    ("wmt14-en-fr", "1706.03762", "Transformer Base", "transformer-base", "the paper's base model (Table 2)"),
    ("wmt14-en-fr", "1706.03762", "Transformer Big", "transformer-big", "the paper's big model (Table 2)"),
    ("wmt14-en-de", "1706.03762", "Transformer Base", "transformer-base", "the paper's base model (Table 2)"),
    ("wmt14-en-de", "1706.03762", "Transformer Big", "transformer-big", "the paper's big model (Table 2)"),
    ("wmt14-en-fr", "1409.3215", "LSTM (single reversed, beam size 12)", "lstm-seq2seq-sutskever",
     "the paper's single deep LSTM (Section 3.4; Table 1 'Single reversed LSTM, beam size 12')"),
    ("wmt14-en-fr", "1705.03122", "ConvS2S", "convs2s-wmt-en-fr",
     "the single ConvS2S model on WMT'14 En-Fr (40.51 BLEU), the 15-layer model of Section 5.1"),
    ("wmt14-en-de", "1705.03122", "ConvS2S", "convs2s-wmt-en-de",
     "the single ConvS2S model on WMT'14 En-De (25.16 BLEU), the 15-layer model of Section 5.1"),
    ("wmt14-en-fr", "1409.0473", "RNN-search50*", "rnnsearch",
     "RNNsearch-50* of Table 1 (the same model trained longer; Appendix A.2.3 sizes hold for all models)"),
    ("wmt14-en-de", "1508.04025", "RNN Enc-Dec", "lstm-seq2seq-luong",
     "the 'Base' stacking LSTM of Table 1 (no attention)"),
    ("wmt14-en-de", "1508.04025", "Reverse RNN Enc-Dec", "lstm-seq2seq-luong",
     "'Base + reverse' of Table 1: the same network on reversed source sentences"),
    ("wmt14-en-de", "1806.00187", "Transformer Big", "transformer-big-fairseq",
     "the official reproduction command trains transformer_vaswani_wmt_en_de_big on WMT'16 En-De"),
    ("squad11", "1810.04805", "BERT base (single)", "bert-base-squad", "BERT-Base fine-tuned on SQuAD 1.1"),
    ("squad11", "1810.04805", "BERT large (single)", "bert-large-squad", "BERT-Large fine-tuned on SQuAD 1.1"),
    ("squad11", "1810.04805", "BERT large (+TriviaQA)", "bert-large-squad",
     "BERT-Large fine-tuned on TriviaQA then SQuAD 1.1 (Table 2 'BERTLARGE (Single)' + TriviaQA)"),
    ("squad11", "1810.04805", "BERT (single model)", "bert-large-squad",
     "the SQuAD 1.1 leaderboard entry of the paper's single BERT-Large model (Table 2 test row)"),
    ("conll2003", "1810.04805", "BERT Base", "bert-base-ner", "BERT-Base fine-tuned on CoNLL-2003 (Table 3)"),
    ("conll2003", "1810.04805", "BERT Large", "bert-large-ner", "BERT-Large fine-tuned on CoNLL-2003 (Table 3)"),
)


def get_architecture(name: str) -> Architecture:
    """The registered :class:`Architecture` called ``name``.

    Raises
    ------
    UnknownNameError
        No architecture of that name (the message lists the names).
    """
    try:
        return ARCHITECTURES[name]
    except KeyError:
        raise UnknownNameError("architecture", name, sorted(ARCHITECTURES)) from None


def build_network(arch: Architecture):
    """The PyTorch network of ``arch`` (needs PyTorch) and its example inputs (batch of one)."""
    from ..flops import _import_torch

    torch = _import_torch()
    from . import _nets

    cfg = dict(arch.config)
    n = arch.length
    torch.manual_seed(0)
    if arch.family == "transformer-seq2seq":
        net = _nets.TransformerSeq2Seq(**cfg)
        inputs = (torch.zeros(1, n, dtype=torch.long), torch.zeros(1, n, dtype=torch.long))
    elif arch.family == "transformer-encoder":
        net = _nets.TransformerEncoder(**cfg, max_len=max(512, n))
        inputs = (torch.zeros(1, n, dtype=torch.long),)
    elif arch.family == "lstm-seq2seq":
        net = _nets.LSTMSeq2Seq(**cfg)
        inputs = (torch.zeros(1, n, dtype=torch.long), torch.zeros(1, n, dtype=torch.long))
    elif arch.family == "convs2s":
        net = _nets.ConvS2S(**cfg)
        inputs = (torch.zeros(1, n, dtype=torch.long), torch.zeros(1, n, dtype=torch.long))
    elif arch.family == "rnnsearch":
        net = _nets.RNNSearch(**cfg)
        inputs = (torch.zeros(1, n, dtype=torch.long), torch.zeros(1, n, dtype=torch.long))
    elif arch.family == "bilstm-tagger":
        net = _nets.BiLSTMTagger(**cfg)
        inputs = (torch.zeros(1, n, dtype=torch.long), torch.zeros(1, n, arch.chars_per_word, dtype=torch.long))
    else:  # pragma: no cover - the registry holds only the families above
        raise ValueError(f"unknown family {arch.family!r}")
    return net, inputs


def count_architecture(arch: Architecture | str) -> CountedArchitecture:
    """Build ``arch`` and count one forward pass over its example with
    :func:`computelimits.flops.count_flops`.

    Examples
    --------
    >>> c = count_architecture("bert-base-ner")  # doctest: +SKIP
    >>> round(c.flops_per_token / 1e9, 3)  # doctest: +SKIP
    0.17
    """
    from ..flops import count_flops

    arch = get_architecture(arch) if isinstance(arch, str) else arch
    net, inputs = build_network(arch)
    fc = count_flops(net, inputs, backward=False, batch_size=1)
    return CountedArchitecture(arch, int(fc.forward_flops), int(fc.params), fc.torch_version,
                               tuple(fc.unsupported_ops))
