"""Line breaking for people reading Chinese: the width of text in terminal cells, and text broken into lines
between words — any Chinese character is a word, a run of Latin letters and digits is one (`BC-2016-00001`,
`activities`), closing marks stay with what they close and opening marks with what they open (`（元）`
stays whole), and a list (`甲、乙、丙`) breaks only between its names.

Used by the terminal tables (`writing.terminal`) and the help pages (`cli.usage`); it imports nothing heavy,
so `gongjian --help` stays fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CLOSING = frozenset("，。、；：？！）》」』】〉〕”’%,.;:?!)]}…·")  # never starts a line
_OPENING = frozenset("（《「『【〈〔“‘([{")  # never ends a line
_BRACKETED = re.compile(
    r"[（(〔【][^（）()〔〕【】\s]{1,3}[）)〕】]"
)  # `（元）`, `（小时）`: kept on one line
_LATIN = re.compile(r"[A-Za-z0-9_\-./@#+&'\"%:=~*<>|\[\]{}]+")  # a run of these is one word
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


@lru_cache(maxsize=16384)
def cells(text: str) -> int:
    """The width of `text` in terminal cells: 2 for a Chinese character or full-width mark, 1 for most."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if ch in _ZERO_WIDTH or unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def clean(text: str) -> str:
    """Text as shown: tabs as spaces, CR/LF as line breaks, no other control characters."""
    if not _CONTROL.search(text) and "\t" not in text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def words(text: str) -> list[str]:
    """The unbreakable pieces of a run without spaces: Latin words and single characters of any other
    script, with closing marks kept after what they close and opening marks before what they open."""
    pieces: list[str] = []
    i = 0
    while i < len(text):
        m = _LATIN.match(text, i) or _BRACKETED.match(text, i)
        j = m.end() if m else i + 1
        piece = text[i:j]
        if pieces and (piece[0] in _CLOSING or pieces[-1][-1] in _OPENING):
            pieces[-1] += piece
        else:
            pieces.append(piece)
        i = j
    return pieces


def tokens(text: str) -> list[tuple[str, bool]]:
    """(word, whether a space comes before it) for each word of a line."""
    out = []
    for m in re.finditer(r"(\s*)(\S+)", text):
        space = bool(m.group(1)) and m.start() > 0
        for k, word in enumerate(words(m.group(2))):
            out.append((word, space and k == 0))
    return out


def wrap(text: str, width: int) -> list[str]:
    """Text broken into lines of at most `width` cells, between words."""
    out: list[str] = []
    for hard in text.split("\n"):
        out += _fill(hard, width, tokens)
    return out or [""]


def wrap_items(text: str, width: int) -> list[str]:
    """A list (`甲、乙、丙`) broken between its items; an item wider than `width` breaks where it must."""
    out: list[str] = []
    for hard in text.split("\n"):
        out += _fill(hard, width, lambda s: [(item, False) for item in re.findall(r"[^、]+、?|、", s)])
    return out or [""]


def cut(text: str, width: int) -> int:
    """How many characters of `text` fit in `width` cells (at least one)."""
    used = 0
    for i, ch in enumerate(text):
        used += cells(ch)
        if used > width:
            return max(i, 1)
    return len(text)


def _fill(text: str, width: int, split: Callable[[str], list[tuple[str, bool]]]) -> list[str]:
    if cells(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for token, space in split(text):
        joined = line + (" " if space and line else "") + token
        if cells(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        while cells(token) > width:  # one word wider than the line: break it where it must
            at = cut(token, width)
            lines.append(token[:at])
            token = token[at:]
        line = token
    if line or not lines:
        lines.append(line)
    return lines
