"""arXiv identifiers: both styles, URLs, versions; bad ids rejected (paper supplement section 6)."""

from __future__ import annotations

import datetime as dt

import pytest

from computelimits.arxiv import arxiv_date, arxiv_year_fraction, normalize_arxiv, parse_arxiv
from computelimits.errors import InputError


def test_paper_example_gpipe():
    # "the Gpipe paper has the name 1811.06965v5 indicating that it was made public on
    # November, 2018" (supplement section 6)
    a = parse_arxiv("1811.06965v5")
    assert (a.id, a.year, a.month, a.version) == ("1811.06965", 2018, 11, 5)
    assert a.date == dt.date(2018, 11, 1)
    assert a.year_fraction == pytest.approx(2018 + 10.5 / 12)


@pytest.mark.parametrize(
    ("text", "canonical", "year", "month"),
    [
        ("1512.03385", "1512.03385", 2015, 12),  # ResNet, 5-digit era
        ("0704.0001", "0704.0001", 2007, 4),  # first new-style id
        ("1409.1556", "1409.1556", 2014, 9),  # VGG, 4-digit era
        ("2007.05558v2", "2007.05558", 2020, 7),  # the paper itself
        ("arXiv:1706.03762", "1706.03762", 2017, 6),
        ("ARXIV:1706.03762v7", "1706.03762", 2017, 6),
        ("https://arxiv.org/abs/1810.04805", "1810.04805", 2018, 10),
        ("http://arxiv.org/pdf/1512.03385.pdf", "1512.03385", 2015, 12),
        ("arxiv.org/abs/1905.11946v5", "1905.11946", 2019, 5),
        ("https://www.arxiv.org/html/2007.05558", "2007.05558", 2020, 7),
        ("  1512.03385  ", "1512.03385", 2015, 12),
    ],
)
def test_new_style(text, canonical, year, month):
    a = parse_arxiv(text)
    assert (a.id, a.year, a.month) == (canonical, year, month)
    assert normalize_arxiv(text) == canonical


@pytest.mark.parametrize(
    ("text", "canonical", "year", "month"),
    [
        ("cs/0112017", "cs/0112017", 2001, 12),
        ("hep-th/9901001v2", "hep-th/9901001", 1999, 1),
        ("math.GT/0309136", "math.GT/0309136", 2003, 9),
        ("arXiv:cs/9105001", "cs/9105001", 1991, 5),
        ("https://arxiv.org/abs/cs/0703001", "cs/0703001", 2007, 3),
    ],
)
def test_old_style(text, canonical, year, month):
    a = parse_arxiv(text)
    assert (a.id, a.year, a.month) == (canonical, year, month)


def test_date_helpers():
    assert arxiv_date("1706.03762") == dt.date(2017, 6, 1)
    assert arxiv_year_fraction("1706.03762") == pytest.approx(2017 + 5.5 / 12)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "resnet",
        "1512.0338",  # 4 digits after 2015
        "1412.033851",  # too many digits
        "1412.03385",  # 5 digits before 2015
        "1513.03385",  # month 13
        "1500.03385",  # month 00
        "0612.0001",  # new style before April 2007
        "12.03385",
        "1512-03385",
        "cs/071201",  # old style with 6 digits
        "cs/0813001",  # old style, month 13
        "cs/0801001",  # old style after the scheme ended (2008)
        "https://example.org/abs/1512.03385",
        "10.1109/CVPR.2016.90",  # a DOI
        "1512.03385vX",
    ],
)
def test_bad_ids_rejected(text):
    with pytest.raises(InputError, match="arXiv"):
        parse_arxiv(text)


def test_none_rejected():
    with pytest.raises(InputError):
        parse_arxiv(None)
