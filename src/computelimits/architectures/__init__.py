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

Definition for speech (:data:`SPEECH_DEFINITION`): **forward FLOPs per second of audio**, one
forward pass of the acoustic model over 100 feature frames of 10 ms; the CTC output layer (onto the
characters) is counted, a language model used in decoding is not.

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
           "count_architecture", "TEXT_DEFINITION", "SPEECH_DEFINITION", "LENGTHS", "CHARS_PER_WORD"]

#: The definition of per-pass computation for text used by every counted value.
TEXT_DEFINITION = (
    "forward FLOPs per token: one forward pass over an example of the stated length divided by its "
    "tokens (translation: source and target of the stated length, per target token); the projection "
    "onto a word vocabulary is not counted; 1 multiply-add = 2 FLOPs")

#: The definition of per-pass computation for speech used by every counted value.
SPEECH_DEFINITION = (
    "forward FLOPs per second of audio: one forward pass of the acoustic model over 100 feature frames "
    "of 10 ms; the output layer onto the characters is counted, a decoding language model is not; "
    "1 multiply-add = 2 FLOPs")

#: Characters per word of the counted input of character-level taggers: a convention (like the
#: 32-token WMT sentence), not a measured average; the character CNN of Ma and Hovy costs 5,400
#: FLOPs per character of a word, 0.4 % of that tagger's count per token.
CHARS_PER_WORD = 8

#: Families of encoder-decoder networks (counted per target token).
SEQ2SEQ_FAMILIES = ("transformer-seq2seq", "lstm-seq2seq", "convs2s", "rnnsearch")

#: Families of acoustic models (counted per second of audio).
SPEECH_FAMILIES = ("jasper-dr",)

#: Sequence length of the counted example per benchmark, and why.
LENGTHS: Mapping[str, tuple[int, str]] = MappingProxyType({
    "wmt14-en-fr": (32, "32-token source and target sentences (a typical newstest2014 sentence in "
                        "sub-word tokens); attention is the only length-dependent part"),
    "wmt14-en-de": (32, "32-token source and target sentences (as for WMT'14 EN-FR)"),
    "squad11": (384, "384-token windows, the SQuAD fine-tuning length of the BERT repository "
                     "(run_squad.py --max_seq_length=384)"),
    "conll2003": (128, "128-token sequences (BERT's fine-tuning length for sentence tasks); for the "
                       "LSTM taggers the length does not change the per-token count, and their "
                       "character encoders read 8 characters per word (a convention, CHARS_PER_WORD)"),
    "swb-hub500": (100, "one second of audio: 100 feature frames of 10 ms (the frame stride of the "
                        "counted models); convolutional models cost the same every second"),
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
        ``"convs2s"``, ``"rnnsearch"``, ``"bilstm-tagger"`` or ``"jasper-dr"`` (speech).
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
        """Tokens (speech: feature frames) of the counted example."""
        return LENGTHS[self.benchmark][0]

    @property
    def per(self) -> str:
        """What one unit of the count is: ``"target token"``, ``"token"`` or ``"second of audio"``."""
        if self.family in SPEECH_FAMILIES:
            return "second of audio"
        return "target token" if self.family in SEQ2SEQ_FAMILIES else "token"

    @property
    def units(self) -> int:
        """Units of :attr:`per` in the counted example (tokens; 1 for the second of audio)."""
        return 1 if self.family in SPEECH_FAMILIES else self.length

    def describe(self) -> str:
        """The configuration and input, in one line (stored with every counted value)."""
        cfg = ", ".join(f"{k}={v}" for k, v in self.config.items())
        if self.family in SPEECH_FAMILIES:
            return f"{self.family}({cfg}); input {self.length} frames of 10 ms; per {self.per}"
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
        """Forward FLOPs per (target) token, the per-pass computation of :data:`TEXT_DEFINITION`
        (speech: per second of audio, :data:`SPEECH_DEFINITION`)."""
        return self.forward_flops / self.architecture.units


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

_JASPER = ("paper Section 3.2 (read in a full-text translation): the Hub5'00 model is Jasper DR 10x5, "
           "trained for 50 epochs on the 2000hr Fisher+Switchboard data; NVIDIA's Fisher+Switchboard configuration swb_10x5dr_nvgrad.py: "
           "TDNNEncoder convnet_layers [conv1d k11 stride 2 256 ch] + 2 x 5 sub-blocks each of (k11, 256), "
           "(k13, 384), (k17, 512), (k21, 640), (k25, 768) with 'residual': True, 'residual_dense': True "
           "+ [k29 dilation 2, 896 ch] + [k1, 1024 ch], 'num_audio_features': 64, 'input_type': "
           "'logfbank' (10 ms window stride, the data layer's default), FullyConnectedCTCDecoder; dense "
           "residual = a 1x1 conv_bn of the input of every earlier block added to the block's last "
           "sub-block (TDNNEncoder, conv_bn_res_bn_actv); outputs: 28 characters of the repository's "
           "vocab.txt + the CTC blank")
_JASPER_BLOCKS = tuple((5, k, c) for k, c in ((11, 256), (13, 384), (17, 512), (21, 640), (25, 768))
                       for _ in range(2))

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
    _arch("transformer-big-relative", "transformer-seq2seq", "arXiv:1803.02155 Section 4.1",
          "'For our big model, we used 6 encoder and decoder layers, d_x=1024, d_z=64, 16 attention heads, "
          "4096 feed forward inner-layer dimensions ... When using relative position encodings, we used k=8, "
          "and used unique edge representations per layer'; 'we split tokens into a 32,768 word-piece "
          "vocabulary'; relative representations in self-attention (Section 3, eqs. 3-5)", "wmt14-en-fr",
          enc_layers=6, dec_layers=6, d_model=1024, d_ff=4096, heads=16, vocab=32768, relative=8),
    _arch("t5-11b", "transformer-seq2seq",
          "arXiv:1910.10683 ('11B' model; its sizes in the authors' code, google-research/"
          "text-to-text-transfer-transformer t5/models/gin/models/bi_v1_11B.gin, included by "
          "t5.1.0.11B.gin: '\"11B\" model form https://arxiv.org/abs/1910.10683')",
          "bi_v1_11B.gin: 'd_model = 1024, num_layers = 24, d_ff = 65536, num_heads = 128, d_kv = 128' "
          "(bitransformer: 24 encoder and 24 decoder layers); bi_v1.gin: relative attention as a bias "
          "('relative_attention_type = \"bias_shared\"'), no positional embedding; t5/data/utils.py: "
          "sentencepiece 'cc_all.32000' vocabulary with 'DEFAULT_EXTRA_IDS = 100'", "wmt14-en-fr",
          enc_layers=24, dec_layers=24, d_model=1024, d_ff=65536, heads=128, vocab=32100, d_kv=128),
    _arch("blstm-cnn-crf-ner", "bilstm-tagger", "arXiv:1603.01354 Table 1 and Sections 2.3, 3.1",
          "Table 1 (NER): CNN 'window size 3', 'number of filters 30'; LSTM 'state size 200', 'peepholes no'; "
          "Section 3.1: 'GloVe 100-dimensional embeddings', character embeddings 'dim = 30'; Section 2.3: CRF "
          "potentials 'psi_i(y', y, z) = exp(W_{y',y}^T z_i + b_{y',y})', one weight vector per label pair: "
          "17 x 17 = 289 scores for the 17 BIOES labels of CoNLL-2003's 4 entity types (Section 4.1: 'We use "
          "the BIOES tagging scheme')", "conll2003", chars_per_word=CHARS_PER_WORD,
          word_dim=100, char_dim=30, char_hidden=30, hidden=200, tags=289, char_encoder="cnn", char_width=3),
    _arch("jasper-dr-10x5-swb", "jasper-dr",
          "arXiv:1904.03288 Section 3.2 (model 'Jasper DR 10x5'; its layers in the authors' code, "
          "NVIDIA/OpenSeq2Seq example_configs/speech2text/swb_10x5dr_nvgrad.py)", _JASPER, "swb-hub500",
          features=64, prolog=(256, 11, 2), blocks=_JASPER_BLOCKS, epilog=((29, 896, 2), (1, 1024, 1)),
          vocab=29),
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
    ("wmt14-en-fr", "1803.02155", "Transformer (big) + Relative Position Representations",
     "transformer-big-relative", "the paper's big model with relative position representations (Table 1)"),
    ("wmt14-en-de", "1803.02155", "Transformer (big) + Relative Position Representations",
     "transformer-big-relative", "the paper's big model with relative position representations (Table 1)"),
    ("wmt14-en-fr", "1910.10683", "T5", "t5-11b",
     "43.4 BLEU is the T5-11B row of Table 14 (EnDe 32.1, EnFr 43.4, EnRo 28.1; retyped copy of the "
     "table in public paper notes)"),
    ("wmt14-en-de", "1910.10683", "T5-11B", "t5-11b", "the paper's 11B model fine-tuned on WMT En-De (Table 14)"),
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
    ("conll2003", "1603.01354", "BLSTM-CNN-CRF", "blstm-cnn-crf-ner",
     "the paper's NER model (Table 5, 91.21 F1), BLSTM-CNNs-CRF with GloVe 100-d embeddings"),
    ("swb-hub500", "1904.03288", "Jasper DR 10x5", "jasper-dr-10x5-swb",
     "the paper's Hub5'00 model (Table 7), 'Jasper DR 10x5' trained on Fisher+Switchboard"),
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
    elif arch.family == "jasper-dr":
        net = _nets.JasperDR(**cfg)
        inputs = (torch.zeros(1, cfg["features"], n),)
    elif arch.family == "bilstm-tagger":
        net = _nets.BiLSTMTagger(**cfg)
        inputs = (torch.zeros(1, n, dtype=torch.long), torch.zeros(1, n, arch.chars_per_word, dtype=torch.long))
    else:  # pragma: no cover - the registry holds only the families above
        raise ValueError(f"unknown family {arch.family!r}")
    return net, inputs


def count_architecture(arch: Architecture | str) -> CountedArchitecture:
    """Build ``arch`` and count one forward pass over its example with
    :func:`computelimits.flops.count_flops`. The network is built on PyTorch's ``meta`` device
    (shapes only, no memory and no arithmetic: the counter needs only shapes), so that even the
    11B-parameter T5 is counted in seconds; the counts equal those of a CPU build.

    Examples
    --------
    >>> c = count_architecture("bert-base-ner")  # doctest: +SKIP
    >>> round(c.flops_per_token / 1e9, 3)  # doctest: +SKIP
    0.17
    """
    from ..flops import _import_torch, count_flops

    arch = get_architecture(arch) if isinstance(arch, str) else arch
    with _import_torch().device("meta"):
        net, inputs = build_network(arch)
    fc = count_flops(net, inputs, backward=False, batch_size=1)
    return CountedArchitecture(arch, int(fc.forward_flops), int(fc.params), fc.torch_version,
                               tuple(fc.unsupported_ops))
