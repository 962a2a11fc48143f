"""A page's body lines: the fragments the extractor split each printed line into, glued back
(P1's page-start space, N1 marks, N1b glued title marks, S1 superscripts, bare tokens)."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Frag, PhysLine
from .shapes import CLOSING_PUNCT, DIGITS, GLUED_MARK, NUMERAL_END, SUPERSCRIPT, is_capitals

Fragments = list[tuple[Frag, bool]]  # each with: was a blank line right before it


def _ordinal_follows(lines: Sequence[str], i: int, b: int) -> bool:
    """S1: digits followed by a bare superscript are an ordinal (1 / er), not a mark."""
    j = i + 1
    while j < b and lines[j] == "":
        j += 1
    return j < b and bool(SUPERSCRIPT.fullmatch(lines[j]))


def _classify(lines: Sequence[str], i: int, b: int, text: str, prev_text: str,
              after_first: bool) -> list[Frag]:
    """The fragment(s) one source line makes: a mark (N1), a superscript (S1), text, or
    text with a mark glued to its last word (N1b)."""
    raw = lines[i]
    s = text.strip()
    bare = not raw.startswith(" ")  # bare tokens: marks and superscripts have no leading space
    if DIGITS.fullmatch(s) and after_first and bare and not _ordinal_follows(lines, i, b):
        return [Frag("mark", s, i + 1)]
    if SUPERSCRIPT.fullmatch(s) and bare and NUMERAL_END.search(prev_text.rstrip()):
        return [Frag("sup", s, i + 1)]
    glued = GLUED_MARK.search(text)
    if glued and is_capitals(text):
        # N1b: in a line of capitals a mark can stick to the last word.
        return [Frag("text", text[: glued.start(1)], i + 1), Frag("mark", glued.group(1), i + 1)]
    return [Frag("text", text, i + 1)]


def fragments(lines: Sequence[str], a: int, b: int) -> Fragments:
    """Fragments of lines [a, b) with a flag: was a blank line right before it."""
    out: Fragments = []
    blank_before = False
    prev_text = ""
    for i in range(a, b):
        raw = lines[i]
        if raw == "":
            blank_before = True
            continue
        text = raw
        if i == a:
            text = raw[1:] if raw.startswith(" ") else raw  # P1: the page-start space
            if not text.strip():
                blank_before = True
                continue
        for frag in _classify(lines, i, b, text, prev_text, bool(out)):
            out.append((frag, blank_before))
            blank_before = False
            prev_text = text if frag.kind == "text" else ""
    return out


def physical_lines(frags: Fragments, page: int) -> tuple[PhysLine, ...]:
    """Glue marks and superscripts to the line they belong to (rules N1, S1), and the text
    after them when it resumes the line (a leading space, punctuation, or no blank line)."""
    lines: list[list[Frag]] = []
    after_token = False
    ended = False  # the fragment after a token was a lone space: the line ends there
    for frag, blank_before in frags:
        if frag.kind in ("mark", "sup"):
            if lines:
                lines[-1].append(frag)
                after_token, ended = True, False
                continue
            frag = Frag("text", frag.text, frag.line)
        if after_token and not ended and lines and (
                not blank_before or frag.text.startswith(" ")
                or frag.text.lstrip().startswith(CLOSING_PUNCT)):
            lines[-1].append(frag)
            after_token = False
            ended = not frag.text.strip()
            continue
        after_token = ended = False
        lines.append([frag])
    built = (PhysLine(tuple(f), page) for f in lines)
    return tuple(ln for ln in built if ln.plain or any(f.kind != "text" for f in ln.frags))
