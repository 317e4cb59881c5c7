"""A figure with its text alternative and caption, shown as an accessible HTML ``<figure>``."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape
from io import BytesIO

from matplotlib.figure import Figure

PNG_DPI = 100  # dots per inch: sharp enough at notebook width, small enough to keep files light


@dataclass(frozen=True)
class Chart:
    """A matplotlib figure, the sentence a screen reader reads instead, and a visible caption."""

    figure: Figure
    alt: str
    caption: str

    def png(self, dpi: int = PNG_DPI) -> bytes:
        """The figure as PNG bytes, trimmed to what is drawn."""
        buffer = BytesIO()
        self.figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.1)
        return buffer.getvalue()

    def html(self, dpi: int = PNG_DPI) -> str:
        """A ``<figure>``: the PNG inline with its alt text, and the caption under it."""
        data = base64.b64encode(self.png(dpi)).decode("ascii")
        return (
            '<figure style="margin:0 0 1em 0">'
            f'<img src="data:image/png;base64,{data}" alt="{escape(self.alt)}" '
            'style="max-width:100%;height:auto">'
            f"<figcaption>{escape(self.caption)}</figcaption></figure>"
        )

    def _repr_html_(self) -> str:
        return self.html()
