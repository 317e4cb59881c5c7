"""Figures of the course: each returns a Chart (a figure with alt text and a caption)."""
