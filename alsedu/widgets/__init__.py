"""Interactive widgets of the course: thin ipywidgets shells over pure functions."""
