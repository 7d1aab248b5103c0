#!/usr/bin/env python3
"""Snakemake's cluster hooks on Pilot, by the name it is called as: pilot-submit, pilot-status, pilot-cancel (links to this file).

The work is in clients/python/pilot_client/snakemake.py.
"""
import os
import sys

HOOK = os.path.basename(sys.argv[0]).removeprefix("pilot-")
# Snakemake kills a cancel hook after two seconds, which a busy node's Python can spend starting up: answer at once
# and cancel from a child that outlives the hook.
if HOOK == "cancel" and os.fork() != 0:
    sys.exit(0)

try:
    import pilot_client.snakemake as hooks
except ImportError:
    # Not installed with pip: use the client next to this profile in the Pilot repository.
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", "..", "clients", "python"))
    import pilot_client.snakemake as hooks

hooks.main(HOOK)
