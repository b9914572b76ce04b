"""A fast ruled table for the big scoring and covenant tables: plain text cells, header repeated per page.

reportlab's Table styles and draws every cell as its own text object; a 63-member, 200-criterion
scoring table has some 17,000 cells and spent most of its time there. This grid precomputes row
heights from already-wrapped lines, splits itself page by page (never leaving a group heading
alone at the foot of a page) and draws each page with one text object and one path of rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

SHADE = Color(0.93, 0.93, 0.93)


@dataclass(frozen=True)
class GridRow:
    cells: tuple[str, ...]      # text, lines separated by "\n"
    bold: bool = False
    keep_with_next: bool = False   # a group heading: never the last row on a page

    @property
    def lines(self) -> int:
        return max((c.count("\n") + 1 for c in self.cells if c), default=1)


class Grid(Flowable):
    def __init__(self, header: Sequence[str], rows: Sequence[GridRow], widths: Sequence[float],
                 aligns: Sequence[str], font: str, bold_font: str, size: float, pad: float = 2.5) -> None:
        super().__init__()
        self.widths, self.aligns = list(widths), list(aligns)
        self.font, self.bold_font, self.size, self.pad = font, bold_font, size, pad
        self.leading = size * 1.18
        head_size = size
        self.header = GridRow(tuple("\n".join(simpleSplit(h, bold_font, head_size, w - 2 * pad)) for h, w in
                                    zip(header, self.widths)), bold=True)
        self.rows = list(rows)
        self._heights = [self._row_height(r) for r in self.rows]
        self.width = sum(self.widths)
        self._widths_of: dict = {}   # (text, font) → width: the same figures recur thousands of times

    def _row_height(self, row: GridRow) -> float:
        return row.lines * self.leading + 2 * self.pad + 1

    @property
    def _head_h(self) -> float:
        return self._row_height(self.header)

    def wrap(self, avail_w, avail_h):
        self.height = self._head_h + sum(self._heights)
        return self.width, self.height

    def split(self, avail_w, avail_h):
        room = avail_h - self._head_h
        n, used = 0, 0.0
        while n < len(self.rows) and used + self._heights[n] <= room:
            used += self._heights[n]
            n += 1
        while 0 < n < len(self.rows) and self.rows[n - 1].keep_with_next:
            n -= 1
        if n == 0:
            return []
        return [self._copy(self.rows[:n], self._heights[:n]), self._copy(self.rows[n:], self._heights[n:])]

    def _copy(self, rows: Sequence[GridRow], heights: list[float]) -> "Grid":
        g = Grid.__new__(Grid)
        Flowable.__init__(g)
        g.widths, g.aligns, g.font, g.bold_font = self.widths, self.aligns, self.font, self.bold_font
        g.size, g.pad, g.leading, g.header, g.width = self.size, self.pad, self.leading, self.header, self.width
        g.rows, g._heights, g._widths_of = list(rows), heights, self._widths_of
        return g

    def draw(self) -> None:
        c = self.canv
        rows = [self.header] + self.rows
        heights = [self._head_h] + self._heights
        total = sum(heights)
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        c.saveState()
        c.setFillColor(SHADE)
        c.rect(0, total - heights[0], self.width, heights[0], stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        text = c.beginText()
        widths_of = self._widths_of
        current = None
        top = total
        rules = []
        for row, h in zip(rows, heights):
            font = self.bold_font if row.bold else self.font
            if font != current:
                text.setFont(font, self.size, self.leading)
                current = font
            for i, cell in enumerate(row.cells):
                if not cell:
                    continue
                lines = cell.split("\n")
                free = h - 2 * self.pad - len(lines) * self.leading
                y = top - self.pad - free / 2 - self.size
                align = "C" if row is self.header else self.aligns[i]
                for line in lines:
                    if align == "C":
                        w = widths_of.get((line, font))
                        if w is None:
                            w = widths_of[(line, font)] = stringWidth(line, font, self.size)
                        x = xs[i] + (self.widths[i] - w) / 2
                    else:
                        x = xs[i] + self.pad
                    text.setTextOrigin(x, y)
                    text.textOut(line)
                    y -= self.leading
            top -= h
            rules.append((0, top, self.width, top))
        c.drawText(text)
        c.setLineWidth(0.5)
        rules.append((0, total, self.width, total))
        rules += [(x, 0, x, total) for x in xs]
        c.lines(rules)
        c.restoreState()
