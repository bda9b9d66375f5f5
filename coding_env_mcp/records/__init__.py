"""The durable episode record (`sqlite`) and its export format (`trajectories`).

The env core talks to a record only through `core.recorder.EpisodeRecorder`; this package implements it.
"""
