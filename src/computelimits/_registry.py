"""A tiny named registry used for functional forms, estimators, cost models, simulation models."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from .errors import UnknownNameError

T = TypeVar("T")

__all__ = ["Registry"]


class Registry(Generic[T]):
    """Map names to variants; unknown names raise :class:`UnknownNameError` with candidates.

    Examples
    --------
    >>> forms = Registry("functional form")
    >>> @forms.register("polynomial")
    ... class Polynomial: ...
    >>> forms.get("polynomial").__name__
    'Polynomial'
    """

    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, T] = {}

    def register(self, name: str) -> Callable[[T], T]:
        def deco(obj: T) -> T:
            self.add(name, obj)
            return obj

        return deco

    def add(self, name: str, obj: T) -> None:
        key = name.lower()
        if key in self._items:
            raise ValueError(f"{self.kind} '{name}' registered twice")
        self._items[key] = obj

    def get(self, name: str) -> T:
        key = str(name).lower()
        try:
            return self._items[key]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(key, list(self._items), n=5, cutoff=0.4)
            raise UnknownNameError(self.kind, str(name), close or sorted(self._items)) from None

    def names(self) -> list[str]:
        return list(self._items)

    def __contains__(self, name: object) -> bool:
        return str(name).lower() in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)
