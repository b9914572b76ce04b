"""The old import path of xlsx/common.py, kept for member_forms.py until the data-in work moves it."""

from .xlsx.common import *  # noqa: F401,F403
from .xlsx.common import BOX, CENTER, HEADER_FILL, INPUT_FILL, LEFT, Alignment  # noqa: F401
