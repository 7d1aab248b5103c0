"""Turns the API's JSON into the generated dataclasses and back, following their type annotations."""
from __future__ import annotations

import dataclasses
import enum
import sys
import typing
from typing import Any


class Model:
    """Base of the generated API types: from_json reads what the server sends, to_json writes what it accepts."""

    @classmethod
    def from_json(cls, data: dict, strict: bool = False) -> Any:
        """With ``strict`` (input a person wrote), a key the type does not have is an error rather than ignored."""
        unknown = set(data) - {field.name.rstrip("_") for field in dataclasses.fields(cls)}
        if strict and unknown:
            raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
        hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
        values = {}
        for field in dataclasses.fields(cls):
            key = field.name.rstrip("_")
            if key in data:
                values[field.name] = decode(hints[field.name], data[key])
            elif field.default is dataclasses.MISSING:
                # The server leaves nulls out, even of fields the document lists as required (nullable ones).
                values[field.name] = None
        return cls(**values)

    def to_json(self) -> dict:
        return {
            field.name.rstrip("_"): encode(getattr(self, field.name))
            for field in dataclasses.fields(self)
            if getattr(self, field.name) is not None
        }


def decode(hint: Any, value: Any) -> Any:
    if value is None or hint is Any:
        return value
    origin = typing.get_origin(hint)
    if origin is typing.Union:
        return decode(next(arg for arg in typing.get_args(hint) if arg is not type(None)), value)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [decode(item, element) for element in value]
    if origin is dict:
        key, item = typing.get_args(hint)
        return {decode(key, k): decode(item, v) for k, v in value.items()}
    if isinstance(hint, type) and issubclass(hint, Model):
        return value if isinstance(value, hint) else hint.from_json(value)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if hint is int and isinstance(value, str):
        return int(value)
    return value


def encode(value: Any) -> Any:
    if isinstance(value, Model):
        return value.to_json()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {encode(k): encode(v) for k, v in value.items()}
    return value
