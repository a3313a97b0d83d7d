"""Offset paging as both generations do it, and the WS's navigation links.

Both answer `count` = the full count and `pageInformation {offset, size}` echoing the request.
The WS also links the neighbouring pages (`navigationLinks`, unless `navigationLink=false`) and
accepts the older `page`/`pageSize` pair; the Pure API caps `size` at 1000 on its GET lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import URL

T = TypeVar("T")

DEFAULT_SIZE = 10
API_MAX_SIZE = 1000


class BadPaging(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Window:
    offset: int
    size: int

    def slice(self, items: Sequence[T]) -> list[T]:
        return list(items[self.offset : self.offset + self.size])

    def page_information(self) -> dict[str, int]:
        return {"offset": self.offset, "size": self.size}


def window(
    size: int | None,
    offset: int | None,
    *,
    page: int | None = None,
    page_size: int | None = None,
    max_size: int | None = None,
) -> Window:
    if page is not None or page_size is not None:
        page_size = DEFAULT_SIZE if page_size is None else page_size
        size, offset = page_size, (max(page or 1, 1) - 1) * page_size
    size = DEFAULT_SIZE if size is None else size
    offset = 0 if offset is None else offset
    if size < 0 or offset < 0:
        raise BadPaging("size and offset must not be negative")
    if max_size is not None and size > max_size:
        raise BadPaging(f"size must be less than or equal to {max_size}")
    return Window(offset, size)


def navigation_links(url: URL, page: Window, count: int) -> list[dict[str, Any]]:
    """`prev`/`next` links to the neighbouring windows of the same query."""
    links = []
    if page.offset > 0 and page.size > 0:
        previous = max(page.offset - page.size, 0)
        links.append({"ref": "prev", "href": str(_with_window(url, previous, page.size))})
    if page.size > 0 and page.offset + page.size < count:
        links.append(
            {"ref": "next", "href": str(_with_window(url, page.offset + page.size, page.size))}
        )
    return links


def _with_window(url: URL, offset: int, size: int) -> URL:
    query = [
        (k, v)
        for k, v in parse_qsl(url.query, keep_blank_values=True)
        if k not in ("offset", "size", "page", "pageSize")
    ]
    return url.replace(query=urlencode([*query, ("size", str(size)), ("offset", str(offset))]))
