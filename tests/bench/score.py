"""Compare the converter's TEI with the truth of a rendered document, structure by structure.

Everything is located by *position*: the number of non-space characters of the reading text
before it. The reading text is what `text/front` and `text/body` say outside notes, running
heads (`fw`), `speaker` (not in the source) and editorial additions (`corr`, `reg`, `expan`,
`desc`, `supplied`); a `choice` is read through its `sic`/`orig`/`abbr`. When the converter lost
or added words, predicted positions are mapped onto the truth through a word alignment, so one
lost word does not shift every later structure.

Structures (each a multiset of tuples; P/R/F1 are micro-averaged over documents):

  words         reading-text words in order (aligned; P = kept/emitted, R = kept/true)
  note_words    words of every note, note by note (aligned the same way)
  note_text     (n, note text)            note_anchor  (n, position of the mark)
  note_paras    (n, paragraph starts inside the note)
  pages         (position, n) of each `pb`
  paras         (start, end) of each `p` of the body (block-quotation paragraphs included)
  quotes        (start, end, kind): kind = quote | block | soCalled | title
  quote_sources (start, end, n of the note holding the source)
  sups          (position, text) of `hi[@rend=sup]` outside notes
  divs          (start, heading, date line) of each speech `div`
  dates         (speech ordinal, ISO date: setting date through @decls, else the date line's)
  speakers      (speech ordinal, `speaker` text)
  title         (titlePart text, docDate text, docDate @when/@from/@to)
  fw            (page n, type, text) of running heads and printed page numbers
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from .render import Truth

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
BLOCK = {
    "p",
    "head",
    "dateline",
    "titlePart",
    "docDate",
    "div",
    "sp",
    "titlePage",
    "docTitle",
    "front",
    "body",
    "back",
    "byline",
    "docImprint",
    "opener",
    "closer",
    "salute",
    "signed",
    "trailer",
    "argument",
    "epigraph",
    "ab",
    "lg",
    "l",
    "list",
    "item",
    "table",
    "row",
    "cell",
    "lb",
    "cb",
}
SKIP = {"note", "fw", "speaker", "corr", "reg", "expan", "desc", "supplied", "figDesc", "interpGrp"}
QUOTES = {"quote": "quote", "q": "quote", "soCalled": "soCalled", "title": "title"}
STRUCTURES = (
    "words",
    "note_words",
    "note_text",
    "note_anchor",
    "note_paras",
    "pages",
    "paras",
    "quotes",
    "quote_sources",
    "sups",
    "divs",
    "dates",
    "speakers",
    "title",
    "fw",
)


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.split("}", 1)[1] if "}" in tag else tag


def norm(s: str) -> str:
    return " ".join(s.split())


_CSS_CONTENT = re.compile(r'^\s*content:\s*"((?:[^"\\]|\\.)*)";?\s*$')


def renditions(root: etree._Element) -> dict[str, tuple[str, str]]:
    """{rendition id: (scope, printed marks)} of the header's tagsDecl: the quotation marks
    the TEI moved from the text into @rendition. A declaration that does not say its marks
    as CSS content is an error, not a silent empty string."""
    found = {}
    for r in root.iterfind(f"{TEI}teiHeader//{TEI}tagsDecl/{TEI}rendition"):
        m = _CSS_CONTENT.match(r.text or "")
        assert m and r.get("scope") in ("before", "after"), f"rendition {r.get(XML_ID)}: {r.text!r}"
        found[r.get(XML_ID) or ""] = (r.get("scope") or "", re.sub(r"\\(.)", r"\1", m.group(1)))
    return found


def marks(el: etree._Element, table: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """The marks printed before and after el, put back from its @rendition."""
    before = after = ""
    for ref in (el.get("rendition") or "").split():
        scope, mark = table[ref.removeprefix("#")]  # a pointer to nothing fails here
        before, after = (before + mark, after) if scope == "before" else (before, after + mark)
    return before, after


def _supplied(e: etree._Element) -> bool:
    return _local(e) == "head" and e.get("type") == "supplied"


def reading_text(el: etree._Element) -> str:
    """The text of an element as the source has it (editorial additions left out)."""
    out: list[str] = []
    table = renditions(el.getroottree().getroot())

    def visit(e: etree._Element, top: bool = False) -> None:
        name = _local(e)
        if not top and (name in SKIP or not name or _supplied(e)):
            if e.tail:
                out.append(e.tail)
            return
        if name in BLOCK or name == "lb":
            out.append(" ")
        before, after = marks(e, table)
        out.append(before)
        if e.text:
            out.append(e.text)
        for c in e:
            visit(c)
        out.append(after)
        if name in BLOCK:
            out.append(" ")
        if not top and e.tail:
            out.append(e.tail)

    visit(el, top=True)
    return "".join(out)


@dataclass
class Extracted:
    text: str = ""
    notes: list[tuple[str, int, str]] = field(default_factory=list)
    note_paras: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    pages: list[tuple[int, str]] = field(default_factory=list)
    paras: list[tuple[int, int]] = field(default_factory=list)
    quotes: list[tuple[int, int, str]] = field(default_factory=list)
    quote_sources: list[tuple[int, int, str]] = field(default_factory=list)
    sups: list[tuple[int, str]] = field(default_factory=list)
    divs: list[tuple[int, str, str]] = field(default_factory=list)
    dates: list[tuple[int, str]] = field(default_factory=list)
    speakers: list[tuple[int, str]] = field(default_factory=list)
    title: list[tuple[str, str, tuple[tuple[str, str], ...]]] = field(default_factory=list)
    fw: list[tuple[str, str, str]] = field(default_factory=list)
    segmentation: str = ""  # the header's statement of the paragraph rule


class _Walker:
    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.ids = {
            e.get(XML_ID): e for e in root.iter() if isinstance(e.tag, str) and e.get(XML_ID)
        }
        self.chars: list[str] = []
        self.pos = 0
        self.page = ""
        self.out = Extracted()
        self.in_front = False
        self.pending_quotes: list[tuple[etree._Element, int, int, str]] = []
        self.renditions = renditions(root)
        self.page_before: dict[str, str] = {}  # pb id -> the page that ends at it
        self.notes_at = {n.get("target", "").removeprefix("#"): n
                         for n in root.iter(f"{TEI}note") if n.get("target")}

    def add(self, s: str | None) -> None:
        if s:
            self.chars.append(s)
            self.pos += sum(1 for c in s if not c.isspace())

    def note(self, el: etree._Element) -> None:
        n = el.get("n", "")
        self.out.notes.append((n, self.pos, norm(reading_text(el))))
        paras = [c for c in el if _local(c) == "p"]
        if paras:
            starts = []
            count = 0
            before = norm(el.text or "")
            count += sum(1 for c in before if not c.isspace())
            for c in el:
                if _local(c) == "p":
                    starts.append(count)
                t = reading_text(c) if _local(c) not in SKIP else ""
                count += sum(1 for ch in t if not ch.isspace())
                count += sum(1 for ch in (c.tail or "") if not ch.isspace())
            self.out.note_paras.append((n, tuple(starts)))
        else:
            self.out.note_paras.append((n, (0,)))

    def visit(self, el: etree._Element) -> None:
        name = _local(el)
        if not name:  # comments, processing instructions
            self.add(el.tail)
            return
        if name == "note":
            if not el.get("target"):  # a note taken out of a title is read at its anchor
                self.note(el)
            self.add(el.tail)
            return
        if name == "anchor":
            if el.get(XML_ID) in self.notes_at:
                self.note(self.notes_at[el.get(XML_ID) or ""])
            self.add(el.tail)
            return
        if name == "fw":
            # a running foot moved out of a paragraph names the page break it stood before
            pb = (el.get("corresp") or "").removeprefix("#")
            page = self.page_before[pb] if pb else self.page
            self.out.fw.append((page, el.get("type", ""), norm(reading_text(el))))
            self.add(el.tail)
            return
        if name == "pb":
            self.page_before[el.get(XML_ID) or ""] = self.page
            self.page = el.get("n", "")
            self.out.pages.append((self.pos, self.page))
            self.add(el.tail)
            return
        if name in SKIP or _supplied(el):
            self.add(el.tail)
            return
        block = name in BLOCK or (name == "quote" and el.get("type") == "block")
        if block:
            self.chars.append(" ")
        start = self.pos
        if name == "div" and el.get("type", "speech") == "speech":
            self.div(el)
        before, after = marks(el, self.renditions)
        self.add(before)
        self.add(el.text)
        for c in el:
            self.visit(c)
        self.add(after)
        end = self.pos
        if block:
            self.chars.append(" ")
        if name == "p" and not self.in_front:
            self.out.paras.append((start, end))
        elif name in QUOTES:
            kind = QUOTES[name]
            if name == "quote" and el.get("type") == "block":
                kind = "block"
            self.out.quotes.append((start, end, kind))
            src = el.get("source")
            if src:
                self.out.quote_sources.append((start, end, self.source_note(src)))
        elif name == "hi" and "sup" in (el.get("rend") or ""):
            self.out.sups.append((start, norm(reading_text(el))))
        self.add(el.tail)

    def source_note(self, ref: str) -> str:
        target = self.ids.get(ref.split()[0].lstrip("#"))
        while target is not None:
            if _local(target) == "note":
                return target.get("n", "")
            target = target.getparent()
        return "?"

    def div(self, el: etree._Element) -> None:
        ordinal = len(self.out.divs)
        head = dateline = ""
        for c in el:
            if _local(c) == "head" and not head and not _supplied(c):
                head = norm(reading_text(c))
            elif _local(c) == "dateline" and not dateline:
                dateline = norm(reading_text(c))
        self.out.divs.append((self.pos, head, dateline))
        when = ""
        for ref in (el.get("decls") or "").split():
            setting = self.ids.get(ref.lstrip("#"))
            if setting is not None:
                d = setting.find(f".//{TEI}date")
                if d is not None:
                    when = d.get("when") or d.get("from") or ""
        if not when:
            d = el.find(f"{TEI}dateline//{TEI}date")
            if d is not None:
                when = d.get("when") or d.get("from") or ""
        self.out.dates.append((ordinal, when))
        for sp in el.iter(f"{TEI}sp"):
            s = sp.find(f"{TEI}speaker")
            self.out.speakers.append((ordinal, norm(reading_text(s)) if s is not None else ""))
            break


def extract(xml: bytes) -> Extracted:
    root = etree.fromstring(xml)
    text = root.find(f"{TEI}text")
    if text is None:
        raise ValueError("no text element")
    w = _Walker(root)
    front = text.find(f"{TEI}front")
    if front is not None:
        w.in_front = True
        w.visit(front)
        w.in_front = False
    body = text.find(f"{TEI}body")
    if body is not None:
        w.visit(body)
    out = w.out
    out.text = norm("".join(w.chars))
    parts = [norm(reading_text(t)) for t in text.iter(f"{TEI}titlePart")]
    date = text.find(f".//{TEI}docDate")
    attrs: tuple[tuple[str, str], ...] = ()
    dtext = ""
    if date is not None:
        dtext = norm(reading_text(date))
        attrs = tuple(sorted((k, v) for k, v in date.attrib.items() if k in ("when", "from", "to")))
    out.title = [(" ".join(parts), dtext, attrs)]
    seg = root.find(f"{TEI}teiHeader//{TEI}editorialDecl/{TEI}segmentation")
    out.segmentation = norm("".join(seg.itertext())) if seg is not None else ""
    return out


# --- comparison ------------------------------------------------------------------------------


@dataclass
class Count:
    tp: int = 0
    pred: int = 0
    true: int = 0

    def add(self, other: Count) -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.true += other.true

    @property
    def precision(self) -> float:
        return self.tp / self.pred if self.pred else (1.0 if not self.true else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.true if self.true else (1.0 if not self.pred else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    counts: dict[str, Count]
    missing: dict[str, list] = field(default_factory=dict)  # in the truth, not in the TEI
    extra: dict[str, list] = field(default_factory=dict)  # in the TEI, not in the truth
    error: str = ""
    segmentation: str = ""

    @property
    def perfect(self) -> bool:
        return not self.error and all(c.tp == c.pred == c.true for c in self.counts.values())

    def perfect_except(self, names: tuple[str, ...]) -> bool:
        """Perfect on every structure but `names` (the open cases of docs/robustness.md)."""
        return not self.error and all(
            c.tp == c.pred == c.true for n, c in self.counts.items() if n not in names
        )


# Paragraph ends. In the proportional layout (R25) a line that ends a sentence within the width
# estimate's error of the margin (printed slack under ~0.13 em, the estimate errs by up to
# ~0.25 em a line) cannot be read from the text: the open cases of docs/robustness.md, so the
# property test does not assert these two there. Quotations are asserted: since superscripts
# are measured at their size and kerning applied, no borderline end has cut one.
PARAGRAPH_BOUND = ("paras", "note_paras")


def _multiset(name: str, truth: list, pred: list, score: Score) -> None:
    t, p = Counter(truth), Counter(pred)
    tp = sum((t & p).values())
    score.counts[name] = Count(tp, sum(p.values()), sum(t.values()))
    miss, extra = list((t - p).elements()), list((p - t).elements())
    if miss:
        score.missing[name] = sorted(miss, key=repr)
    if extra:
        score.extra[name] = sorted(extra, key=repr)


def _align(truth_words: list[str], pred_words: list[str]) -> tuple[int, list[tuple[int, int, int]]]:
    if truth_words == pred_words:
        return len(truth_words), [(0, 0, len(truth_words))] if truth_words else []
    sm = difflib.SequenceMatcher(None, truth_words, pred_words, autojunk=False)
    blocks = sm.get_matching_blocks()
    return sum(b.size for b in blocks), [(b.a, b.b, b.size) for b in blocks if b.size]


def _word_starts(words: list[str]) -> list[int]:
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w)
    return starts


class _PosMap:
    """Maps positions in the TEI's reading text onto the truth's, through a word alignment."""

    def __init__(
        self, truth_words: list[str], pred_words: list[str], blocks: list[tuple[int, int, int]]
    ):
        self.identity = truth_words == pred_words
        self.ts, self.ps = _word_starts(truth_words), _word_starts(pred_words)
        self.pred_len = [len(w) for w in pred_words]
        self.to_truth: dict[int, int] = {}
        for a, b, size in blocks:
            for k in range(size):
                self.to_truth[b + k] = a + k

    def __call__(self, pos: int) -> int:
        if self.identity or not self.ps:
            return pos
        i = bisect.bisect_right(self.ps, pos) - 1
        if i < 0:
            return pos
        off = pos - self.ps[i]
        if i in self.to_truth:
            return self.ts[self.to_truth[i]] + off
        # an unmatched word: anchor on the nearest matched word before it
        j = i - 1
        while j >= 0 and j not in self.to_truth:
            j -= 1
        if j < 0:
            return pos
        return self.ts[self.to_truth[j]] + self.pred_len[j] + (pos - self.ps[j] - self.pred_len[j])


def compare(truth: Truth, xml: bytes | None, error: str = "") -> Score:
    score = Score({})
    if xml is None:
        score.error = error or "no TEI"
        ex = Extracted()
    else:
        try:
            ex = extract(xml)
        except Exception as exc:
            score.error = f"{type(exc).__name__}: {exc}"
            ex = Extracted()
    score.segmentation = ex.segmentation
    tw, pw = truth.text.split(), ex.text.split()
    kept, blocks = _align(tw, pw)
    score.counts["words"] = Count(kept, len(pw), len(tw))
    if kept != len(tw) or len(pw) != len(tw):
        sm = difflib.SequenceMatcher(None, tw, pw, autojunk=False)
        diffs = [
            (op, " ".join(tw[a1:a2]), " ".join(pw[b1:b2]))
            for op, a1, a2, b1, b2 in sm.get_opcodes()
            if op != "equal"
        ]
        score.missing["words"] = diffs[:20]
    pmap = _PosMap(tw, pw, blocks)

    # note words: note by note, in order
    tn = [t for _, _, t in truth.notes]
    pn = [t for _, _, t in ex.notes]
    k = c_t = c_p = 0
    for i in range(max(len(tn), len(pn))):
        a = tn[i].split() if i < len(tn) else []
        b = pn[i].split() if i < len(pn) else []
        k += _align(a, b)[0]
        c_t += len(a)
        c_p += len(b)
    score.counts["note_words"] = Count(k, c_p, c_t)

    _multiset(
        "note_text",
        [(str(n), norm(t)) for n, _, t in truth.notes],
        [(n, t) for n, _, t in ex.notes],
        score,
    )
    _multiset(
        "note_anchor",
        [(str(n), p) for n, p, _ in truth.notes],
        [(n, pmap(p)) for n, p, _ in ex.notes],
        score,
    )
    _multiset("note_paras", [(str(n), s) for n, s in truth.note_paras], ex.note_paras, score)
    _multiset("pages", truth.pages, [(pmap(p), n) for p, n in ex.pages], score)
    _multiset("paras", truth.paras, [(pmap(a), pmap(b)) for a, b in ex.paras], score)
    _multiset("quotes", truth.quotes, [(pmap(a), pmap(b), k) for a, b, k in ex.quotes], score)
    _multiset(
        "quote_sources",
        [(a, b, str(n)) for a, b, n in truth.quote_sources],
        [(pmap(a), pmap(b), n) for a, b, n in ex.quote_sources],
        score,
    )
    _multiset("sups", truth.sups, [(pmap(p), t) for p, t in ex.sups], score)
    _multiset(
        "divs",
        [(p, norm(h), norm(d)) for p, h, d in truth.divs],
        [(pmap(p), h, d) for p, h, d in ex.divs],
        score,
    )
    _multiset("dates", truth.dates, ex.dates, score)
    _multiset("speakers", truth.speakers, ex.speakers, score)
    _multiset(
        "title", [(norm(truth.title[0]), norm(truth.title[1]), truth.title[2])], ex.title, score
    )
    _multiset("fw", truth.fw, ex.fw, score)
    return score


def total(scores: list[Score]) -> dict[str, Count]:
    out = {name: Count() for name in STRUCTURES}
    for s in scores:
        for name in STRUCTURES:
            if name in s.counts:
                out[name].add(s.counts[name])
    return out


def table(counts: dict[str, Count]) -> str:
    lines = [f"{'structure':<14} {'true':>6} {'found':>6} {'right':>6} {'P':>7} {'R':>7} {'F1':>7}"]
    for name in STRUCTURES:
        c = counts[name]
        lines.append(
            f"{name:<14} {c.true:>6} {c.pred:>6} {c.tp:>6} "
            f"{c.precision:>7.4f} {c.recall:>7.4f} {c.f1:>7.4f}"
        )
    return "\n".join(lines)


# --- the oracle: the truth written as TEI (checks the scorer, and is the bench's baseline) -------


def oracle_tei(truth: Truth) -> bytes:
    """TEI holding exactly the truth: what a perfect converter would emit (minus the header)."""
    from xml.sax.saxutils import escape, quoteattr

    text = truth.text
    opens: dict[int, list[tuple[int, int, str]]] = {}
    closes: dict[int, list[tuple[int, int, str]]] = {}

    def span(start: int, end: int, rank: int, open_tag: str, close_tag: str) -> None:
        opens.setdefault(start, []).append((rank, -end, open_tag))
        closes.setdefault(end, []).append((-rank, start, close_tag))

    def count(s: str) -> int:
        return sum(1 for c in s if not c.isspace())

    title_end = count(truth.title[0])
    date_end = title_end + count(truth.title[1])
    attrs = "".join(f" {k}={quoteattr(v)}" for k, v in truth.title[2])
    opens.setdefault(0, []).append((-2, 0, "<front>"))
    span(0, title_end, 0, "<titlePage><docTitle><titlePart>", "</titlePart></docTitle>")
    span(title_end, date_end, 1, f"<docDate{attrs}>", "</docDate></titlePage></front><body>")
    for i, (pos, head, dateline) in enumerate(truth.divs):
        when = dict(truth.dates).get(i, "")
        who = dict(truth.speakers).get(i, "")
        close = "</sp></div>" if i else ""
        opens.setdefault(pos, []).append(
            (0, 0, f'{close}<div type="speech" n="{i + 1}" decls="#setting-{i}">')
        )
        p = pos
        if head:
            span(p, p + count(head), 1, "<head>", "</head>")
            p += count(head)
        if dateline:
            span(p, p + count(dateline), 1, f'<dateline><date when="{when}">', "</date></dateline>")
            p += count(dateline)
        opens.setdefault(p, []).append((1, 1, f"<sp><speaker>{escape(who)}</speaker>"))
    for a, b in truth.paras:
        span(a, b, 3, "<p>", "</p>")
    for a, b, kind in truth.quotes:
        if kind == "block":
            span(a, b, 2, '<quote type="block">', "</quote>")
        elif kind == "soCalled":
            span(a, b, 4, "<soCalled>", "</soCalled>")
        else:
            src = [n for x, y, n in truth.quote_sources if (x, y) == (a, b)]
            at = f' source="#src-{src[0]}"' if src else ""
            span(a, b, 4, f"<quote{at}>", "</quote>")
    for pos, sup in truth.sups:
        span(pos, pos + count(sup), 5, '<hi rend="sup">', "</hi>")
    inline: dict[int, list[str]] = {}
    starts = dict(truth.note_paras)
    for n, pos, t in truth.notes:
        cuts, k, seen = [], 0, 0
        for j, c in enumerate(t):
            if not c.isspace():
                if k < len(starts.get(n, ())) and seen == starts[n][k]:
                    cuts.append(j)
                    k += 1
                seen += 1
        pieces = [t[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(t)], strict=True)] or [t]
        paras = "".join(f"<p>{escape(x)}</p>" for x in pieces)
        inline.setdefault(pos, []).append(
            f'<note place="foot" n="{n}"><seg xml:id="src-{n}"/>{paras}</note>'
        )
    for pos, n in truth.pages:
        opens.setdefault(pos, []).append((-1, 0, f'<pb n="{n}"/>'))
    fw_by_page: dict[str, list[str]] = {}
    for page, kind, t in truth.fw:
        fw_by_page.setdefault(page, []).append(f'<fw type="{kind}">{escape(t)}</fw>')
    page_end: dict[int, list[str]] = {}
    pages = sorted(truth.pages)
    for k, (_, n) in enumerate(pages):
        if n in fw_by_page:
            end = pages[k + 1][0] if k + 1 < len(pages) else count(text)
            page_end.setdefault(end, []).extend(fw_by_page[n])

    out: list[str] = []
    pos = 0

    text_end = count(text)

    def flush_closes(p: int) -> None:
        out.extend(inline.pop(p, []))
        out.extend(page_end.pop(p, []) if p != text_end else [])
        for _, _, tag in sorted(closes.pop(p, []), key=lambda x: (x[0], -x[1])):
            out.append(tag)

    for ch in text:
        if not ch.isspace():
            for _, _, tag in sorted(opens.pop(pos, []), key=lambda x: (x[0], x[1])):
                out.append(tag)
            out.append(escape(ch))
            pos += 1
            flush_closes(pos)
        else:
            out.append(ch)
    out.extend(page_end.pop(pos, []))
    out.append("</sp></div></body>")
    body = "".join(out)
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><profileDesc><settingDesc>'
        + "".join(
            f'<setting xml:id="setting-{i}"><date when="{w}"/></setting>' for i, w in truth.dates
        )
        + "</settingDesc></profileDesc></teiHeader><text>"
        + body
        + "</text></TEI>"
    ).encode()


# --- one document through the converter ----------------------------------------------------------


@dataclass
class Run:
    spec: object
    rendered: object
    score: Score
    warnings: list[str]


def run_spec(spec, convert=None) -> Run:
    """Build, render, convert and score one spec; a converter exception scores zero."""
    from .generate import build
    from .render import render

    if convert is None:
        from tei_edition.convert import convert_text as convert
    rendered = render(build(spec))
    try:
        result = convert(rendered.text, f"bench-{spec.seed}.txt", rendered.doc.meta or None)
    except Exception as exc:
        return Run(
            spec, rendered, compare(rendered.truth, None, f"{type(exc).__name__}: {exc}"), []
        )
    return Run(
        spec, rendered, compare(rendered.truth, result.xml), [str(w) for w in result.warnings]
    )
