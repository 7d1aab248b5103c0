#!/usr/bin/env python3
"""Snakemake's cluster hooks on Pilot, by the name it is called as: pilot-submit, pilot-status (links to this file), or
as PILOT_HOOK names it (pilot-cancel, which starts it in the background).

The work is in clients/python/pilot_client/snakemake.py.
"""
import os
import sys

HOOK = os.environ.get("PILOT_HOOK") or os.path.basename(sys.argv[0]).removeprefix("pilot-")

try:
    import pilot_client.snakemake as hooks
except ImportError:
    # Not installed with pip: use the client next to this profile in the Pilot repository.
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", "..", "clients", "python"))
    import pilot_client.snakemake as hooks

hooks.main(HOOK)
