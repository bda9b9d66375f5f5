"""Fails on the PR's code and passes once fix.patch is applied: it proves the planted issue.

Run with the task's files as the working directory; stdlib only; fails by a failed assert.
"""

raise AssertionError("write this witness")
