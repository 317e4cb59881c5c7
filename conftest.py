"""Every test run keeps its progress store in a fresh temporary folder, never the tester's own.

Set before any test or kernel starts: notebooks run by nbval, the labs and the study app of the
browser tier inherit ``ALSEDU_HOME`` from this process.
"""

import os
import tempfile

os.environ["ALSEDU_HOME"] = tempfile.mkdtemp(prefix="alsedu-test-home-")
