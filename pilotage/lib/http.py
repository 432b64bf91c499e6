from __future__ import annotations

from django.http import HttpRequest, QueryDict


def posted(request: HttpRequest) -> QueryDict | None:
    """The data a form is bound to: the POST, even an empty one (then every required
    field says it is missing), or None on GET (an unbound form)."""
    return request.POST if request.method == "POST" else None
