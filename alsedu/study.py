"""The study app: the course's practice as Voilà pages, for a learner studying alone.

Pages, built with nbformat from the bank like :mod:`alsedu.notebooks` (stable cell ids, no
outputs, each code cell one call into :mod:`alsedu.course`):

``00-welcome.ipynb``
    What the app is, how to study, a link to every page, and where answers are kept.
one page per module
    Named as the module's notebook (``01-signs-and-symptoms.ipynb``) so relative links work
    in the lab and in the app: title and intro, the module's client stories, its practice,
    its review, then links to the dashboard and the next page.
``review.ipynb``, ``dashboard.ipynb``
    Every question due for review; answers recorded and mastery per module.

:func:`serve` writes the pages into a folder of their own (so Voilà's list of files shows
nothing else) and runs Voilà on 127.0.0.1 only with the package's own template
(``alsedu/voila/templates/alsedu``, so it works from an installed wheel), which fetches
nothing from the internet: sources stripped, so a learner sees text and widgets,
never code or a kernel menu. Practice answers go to the progress store in
``$ALSEDU_HOME``, which Voilà and its kernels inherit untouched.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import webbrowser
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell

from .bank import Bank, load_bank
from .errors import InputError, Problem
from .lesson import TermMarker, glossary
from .notebooks import SETUP, _code, _notebook
from .schema import Module

WELCOME, REVIEW, DASHBOARD = "00-welcome.ipynb", "review.ipynb", "dashboard.ipynb"
HOST = "127.0.0.1"
#: Voilà's usual port (the course's lab uses 8888, so both can run at once).
DEFAULT_PORT = 8866
#: Seconds Voilà gets to take connections before its address is printed (a cold start imports
#: Jupyter in a few seconds), and to shut its kernels down after Ctrl-C before it is killed.
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 15
#: A Jupyter data folder holding the app's Voilà template, ``voila/templates/alsedu``: the lab
#: template without its CDN stylesheets, the text in a readable column.
JUPYTER_DATA = Path(__file__).resolve().parent
#: Served to this computer only, on the port asked for or not at all (the printed address must
#: be right); no code; the light theme and the app's template, neither changeable from the
#: address bar.
VOILA_OPTIONS = (
    f"--Voila.ip={HOST}",
    "--Voila.port_retries=0",
    "--no-browser",
    "--strip_sources=True",
    "--theme=light",
    "--template=alsedu",
    "--VoilaConfiguration.allow_theme_override=NO",
    "--VoilaConfiguration.allow_template_override=NO",
)


def _title(nb: NotebookNode, title: str) -> NotebookNode:
    """The page's title, as the browser tab and Voilà's loading message show it."""
    nb.metadata["title"] = f"{title} · alsedu study"
    return nb


def _links(*pages: tuple[str, str]) -> str:
    return " · ".join(f"[{text}]({file})" for text, file in pages)


def _pages_list(bank: Bank) -> str:
    lines = [f"- [{m.title}]({m.file}): {_first_sentence(m.intro)}" for m in bank.modules.values()]
    lines.append(f"- [Review what is due]({REVIEW}): the questions to answer again today.")
    lines.append(f"- [Your dashboard]({DASHBOARD}): your answers so far, module by module.")
    return "\n".join(lines)


def _first_sentence(text: str) -> str:
    return " ".join(text.split()).split(". ")[0].rstrip(".") + "."


def welcome_page(bank: Bank) -> NotebookNode:
    """What the app is, how to study with it, every page, and where the answers stay."""
    text = [
        "# Study on your own\n\n"
        "These pages are the course's practice, ready to use: each module's client stories "
        "and practice questions, a review of what is due, and a dashboard of your progress. "
        "There is nothing to run and no code to read: open a page, read, and click.",
        "## How to study\n\n"
        "1. **Practise a module.** Open a module below, read its client stories, answer its "
        "practice questions and choose **Check**. The feedback always starts in words: "
        "**Correct**, **Not quite** or **Not yet**, then why, with the sources.\n"
        "2. **Review what is due.** Every answer you check decides when that question comes "
        "back: soon if it was hard, later if it was easy. The review page shows what is due "
        "today. A few minutes on most days help more than one long evening.\n"
        "3. **Watch the dashboard.** It counts your answers and shows how well you know each "
        "module, so you can see where to practise next.\n"
        "4. **Earn your record of study.** When every section on the dashboard reaches the "
        '80% bar, type `alsedu progress --certificate "Your Name"` in a terminal: it writes '
        "a one-page PDF of what you studied (a record of self-study, not a licence).\n\n"
        "Away from the computer? `alsedu deck --out alsedu.apkg` gives you every practice "
        "question as a deck for the flashcard app Anki.",
        "## The pages\n\n" + _pages_list(bank),
        "## Your answers stay on this computer\n\n"
        "Your answers are stored only on this computer, in one file in your alsedu folder. "
        "Nothing is sent anywhere: there is no account and no upload, and these pages are "
        "served to this computer alone (their address starts with 127.0.0.1).\n\n"
        "To keep a copy of your answers or to start again, type one of these in a terminal:\n\n"
        "- `alsedu progress --export FILE` saves every answer you have given into FILE;\n"
        "- `alsedu progress --reset` clears your answers (it asks first and keeps a backup), "
        "so the review and the dashboard start from nothing.",
    ]
    ids = ("welcome-intro", "welcome-how", "welcome-pages", "welcome-privacy")
    cells = [new_markdown_cell(t, id=f"study-{i}") for t, i in zip(text, ids, strict=True)]
    return _title(_notebook(cells), "Study on your own")


def module_page(bank: Bank, module: Module, next_page: tuple[str, str]) -> NotebookNode:
    """A module's client stories, practice and review, then the way on."""
    marker = TermMarker(bank)
    prefix = f"study-m{module.file[:2]}"
    intro = marker.mark(" ".join(module.intro.split()))
    home = _links(("All pages", WELCOME), ("Your dashboard", DASHBOARD))
    cells = [
        new_markdown_cell(f"# {module.title}\n\n{intro}\n\n{home}", id=f"{prefix}-intro"),
        _code(SETUP, f"{prefix}-setup"),
        new_markdown_cell(
            "## Meet the clients\n\nRead each client's story, decide what you would do, then "
            "compare your decision with the plan and the reasons behind it.",
            id=f"{prefix}-scenarios",
        ),
        *(_code(f'course.scenario("{c}")', f"{prefix}-scenario-{c}") for c in module.scenarios),
        new_markdown_cell(
            "## Practise\n\nAnswer, then choose **Check**. A hint is there if you want one; the "
            "feedback explains every option, with its sources. Every answer you check is kept "
            "on this computer for your review and your dashboard.",
            id=f"{prefix}-practice-intro",
        ),
        _code(f'course.practice("{module.id}", source="app")', f"{prefix}-practice"),
        new_markdown_cell(
            "## Review what is due\n\nQuestions from this module that you have answered before "
            "come back here when it is time to answer them again.",
            id=f"{prefix}-review-intro",
        ),
        _code(f'course.review("{module.id}")', f"{prefix}-review"),
        new_markdown_cell(
            "## Next\n\n"
            + _links(next_page, ("Your dashboard", DASHBOARD), ("All pages", WELCOME)),
            id=f"{prefix}-next",
        ),
    ]
    if marker.used:
        cells.append(new_markdown_cell(glossary(bank, marker.used), id=f"{prefix}-glossary"))
    return _title(_notebook(cells), module.title)


def review_page() -> NotebookNode:
    """Every question due for review, across the modules."""
    cells = [
        new_markdown_cell(
            "# Review what is due\n\n"
            "Each question you have answered comes back just before you would forget it: one "
            "you found hard comes back soon, one you know well waits longer. Answer the "
            "questions below as in practice; each answer decides when that question comes "
            "back.\n\n" + _links(("All pages", WELCOME), ("Your dashboard", DASHBOARD)),
            id="study-review-intro",
        ),
        _code(SETUP, "study-review-setup"),
        _code("course.review()", "study-review"),
    ]
    return _title(_notebook(cells), "Review what is due")


def dashboard_page() -> NotebookNode:
    """How many answers are recorded, and how well each module is known."""
    cells = [
        new_markdown_cell(
            "# Your dashboard\n\n"
            "What you have practised so far, module by module, from the answers you have "
            "checked on this computer. Choose **Refresh** to count the answers you have given "
            "since you opened this page.\n\n"
            + _links(("All pages", WELCOME), ("Review what is due", REVIEW)),
            id="study-dashboard-intro",
        ),
        _code(SETUP, "study-dashboard-setup"),
        _code("course.dashboard()", "study-dashboard"),
    ]
    return _title(_notebook(cells), "Your dashboard")


def study_pages(bank: Bank | None = None) -> dict[str, NotebookNode]:
    """Every page of the study app by file name: the welcome, the modules, review, dashboard."""
    bank = bank or load_bank()
    modules = list(bank.modules.values())
    after = [(m.title, m.file) for m in modules[1:]] + [("Review what is due", REVIEW)]
    pages = {WELCOME: welcome_page(bank)}
    pages |= {
        m.file: module_page(bank, m, next_page) for m, next_page in zip(modules, after, strict=True)
    }
    pages |= {REVIEW: review_page(), DASHBOARD: dashboard_page()}
    return pages


def write_study_pages(folder: Path, bank: Bank | None = None) -> list[Path]:
    """Write every page into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, nb in study_pages(bank).items():
        path = folder / name
        path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        written.append(path)
    return written


def welcome_url(port: int) -> str:
    """Where the app starts."""
    return f"http://{HOST}:{port}/voila/render/{WELCOME}"


def voila_command(folder: Path, port: int) -> list[str]:
    """The command that serves ``folder`` with Voilà, as :func:`serve` runs it."""
    return [sys.executable, "-m", "voila", str(folder), f"--port={port}", *VOILA_OPTIONS]


def voila_env() -> dict[str, str]:
    """This process's environment (``ALSEDU_HOME`` untouched) with the app's template found."""
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(
        filter(None, [str(JUPYTER_DATA), env.get("JUPYTER_PATH")])
    )
    return env


def _only_pages(folder: Path) -> None:
    """Refuse a folder holding anything but the pages: Voilà would list it beside them."""
    pages = set(study_pages())
    others = sorted(p.name for p in folder.iterdir() if p.name not in pages)
    if others:
        problem = f"holds more than the study pages: {', '.join(others)}; choose an empty folder"
        raise InputError([Problem(str(folder), "", problem)])


def _port_taken(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Voilà binds
        try:
            probe.bind((HOST, port))
        except OSError:
            return True
    return False


def _answers(port: int, proc: subprocess.Popen) -> bool:
    """Wait until Voilà takes connections; False if it stopped (it says why) or never did."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.3)
    return False


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _run(folder: Path, port: int, open_browser: bool) -> int:
    write_study_pages(folder)
    proc = subprocess.Popen(voila_command(folder, port), env=voila_env())
    # A plain `kill` stops the app as Ctrl-C does, never leaving Voilà behind.
    terminate = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if _answers(port, proc):
            print(f"The study app is at {welcome_url(port)} (Ctrl-C stops it).", flush=True)
            if open_browser:
                webbrowser.open(welcome_url(port))
        return proc.wait()
    except KeyboardInterrupt:
        # A second Ctrl-C while Voilà shuts its kernels down, or just after, would leave a
        # traceback: the app is stopping, so Ctrl-C is ignored from here on (the deadline
        # below still bounds the wait).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("Stopping the study app...", flush=True)
        if proc.poll() is None:
            proc.terminate()  # Voilà stops on SIGTERM as on Ctrl-C, shutting its kernels down
        try:
            proc.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        print("The study app has stopped.")
        return 0
    finally:
        signal.signal(signal.SIGTERM, terminate)


def serve(port: int = DEFAULT_PORT, folder: Path | None = None, open_browser: bool = False) -> int:
    """Write the pages into ``folder`` (default: a fresh temporary one) and serve them with
    Voilà on 127.0.0.1 until Ctrl-C (or SIGTERM); return Voilà's exit code, 0 when stopped.

    Call it from the main thread (it handles SIGTERM). A port already in use, or a folder
    holding other files, is refused with :class:`~alsedu.errors.InputError` before Voilà runs.
    """
    if folder is not None and folder.exists():
        _only_pages(folder)
    if _port_taken(port):
        problem = f"port {port} is in use on this computer; choose another, e.g. --port {port + 1}"
        raise InputError([Problem("", "--port", problem)])
    if folder is not None:
        return _run(folder, port, open_browser)
    with tempfile.TemporaryDirectory(prefix="alsedu-study-") as tmp:
        return _run(Path(tmp), port, open_browser)


__all__ = [
    "DEFAULT_PORT",
    "serve",
    "study_pages",
    "voila_command",
    "voila_env",
    "welcome_url",
    "write_study_pages",
]
