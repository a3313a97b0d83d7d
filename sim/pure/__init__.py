"""Simulated Elsevier Pure: Web Service 5.24 and the Pure API over one synthetic institution."""

from sim.pure.app import create_pure_app

__all__ = ["create_pure_app"]
