"""What memo templates see: the Advice and its view as plain, read-only data.

A template, built-in or house, never receives a model instance: a pydantic
model's methods are callable from Jinja (``parse_raw`` unpickles,
``parse_file`` reads any file), and so is anything else an object carries.
:func:`plain` copies the Advice and the memo's view once, before rendering,
into a small set of types that carry data and nothing else:

* :class:`Record`: a model or dataclass as a read-only ``dict`` of its
  fields and properties, also readable as attributes (``advice.tco``);
* :class:`FrozenList`: a list or tuple as a read-only ``list``;
* strings, numbers, booleans, ``None`` and dates as they are.

Any other type is refused with :class:`TypeError`, so a new field of an
unforeseen type fails loudly in the tests instead of reaching a template.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from typing import Any, NoReturn

from pydantic import BaseModel

SCALARS = (str, int, float, bool, type(None), dt.date, dt.time, dt.timedelta)


def _read_only(self: Any, *args: Any, **kwargs: Any) -> NoReturn:
    raise TypeError("memo data is read-only")


class Record(dict[str, Any]):
    """A model's or dataclass's fields (and properties) as a read-only mapping.

    Fields read as keys or as attributes; a field never hides a ``dict``
    method of the same name (the converter refuses such names).
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        """Read field ``name`` (Jinja's ``record.name``)."""
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    __setitem__ = __delitem__ = __setattr__ = __delattr__ = _read_only
    clear = pop = popitem = setdefault = update = __ior__ = _read_only


class FrozenList(list[Any]):
    """A read-only list (prints, compares and serialises as a list)."""

    __slots__ = ()

    __setitem__ = __delitem__ = __iadd__ = __imul__ = _read_only
    append = extend = insert = pop = remove = clear = sort = reverse = _read_only


_DICT_NAMES = frozenset(dir(dict))
_BASES = frozenset(BaseModel.__mro__)


def _properties(cls: type) -> list[str]:
    """Names of the public properties ``cls`` and its bases define, in definition order."""
    names: dict[str, None] = {}
    for klass in reversed(cls.__mro__):
        if klass in _BASES:
            continue  # pydantic's own properties (model_extra...) are not memo data
        for name, attr in vars(klass).items():
            if isinstance(attr, property) and not name.startswith("_"):
                names[name] = None
    return list(names)


def _record(obj: Any, fields: list[str]) -> Record:
    names = [*fields, *(p for p in _properties(type(obj)) if p not in fields)]
    clash = _DICT_NAMES.intersection(names)
    if clash:
        raise TypeError(f"{type(obj).__name__} has fields named like dict methods: {sorted(clash)}")
    data = {name: plain(getattr(obj, name)) for name in names}
    return Record(data)


def plain(obj: Any) -> Any:
    """Return ``obj`` as plain, read-only data (see the module's docstring).

    Raises:
        TypeError: ``obj`` holds a value of a type with no plain form.

    """
    if isinstance(obj, enum.Enum):
        return plain(obj.value)
    if isinstance(obj, SCALARS):
        # A str subclass (Markup) stays as it is: its methods only make strings.
        return obj
    if isinstance(obj, BaseModel):
        return _record(obj, list(type(obj).model_fields))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _record(obj, [f.name for f in dataclasses.fields(obj)])
    if isinstance(obj, dict):
        return Record({_key(k): plain(v) for k, v in obj.items()})
    if isinstance(obj, (list, tuple)):
        return FrozenList(plain(v) for v in obj)
    raise TypeError(f"no plain form for {type(obj).__name__} in memo data")


def _key(key: Any) -> Any:
    if isinstance(key, (str, int, float, bool)) or key is None:
        return key
    raise TypeError(f"no plain form for a {type(key).__name__} key in memo data")
