"""nbgrader settings for the alsedu course; the course root is this folder."""

from pathlib import Path

c = get_config()  # noqa: F821 (injected by Jupyter's config loader)
here = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "alsedu"
c.CourseDirectory.root = str(here)
# A course-local exchange so release/collect work without /srv (git-ignored).
c.Exchange.root = str(here / "exchange")
c.Execute.timeout = 120
c.ClearSolutions.code_stub = {"python": "# Type your answer here, replacing None.\nNone"}
c.ClearSolutions.text_stub = "Write your answer here."
# Feedback must never show hidden tests.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
]
