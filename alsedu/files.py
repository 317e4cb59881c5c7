"""Reading YAML and JSON data files: the one reader behind case files and content files.

The reader never runs code (YAML goes through the safe loader) and holds every file to the
limits in ``limits.py``: size, nesting depth, YAML aliases and values. A key given twice in
one mapping is an error too, not a silent "last one wins". Each refusal is one
``Problem`` line, and comes at once: only ``max_file_bytes`` bytes are ever read; JSON depth
is counted on the text before parsing; YAML is checked on libyaml's node graph, without
recursion and following aliases for at most ``max_values`` values, before any value is
built, and a text that may hold more values than that is first counted on libyaml's event
stream, which stops at the first limit passed."""

from __future__ import annotations

import json
import re
from importlib.resources.abc import Traversable
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    ScalarEvent,
)
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode

from .errors import CaseError, InputError, Problem
from .limits import INPUT_LIMITS, input_limit

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster

_MERGE_TAG = "tag:yaml.org,2002:merge"
_JSON_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?')  # possessive: linear on any text
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STARTS_A_VALUE = ",:-?[{\n\r\x85\u2028\u2029"  # separators, indicators, line breaks


class _Refused(Exception):
    """A file beyond a limit or with a repeated key: where (``line N`` or empty) and why."""

    def __init__(self, where: str, message: str):
        super().__init__(message)
        self.where = where
        self.message = message


def _over(limit: str, what: str) -> str:
    return f"{what} (limit: {INPUT_LIMITS[limit]})"


def _line(item: Node | Event) -> str:
    return f"line {item.start_mark.line + 1}"


def _check_yaml(root: Node, track_aliases: bool) -> None:
    """Refuse a repeated key, or a graph too deep, too alias-heavy or too big once expanded.

    Walks the node graph without recursion, following aliases as a reader of the data would,
    so the walk stops once it has counted ``max_values`` values. A node met again outside a
    copy is one use of an alias (``track_aliases`` is false when the text has no anchor).
    """
    max_depth = input_limit("max_depth")
    max_values = input_limit("max_values")
    max_aliases = input_limit("max_aliases")
    seen: set[int] = set()
    aliases, values = 0, 1
    stack: list[tuple[CollectionNode, int, bool]] = []
    if isinstance(root, CollectionNode):
        stack.append((root, 1, False))
    while stack:
        node, depth, copy = stack.pop()
        if track_aliases and not copy:
            if id(node) in seen:
                aliases += 1
                if aliases > max_aliases:
                    raise _Refused("", _over("max_aliases", "too many aliases"))
                copy = True
            else:
                seen.add(id(node))
        if depth > max_depth:
            raise _Refused(_line(node), _over("max_depth", "nested too deep"))
        if isinstance(node, MappingNode):
            if not copy:
                _check_keys(node.value)
            children = [item for pair in node.value for item in pair]  # keys and values
        else:
            children = node.value
        values += len(children)
        if values > max_values:
            what = "too many values once aliases are expanded" if aliases else "too many values"
            raise _Refused("", _over("max_values", what))
        for child in children:
            if isinstance(child, CollectionNode):
                stack.append((child, depth + 1, copy))
            elif track_aliases and not copy:
                if id(child) in seen:
                    aliases += 1
                    if aliases > max_aliases:
                        raise _Refused("", _over("max_aliases", "too many aliases"))
                else:
                    seen.add(id(child))


def _check_keys(pairs: list[tuple[Node, Node]]) -> None:
    """Refuse a key given twice in one mapping, naming it and the line of its second use."""
    names = [key.value for key, _ in pairs if isinstance(key, ScalarNode)]
    if len(set(names)) == len(names):
        return
    keys: set[tuple[str, str]] = set()
    for key, _ in pairs:
        if isinstance(key, ScalarNode) and key.tag != _MERGE_TAG:
            if (key.tag, key.value) in keys:
                raise _Refused(_line(key), f"the key {key.value!r} appears twice")
            keys.add((key.tag, key.value))


def _most_values(text: str) -> int:
    """An upper bound on the values a YAML text holds (aliases not expanded): every value
    but the first starts after a separator, an indicator or a line break, each of which
    starts at most two (a flow mapping key alone is a key and a null value)."""
    return 2 * (1 + sum(map(text.count, _STARTS_A_VALUE)))


def _check_yaml_events(text: str) -> None:
    """Count values, aliases and depth on libyaml's event stream, stopping at the first
    limit passed. For texts that may hold too many values: building the node graph of a
    megabyte of one-character values would take seconds before ``_check_yaml`` could refuse
    it."""
    max_depth = input_limit("max_depth")
    max_values = input_limit("max_values")
    max_aliases = input_limit("max_aliases")
    loader = SAFE_LOADER(text)
    depth = values = aliases = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    raise _Refused(_line(event), _over("max_depth", "nested too deep"))
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
                continue
            elif isinstance(event, AliasEvent):
                aliases += 1
                if aliases > max_aliases:
                    raise _Refused("", _over("max_aliases", "too many aliases"))
            elif not isinstance(event, ScalarEvent):
                continue
            values += 1
            if values > max_values:
                raise _Refused("", _over("max_values", "too many values"))
    finally:
        loader.dispose()


def _load_yaml(text: str) -> Any:
    if _most_values(text) > input_limit("max_values"):
        _check_yaml_events(text)
    loader = SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_yaml(node, track_aliases="&" in text)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused("", f"the key {key!r} appears twice")
            seen.add(key)
    return data


def _load_json(text: str) -> Any:
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if brackets:
        deepest = max(accumulate(1 if c in "[{" else -1 for c in brackets))
        if deepest > input_limit("max_depth"):
            raise _Refused("", _over("max_depth", "nested too deep"))
    data = json.loads(text, object_pairs_hook=_json_object)
    max_values = input_limit("max_values")
    values, stack = 0, [data]
    while stack:
        value = stack.pop()
        values += 1
        if isinstance(value, dict):
            values += len(value)  # the keys
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        if values > max_values:
            raise _Refused("", _over("max_values", "too many values"))
    return data


def _not_a_plain_file(path: Path) -> str:
    """Why ``path`` is not read at all: a link out of its folder (its lines would be echoed
    in errors), or a pipe, device or folder (reading a pipe never ends). Empty when it is
    read; a missing file is left to the reader to name."""
    try:
        if path.is_symlink():
            target = path.resolve()
            if (
                target.parent != path.parent.resolve()
                and path.parent.resolve() not in target.parents
            ):
                return "a link to a file outside this folder: not read; copy the file in instead"
        if path.exists() and not path.is_file():
            kind = "a folder" if path.is_dir() else "not a plain file (a pipe or a device)"
            return f"cannot read the file: this is {kind}"
    except OSError as exc:
        return f"cannot read the file: {exc.strerror or exc}"
    return ""


def read_data_file(path: str | Path | Traversable, error: type[InputError] = CaseError) -> Any:
    """Parse a YAML or JSON file; missing, unreadable, malformed, empty or oversized files,
    and files with a repeated key, raise ``error`` with one line per problem."""
    if isinstance(path, str):
        path = Path(path)
    name = str(path)
    max_bytes = input_limit("max_file_bytes")
    if isinstance(path, Path) and (refusal := _not_a_plain_file(path)):
        raise error([Problem(name, "", refusal)])
    try:
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise error([Problem(name, "", _over("max_file_bytes", "the file is too big"))])
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise error([Problem(name, "", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error([Problem(name, "", f"cannot read the file: {exc}")]) from None
    if not text.strip():
        raise error([Problem(name, "", "the file is empty")])
    try:
        data = _load_json(text) if path.name.endswith(".json") else _load_yaml(text)
    except _Refused as exc:
        raise error([Problem(name, exc.where, exc.message)]) from None
    except RecursionError:  # only without libyaml: the pure-Python composer recurses
        raise error([Problem(name, "", _over("max_depth", "nested too deep"))]) from None
    except json.JSONDecodeError as exc:
        raise error([Problem(name, f"line {exc.lineno}", f"not valid JSON: {exc.msg}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        if "maximum nesting depth" in reason:  # libyaml's own ceiling, far above max_depth
            reason = _over("max_depth", "nested too deep")
            raise error([Problem(name, where, reason)]) from None
        raise error([Problem(name, where, f"not valid YAML: {reason}")]) from None
    if data is None:
        raise error([Problem(name, "", "the file is empty (it holds no data)")])
    return data
