"""Vietnamese text helpers: diacritic-insensitive matching and alphabetical sort keys."""

from __future__ import annotations

import unicodedata

# Vietnamese alphabetical order: base letters, with the modified vowels and Đ after their base.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0301": 5, "\u0323": 6}  # huyền hỏi ngã sắc nặng
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn


def fold(text: str) -> str:
    """Lower-case, diacritics removed, đ→d, spaces collapsed: 'Đồng  bằng' → 'dong bang'."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def sort_key(text: str) -> tuple:
    """Key ordering names as a Vietnamese dictionary does: base letters, then tone marks."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        base_chars = unicodedata.normalize("NFD", ch)
        tone = 0
        kept = ""
        for part in base_chars:
            if part in _TONES:
                tone = _TONES[part]
            else:
                kept += part
        letter = unicodedata.normalize("NFC", kept)
        idx = _ALPHABET.find(letter) if len(letter) == 1 else -1
        if letter.isspace():
            letters.append(0)   # word boundaries first: "Hà Nam" before "Hải Dương"
        else:
            letters.append(idx + 1 if idx >= 0 else 100 + ord(letter[0]) if letter else 0)
        tones.append(tone)
    return (tuple(letters), tuple(tones))


def matches(query: str, name: str) -> bool:
    """True when every word of the query occurs, in order, in the folded name."""
    return fold(query) in fold(name)
