"""Event coding: who did what to whom, in the steps the module names number (see `coder`)."""

from .coder import EventCoder

__all__ = ["EventCoder"]
