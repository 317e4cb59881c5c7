"""A figure with its text alternative and caption, shown as an accessible HTML ``<figure>``."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape
from io import BytesIO

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

PNG_DPI = 100  # dots per inch: sharp enough at notebook width, small enough to keep files light
PAD_IN = 0.1  # inches of blank kept round what is drawn
#: zlib level 1 of 9: a fraction of the default's time, for a PNG some 10% larger.
PNG_COMPRESS_LEVEL = 1


@dataclass(frozen=True)
class Chart:
    """A matplotlib figure, the sentence a screen reader reads instead, and a visible caption.

    ``fits_canvas``: everything drawn lies on the figure's canvas, so the PNG is drawn once and
    its blank margins cut off, instead of matplotlib's tight box, which draws the figure twice.
    """

    figure: Figure
    alt: str
    caption: str
    fits_canvas: bool = False

    def png(self, dpi: int = PNG_DPI) -> bytes:
        """The figure as PNG bytes, trimmed to what is drawn."""
        buffer = BytesIO()
        if not self.fits_canvas:
            self.figure.savefig(
                buffer, format="png", dpi=dpi, bbox_inches="tight", pad_inches=PAD_IN
            )
            return buffer.getvalue()
        return _png(_trim(_draw(self.figure, dpi), round(PAD_IN * dpi)), dpi)

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


def _draw(figure: Figure, dpi: float) -> np.ndarray:
    """The whole canvas drawn once at ``dpi``: RGBA pixels, top row first (a view, not a copy)."""
    canvas = FigureCanvasAgg(figure)
    shown = figure.dpi
    figure.dpi = dpi  # as ``savefig`` does, for one drawing
    try:
        canvas.draw()
    finally:
        figure.dpi = shown
    return np.asarray(canvas.buffer_rgba())


def _trim(pixels: np.ndarray, pad: int) -> np.ndarray:
    """The pixels without the margins of the corner's colour, keeping ``pad`` pixels of it."""
    packed = pixels.view(np.uint32)[..., 0]
    drawn = packed != packed[0, 0]
    rows, columns = np.flatnonzero(drawn.any(axis=1)), np.flatnonzero(drawn.any(axis=0))
    if not rows.size:
        return pixels
    top, bottom = max(rows[0] - pad, 0), rows[-1] + pad + 1
    left, right = max(columns[0] - pad, 0), columns[-1] + pad + 1
    return pixels[top:bottom, left:right]


def _png(pixels: np.ndarray, dpi: float) -> bytes:
    """RGBA pixels as a PNG (RGB when opaque), written by Pillow with light compression."""
    opaque = bool((pixels[..., 3] == 255).all())  # RGB: a quarter less to pack
    image = Image.fromarray(np.ascontiguousarray(pixels[..., :3] if opaque else pixels))
    buffer = BytesIO()
    image.save(buffer, format="PNG", compress_level=PNG_COMPRESS_LEVEL, dpi=(dpi, dpi))
    return buffer.getvalue()
