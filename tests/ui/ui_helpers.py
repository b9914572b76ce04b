"""Reading the score grid the way a user reads it: by member name and printed criterion code."""

from thidua.ui.score_model import FIXED_COLUMNS


def _grid(window):
    tab = window.views["scores"]
    return tab, tab.table, tab.model


def _cell(model, member, code):
    season = model.season
    m = next(x for x in season.members if x.short_name == member)
    node = season.criteria.find_code(code)
    return model.index_of(m.id, node.id)


def _row_text(model, kind, member):
    season = model.season
    m = next(x for x in season.members if x.short_name == member)
    row = next(i for i, r in enumerate(model.rows) if r.kind == kind)
    return model.index(row, FIXED_COLUMNS + model.member_ids.index(m.id)).data()


def _group_text(model, member, code):
    return _cell(model, member, code).data()
