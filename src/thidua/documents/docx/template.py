"""A cluster's own Word template (docxtpl: Jinja placeholders in a .docx) filled with a paper's content.

Offices that word their minutes their own way keep a template; thidua fills it with the same
content every other rendering shows. The names a template may use are listed in README
("Mẫu Word riêng của cụm"); unknown names print as nothing, a broken template is refused in words.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..content import words
from ..content.model import Closing, Document, Heading, Para, SignerGrid, Table, plain


class TemplateError(Exception):
    """The template cannot be filled; `reason` says why in a sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def context(doc: Document) -> dict:
    """The values a template can place: the header, title, every block as text, tables, signers, marks."""
    h = doc.header
    paragraphs, sections, tables, signers, recipients = [], [], [], [], []
    for block in doc.body:
        if isinstance(block, Heading):
            sections.append({"tieu_de": block.text, "doan_van": []})
        elif isinstance(block, Para):
            paragraphs.append(plain(block.text))
            if sections:
                sections[-1]["doan_van"].append(plain(block.text))
        elif isinstance(block, Table):
            tables.append({"cot": [c.label for c in block.columns],
                           "dong": [[plain(c) for c in r.cells] for r in block.rows]})
        elif isinstance(block, Closing):
            recipients = list(block.recipients)
            signers += [{"chuc_danh": "\n".join(s.titles), "ho_ten": s.name, "vai_tro": s.role} for s in block.signers]
        elif isinstance(block, SignerGrid):
            signers += [{"chuc_danh": "\n".join(s.titles), "ho_ten": s.name, "vai_tro": s.role} for s in block.signers]
    return {
        "co_quan_chu_quan": h.parent_body, "co_quan_ban_hanh": h.issuer.replace("\n", " "), "so": h.number or "",
        "quoc_hieu": h.country, "tieu_ngu": h.motto, "dia_danh_ngay": h.dateline or "",
        "ten_van_ban": doc.heading.name, "trich_yeu": doc.heading.summary, "kem_theo": doc.heading.note,
        "doan_van": paragraphs, "muc": sections, "bang": tables, "nguoi_ky": signers, "noi_nhan": recipients,
        "du_thao": doc.marks.draft, "dau_ky_duyet": words.footer(doc.marks), "nam": doc.year, "cum": doc.cluster,
        **doc.facts,
    }


def fill(template: Path, doc: Document) -> bytes:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    try:
        tpl = DocxTemplate(str(template))
        tpl.render(context(doc), autoescape=True)
    except JinjaError as exc:
        raise TemplateError(f"mẫu Word {template} có chỗ đặt trường sai: {exc}") from exc
    except (OSError, KeyError, ValueError) as exc:   # not a .docx, or a damaged one
        raise TemplateError(f"không mở được mẫu Word {template} (không phải tệp .docx hợp lệ)") from exc
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def configured(kind: str) -> Path | None:
    """The cluster's own template for `kind`: `<kind>.docx` in [documents] word_templates of the user settings."""
    from ..signoff.verify import user_setting

    folder = user_setting("documents", "word_templates")
    path = Path(folder) / f"{kind}.docx" if folder else None
    return path if path is not None and path.is_file() else None
