from __future__ import annotations

import pytest


@pytest.fixture
def as_persona(world, client_for):
    """``as_persona("bob")``: a client signed in as that person of the world;
    ``as_persona("anonymous")``: nobody signed in."""

    def make(name: str):
        return client_for(None if name == "anonymous" else getattr(world, name))

    return make
