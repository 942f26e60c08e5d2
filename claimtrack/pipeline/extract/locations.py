"""Location claims: "X in Y" where X is a named site and Y a named larger place.

"قاعدة “فوستوشني” الفضائية في فلاديفستوك شرقي البلاد" states where Vostochny is (wrongly:
it is in the Amur region), "the city of Kunduz in northern Afghanistan" where Kunduz is. Such
a phrase is a claim of its own (docs/ANNOTATION.md, section 5), overlapping the event claim
it sits in.

X starts at a site head word (قاعدة، مدينة، منطقة، جامعة / city, province, Cosmodrome,
Embassy) with a name: a quoted word, a gazetteer place or (Arabic) an indefinite word that is
not a function word; English names are capitalised ("the Dutch Embassy", "the city of
Kunduz", "Lugar province"). Y follows "في"/"in"/"near"/"outside" or a direction ("شرقي",
"south of"): a gazetteer place, another named site, or a direction of one ("شرق روسيا",
"شرقي البلاد", "northern Afghanistan", "the Amur region", "the capital, Kabul"). A single
place, a person in a place, or a place with a descriptor ("the Russian border city of
Khasan") is not a location claim.
"""

from __future__ import annotations

from claimtrack.pipeline.extract.entities import has_break
from claimtrack.pipeline.extract.lexicon import PREFIXES, Lexicon, Token, strip_prefix

_QUOTES = '“”«»"„'
_AR_COUNTRY_WORDS = frozenset(["البلاد", "البلد", "روسيا", "الشرق", "الغرب", "الشمال", "الجنوب"])
_EN_OF_HEADS = frozenset(["city", "town", "village", "port", "province", "region", "district"])
_EN_DETERMINERS = frozenset(["the"])
_EN_CAPITAL = frozenset(["capital"])
MAX_NAME_TOKENS = 4


def find_locations(
    text: str, tokens: list[Token], keys: list[str], lex: Lexicon, language: str
) -> list[tuple[int, int]]:
    """Spans (raw offsets) of location claims among ``tokens`` (one sentence)."""
    forms = _FORMS.get(id(lex)) or _site_forms(lex)
    found = forms.intersection(keys)  # the usual sentence: no site word at all (one C call)
    if not found:
        return []
    hits = sorted(k for word in found for k in _positions(keys, word))
    finder = _ArabicFinder if language == "ar" else _EnglishFinder
    return finder(text, tokens, keys, lex).spans(hits)


_FORMS: dict[int, frozenset[str]] = {}


def _positions(keys: list[str], word: str) -> list[int]:
    """Indices of ``word`` in ``keys`` (list.index runs in C)."""
    out: list[int] = []
    k = keys.index(word)
    while True:
        out.append(k)
        try:
            k = keys.index(word, k + 1)
        except ValueError:
            return out


def _site_forms(lex: Lexicon) -> frozenset[str]:
    """Site head words with their clitic-prefixed forms (بقاعدة), per lexicon."""
    forms = _FORMS.get(id(lex))  # lexicons are per-language singletons
    if forms is None:
        heads = lex.site_heads
        forms = _FORMS[id(lex)] = heads | frozenset(p + h for h in heads for p in PREFIXES)
    return forms


class _Finder:
    def __init__(self, text: str, tokens: list[Token], keys: list[str], lex: Lexicon) -> None:
        self.text, self.tokens, self.keys, self.lex = text, tokens, keys, lex

    def gap(self, k: int) -> str:
        """Raw text between token k-1 and token k."""
        return self.text[self.tokens[k - 1].end : self.tokens[k].start]

    def broken(self, k: int) -> bool:
        """Punctuation (other than quotation marks) between token k-1 and token k."""
        gap = self.gap(k)
        return has_break(self.text, self.tokens[k - 1].end, self.tokens[k].start) and bool(
            gap.strip().strip(_QUOTES)
        )

    def spans(self, hits: list[int]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        after = -1
        for k in hits:
            if k < after:
                continue
            found = self.at(k)
            if found is not None:
                start, last = found
                end = self.tokens[last].end
                if end < len(self.text) and self.text[end] in '”»"':
                    end += 1  # منطقة “أمور”: the closing mark of a quoted name
                out.append((start, end))
                after = last + 1
        return out

    def at(self, k: int) -> tuple[int, int] | None:  # pragma: no cover - abstract
        raise NotImplementedError


class _ArabicFinder(_Finder):
    def at(self, k: int) -> tuple[int, int] | None:
        keys, tokens, lex = self.keys, self.tokens, self.lex
        name_end = self.site_name(k)
        if name_end is None:
            return None
        j = name_end + 1
        while (
            j < len(keys)
            and j <= name_end + 2
            and keys[j].startswith("ال")
            and (keys[j] not in lex.site_heads and keys[j] not in lex.places and not self.broken(j))
        ):
            j += 1  # "الفضائية": an adjective of the site
        last = self.area(j)
        if last is None:
            return None
        start = tokens[k].start + (1 if keys[k] not in lex.site_heads else 0)  # بقاعدة
        return start, last

    def site_name(self, k: int) -> int | None:
        """Index of the last token of the site's name after the head at k, or None."""
        keys, lex = self.keys, self.lex
        m = k + 1
        if m >= len(keys) or self.broken(m):
            return None
        if any(q in self.gap(m) for q in _QUOTES) or keys[m] in lex.place_starts:
            return m
        key = keys[m]
        if key.startswith("ال") or key in lex.function_words or key in lex.site_heads:
            return None
        if key in lex.clause_verbs or key in lex.titles or len(key) < 3:
            return None
        last = m
        while last + 1 < len(keys) and last + 1 <= m + MAX_NAME_TOKENS:
            nxt = keys[last + 1]
            if self.broken(last + 1) or not nxt.startswith(("لل", "وال")):
                break
            last += 1  # "مركز بركمان للإنترنت والمجتمع"
        return last

    def area(self, j: int) -> int | None:
        """Index of the last token of "في Y" / "شرقي Y" starting at j, or None."""
        keys, lex = self.keys, self.lex
        if j >= len(keys) or (self.broken(j) and "،" not in self.gap(j)):
            return None
        key = keys[j]
        if key == "في" or key == "قرب":
            j += 1
            if j >= len(keys) or self.broken(j):
                return None
            key = keys[j]
        elif strip_prefix(key) not in lex.directions and key not in lex.directions:
            return None
        last = self.named_area(j)
        if last is None:
            return None
        # "في فلاديفستوك شرقي البلاد": a direction after the place belongs to the claim.
        if last + 2 < len(keys) and keys[last + 1] in lex.directions and not self.broken(last + 1):
            more = self.named_area(last + 1)
            last = more if more is not None else last
        return last

    def named_area(self, j: int) -> int | None:
        keys, lex = self.keys, self.lex
        if j >= len(keys):
            return None
        key = keys[j]
        width = self.place_width(j)
        if width:
            return j + width - 1
        if key in lex.site_heads or strip_prefix(key) in lex.site_heads:
            return self.site_name(j)
        if key in lex.directions or strip_prefix(key) in lex.directions:
            m = j + 1
            if m < len(keys) and not self.broken(m):
                width = self.place_width(m)
                if width:
                    return m + width - 1
                if keys[m] in _AR_COUNTRY_WORDS:
                    return m
        return None

    def place_width(self, j: int) -> int:
        lex, keys = self.lex, self.keys
        if keys[j] not in lex.place_starts:
            return 0
        for n in lex.place_widths.get(keys[j], ()) or lex.place_widths.get(
            strip_prefix(keys[j]), ()
        ):
            if j + n <= len(keys):
                words = keys[j : j + n]
                if (
                    " ".join(words) in lex.places
                    or " ".join([strip_prefix(words[0]), *words[1:]]) in lex.places
                ):
                    return n
        return 0


class _EnglishFinder(_Finder):
    def upper(self, k: int) -> bool:
        return self.text[self.tokens[k].start].isupper()

    def at(self, k: int) -> tuple[int, int] | None:
        keys = self.keys
        head = keys[k]
        if head in _EN_OF_HEADS and k + 2 < len(keys) and keys[k + 1] == "of" and self.upper(k + 2):
            first = k  # "the city of Kunduz"
            last = self.cap_run(k + 2)
        else:
            first = k
            while first > 0 and self.upper(first - 1) and not self.broken(first):
                first -= 1  # "Vostochny Cosmodrome", "Lugar province"
            if first == k and not self.upper(k):
                return None
            last = k
        if first > 0 and keys[first - 1] in _EN_DETERMINERS and not self.broken(first):
            first -= 1
        last_area = self.area(last + 1)
        if last_area is None:
            return None
        return self.tokens[first].start, last_area

    def cap_run(self, k: int) -> int:
        last = k
        while last + 1 < len(self.keys) and self.upper(last + 1) and not self.broken(last + 1):
            last += 1
        return last

    def area(self, j: int) -> int | None:
        keys, lex = self.keys, self.lex
        if j >= len(keys):
            return None
        comma = self.broken(j)
        if comma and "," not in self.gap(j):
            return None
        if keys[j] in lex.place_links and not comma:
            j += 1
        elif keys[j] not in lex.directions:
            return None
        while j < len(keys) and (keys[j] in _EN_DETERMINERS or keys[j] in lex.directions):
            if keys[j] in lex.directions and j + 1 < len(keys) and keys[j + 1] == "of":
                j += 1  # "south of the capital, Kabul"
            j += 1
        if j < len(keys) and keys[j] in _EN_CAPITAL and j + 1 < len(keys):
            j += 1  # "the capital, Kabul"
        if j >= len(keys) or not self.upper(j):
            return None
        last = self.cap_run(j)
        if last + 1 < len(keys) and keys[last + 1] in lex.site_heads and not self.broken(last + 1):
            last += 1  # "the Amur region"
        return last
