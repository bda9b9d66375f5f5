"""Passes on the PR's code: it proves the PR is correct.

Run with the task's files as the working directory; stdlib only; fails by a failed assert.
"""

raise AssertionError("write this witness")
