"""Writes sdk/gigkit_sdk/resources.py: the SDK's resource-style methods (`make sdk`).

Run after openapi-python-client has regenerated sdk/gigkit_client from openapi/openapi.json:

    python openapi/generate_sdk_resources.py           # write the module
    python openapi/generate_sdk_resources.py --check   # exit 1 if the committed one is stale

What it emits comes from two sources only, so it can never lag the API:

- **the spec** gives the operations (every path and method, in order), their tag, their
  operationId, path and summary;
- **the generated client** (`gigkit_client.api.<tag>.<operation_id>`) gives the Python types:
  the parameters of `_get_kwargs`, the fields of the body model (`attrs`), and what
  `_parse_response` answers (less `Problem`, which the SDK raises, and `None`).

Each operation becomes a method in two places:

- `gk.<tag>.<operation_id>(...)` for every operation (`gk.escrow.create_hold`,
  `gk.parties.create_worker`, `gk.work.clock_in`);
- `gk.<resource>.<verb>(...)` when the operationId is `<verb>_<noun>` and the noun names a
  collection of the path under /v1 (`list_workers` on /v1/workers is `gk.workers.list`,
  `release_hold` on /v1/escrow/holds/{hold_id}/release is `gk.holds.release`). Where a
  resource and a tag share a name (`payouts`), one namespace has both.

Path parameters are positional (`gk.payouts.get(payout_id)`); a JSON body's fields are
keyword arguments (`gk.escrow.create_hold(employer_id=..., amount=28000, currency="CNY")`),
as are query parameters; every POST takes `idempotency_key=` (made for you when left out). A
list operation (a `cursor` parameter, a page with `data`, `has_more`, `next_cursor`) yields
every item of every page. The async namespaces (`AsyncGigkit`) have the same methods.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import inspect
import json
import keyword
import re
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "openapi.json"
OUT = ROOT / "sdk" / "gigkit_sdk" / "resources.py"
METHODS = ("get", "post", "put", "patch", "delete")
PAGE_FIELDS = {"data", "has_more", "next_cursor"}
# Names the clients define themselves: a namespace may not hide them.
RESERVED = {
    "auth", "call", "call_result", "client", "close", "aclose", "download", "http",
    "async_http", "paginate", "apaginate", "acall", "transport", "async_transport", "core",
}  # fmt: skip
HINT = "sdk/gigkit_sdk/resources.py is stale: run `make sdk` and commit sdk/"

sys.path.insert(0, str(ROOT / "sdk"))

from gigkit_client import models as generated_models  # noqa: E402
from gigkit_client.types import File, Unset  # noqa: E402

MODELS = vars(generated_models)
# The Literal aliases of the generated models (`HoldCreateCurrency`), by value: a Literal is
# written by a name rather than spelt out (aliases with the same values are the same type).
LITERALS: dict[Any, list[str]] = {}
for _name, _value in sorted(MODELS.items()):
    if typing.get_origin(_value) is typing.Literal:
        LITERALS.setdefault(_value, []).append(_name)


@dataclasses.dataclass
class Param:
    name: str
    annotation: str
    default: str | None  # source text; None when required


@dataclasses.dataclass
class Operation:
    tag: str
    operation_id: str
    http_method: str
    path: str
    summary: str
    positional: list[Param]  # path parameters, in the path's order
    keywords: list[Param]  # body fields (flattened), then query parameters
    body_model: str | None  # `m.HoldCreate` when the body is flattened
    body_fields: list[str]
    body_param: Param | None  # `body=` when it is not flattened
    idempotent: bool  # takes idempotency_key
    returns: str
    item: str | None  # a list operation's item type


def render(hint: Any, prefer: str = "") -> str:
    """Source text for a type from the generated client (models as `m.Name`; a Literal by
    its alias, `prefer` when that is one of its names)."""
    if hint is type(None):
        return "None"
    if hint is Any:
        return "Any"
    if hint is Unset:
        return "Unset"
    if hint is File:
        return "File"
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        ordered = sorted(args, key=lambda a: a is type(None))  # None last, as ruff wants
        return " | ".join(render(a, prefer) for a in ordered)
    if origin is typing.Literal:
        names = LITERALS.get(hint, [])
        if names:
            return f"m.{prefer if prefer in names else names[0]}"
        return f"Literal[{', '.join(repr(a) for a in args)}]"
    if origin in (list, dict, tuple):
        # `builtins.list`: a namespace's `list` method must not shadow the type.
        return f"builtins.{origin.__name__}[{', '.join(render(a, prefer) for a in args)}]"
    if isinstance(hint, type):
        if hint.__module__ == "builtins":
            return hint.__name__
        if hint.__module__ == "datetime":
            return f"datetime.{hint.__name__}"
        if hint.__module__.startswith("gigkit_client.models.") and MODELS.get(hint.__name__):
            return f"m.{hint.__name__}"
    raise TypeError(f"the generator cannot write the type {hint!r}: teach render() about it")


def default_source(value: Any) -> str:
    if isinstance(value, Unset):
        return "UNSET"
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    raise TypeError(f"the generator cannot write the default {value!r}")


def identifier(text: str) -> str:
    name = re.sub(r"\W", "_", text).strip("_").lower()
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"{text!r} is not a usable Python name")
    return name


def read_operation(path: str, http_method: str, spec_op: dict[str, Any]) -> Operation:
    tag = identifier((spec_op.get("tags") or ["default"])[0])  # as openapi-python-client
    operation_id = identifier(spec_op["operationId"])
    module = importlib.import_module(f"gigkit_client.api.{tag}.{operation_id}")
    hints = typing.get_type_hints(module._get_kwargs, localns=MODELS)
    signature = inspect.signature(module._get_kwargs)
    path_names = [identifier(n) for n in re.findall(r"{(\w+)}", path)]

    def param(name: str) -> Param:
        default = signature.parameters[name].default
        text = None if default is inspect.Parameter.empty else default_source(default)
        return Param(name, render(hints[name], camel(operation_id + "_" + name)), text)

    names = [n for n in signature.parameters if n not in ("body", "idempotency_key")]
    positional = [param(n) for n in path_names]
    query = [param(n) for n in names if n not in path_names]
    body_model, body_fields, body_param, keywords = None, [], None, []
    if "body" in hints:
        model = next(
            (a for a in typing.get_args(hints["body"]) or (hints["body"],) if a is not Unset),
        )
        fields = _fields(model)
        taken = {*names, "idempotency_key", "self", "body"}
        if fields is not None and not taken & {f.name for f in fields}:
            body_model, body_fields, keywords = render(model), [f.name for f in fields], fields
        else:
            body_param = param("body")
    keywords += query

    answers = typing.get_type_hints(module._parse_response, localns=MODELS)["return"]
    kept = [a for a in typing.get_args(answers) if a not in (generated_models.Problem, type(None))]
    result: Any = typing.Union[tuple(kept)] if len(kept) > 1 else kept[0]  # noqa: UP007
    item = None
    if "cursor" in names and isinstance(result, type):
        page = typing.get_type_hints(result, localns=MODELS)
        if page.keys() >= PAGE_FIELDS:
            item = render(typing.get_args(page["data"])[0])
    summary = " ".join(str(spec_op.get("summary") or operation_id).split())
    return Operation(
        tag=tag,
        operation_id=operation_id,
        http_method=http_method.upper(),
        path=path,
        summary=summary,
        positional=positional,
        keywords=keywords,
        body_model=body_model,
        body_fields=body_fields,
        body_param=body_param,
        idempotent="idempotency_key" in signature.parameters,
        returns=render(result),
        item=item,
    )


def _fields(model: Any) -> list[Param] | None:
    """A JSON body model's fields as keyword arguments, required ones first."""
    import attrs

    if not (isinstance(model, type) and attrs.has(model)):
        return None
    hints = typing.get_type_hints(model, localns=MODELS)
    params = []
    for field in attrs.fields(model):
        if field.name == "additional_properties":
            continue
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            return None
        default = None if field.default is attrs.NOTHING else default_source(field.default)
        prefer = model.__name__ + camel(field.name)
        params.append(Param(field.name, render(hints[field.name], prefer), default))
    return sorted(params, key=lambda p: p.default is not None)


def resource_of(op: Operation) -> tuple[str, str] | None:
    """(`workers`, `list`) for `list_workers` on /v1/workers; None when the name says
    nothing about the path (`clock_in` on /v1/shifts/{shift_id}/clock-in)."""
    if not op.path.startswith("/v1/") or "_" not in op.operation_id:
        return None
    verb, noun = op.operation_id.split("_", 1)
    segments = [s.replace("-", "_") for s in op.path.split("/")[2:]]
    runs: list[list[str]] = [[]]
    for segment in segments:
        if segment.startswith("{"):
            runs.append([])
        else:
            runs[-1].append(segment)
    candidates = [s for run in runs for s in run]
    candidates += ["_".join(run[i : i + 2]) for run in runs for i in range(len(run) - 1)]
    for collection in candidates:
        # A collection is plural (`holds`), or the path's only object (`/v1/tenant`); an
        # action (`/v1/shifts/{shift_id}/no-show`) is neither.
        plural = collection.endswith("s") or len(runs) == 1
        if plural and noun in (collection, _singular(collection)):
            return collection, verb
    return None


def _singular(plural: str) -> str:
    if plural.endswith("ies"):
        return plural[:-3] + "y"
    return plural[:-1] if plural.endswith("s") else plural


def namespaces(operations: list[Operation]) -> dict[str, dict[str, Operation]]:
    """Namespace name -> method name -> operation."""
    spaces: dict[str, dict[str, Operation]] = {}
    for op in operations:
        spaces.setdefault(op.tag, {})[op.operation_id] = op
    aliases: dict[tuple[str, str], list[Operation]] = {}
    for op in operations:
        found = resource_of(op)
        if found:
            aliases.setdefault(found, []).append(op)
    for (space, verb), ops in aliases.items():
        methods = spaces.setdefault(space, {})
        if len(ops) == 1 and verb not in methods:  # an ambiguous verb gets no alias
            methods[verb] = ops[0]
    for name in spaces:
        if name in RESERVED or not name.isidentifier():
            raise ValueError(f"the namespace {name!r} would hide the client's own attribute")
    return {name: spaces[name] for name in sorted(spaces)}


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def method_source(name: str, op: Operation, *, is_async: bool) -> str:
    params = ["self"]
    params += [f"{p.name}: {p.annotation}" for p in op.positional if p.default is None]
    params += [f"{p.name}: {p.annotation} = {p.default}" for p in op.positional if p.default]
    keywords = [p for p in op.keywords if not (op.item and p.name in ("cursor", "limit"))]
    if op.body_param:
        keywords.insert(0, op.body_param)
    extra = []
    if op.idempotent:
        extra.append("idempotency_key: str | None = None")
    if op.item:
        extra.append("limit: int = 100")
    named = [
        f"{p.name}: {p.annotation}" + ("" if p.default is None else f" = {p.default}")
        for p in keywords
    ] + extra
    if named:
        params += ["*", *named]
    arguments = [f"{p.name}={p.name}" for p in op.positional]
    if op.body_model:
        fields = ", ".join(f"{f}={f}" for f in op.body_fields)
        arguments.append(f"body={op.body_model}({fields})")
    arguments += [f"{p.name}={p.name}" for p in keywords if p.name not in op.body_fields]
    if op.idempotent:
        arguments.append("idempotency_key=idempotency_key")
    if op.item:
        arguments.append("limit=limit")
    call = ", ".join([alias(op), *arguments])
    doc = f'"""{op.summary}: `{op.http_method} {op.path}`'
    if op.item:
        doc += ", every item of every page (`limit` per page)"
        iterator = "AsyncIterator" if is_async else "Iterator"
        method = "apaginate" if is_async else "paginate"
        head = f"def {name}({', '.join(params)}) -> {iterator}[{op.item}]:"
        body = f"return self._core.{method}({call})"
    else:
        head = f"{'async ' if is_async else ''}def {name}({', '.join(params)}) -> {op.returns}:"
        body = f"{'await self._core.acall' if is_async else 'self._core.call'}({call})"
        # mypy cannot infer a union of answers through `Operation[T]`: say it.
        body = f'return cast("{op.returns}", {body})' if " | " in op.returns else f"return {body}"
    return f'    {head}\n        {doc}."""\n        {body}\n'


def module_source(operations: list[Operation]) -> str:
    spaces = namespaces(operations)
    body: list[str] = []
    for is_async in (False, True):
        prefix = "Async" if is_async else ""
        for space, methods in spaces.items():
            body += [
                "",
                f"class {prefix}{camel(space)}:",
                f'    """`{"a" if is_async else ""}gk.{space}`."""',
                "",
                "    def __init__(self, core: Core) -> None:",
                "        self._core = core",
                "",
            ]
            body += [method_source(n, methods[n], is_async=is_async) for n in sorted(methods)]
        body += [
            "",
            f"class {prefix}Resources:",
            f'    """The namespaces of `{prefix}Gigkit`."""',
            "",
        ]
        body += [f"    {space}: {prefix}{camel(space)}" for space in spaces]
        body += ["", "    def _attach(self, core: Core) -> None:"]
        body += [f"        self.{space} = {prefix}{camel(space)}(core)" for space in spaces]
        body.append("")
    text = "\n".join(body)
    used = lambda pattern: re.search(pattern, text) is not None  # noqa: E731
    typing_names = [n for n in ("Any", "Literal", "cast") if used(rf"\b{n}\b")]
    type_names = [n for n in ("UNSET", "File", "Unset") if used(rf"\b{n}\b")]
    lines = [
        '"""Resource-style methods for `Gigkit` and `AsyncGigkit`, one per operation of the API.',
        "",
        "GENERATED by openapi/generate_sdk_resources.py from openapi/openapi.json and the",
        "generated client (`make sdk`): do not edit; the test suite fails when it is stale.",
        '"""',
        "",
        "# ruff: noqa: E501",
        "from __future__ import annotations",
        "",
    ]
    lines += ["import builtins"] if used(r"\bbuiltins\.") else []
    lines += ["import datetime"] if used(r"\bdatetime\.") else []
    lines.append("from collections.abc import AsyncIterator, Iterator")
    lines += [f"from typing import {', '.join(typing_names)}"] if typing_names else []
    lines += ["", "from gigkit_client import models as m"]
    for op in sorted(operations, key=alias):
        lines.append(f"from gigkit_client.api.{op.tag} import {op.operation_id} as {alias(op)}")
    lines += [f"from gigkit_client.types import {', '.join(type_names)}"] if type_names else []
    lines += ["", "from gigkit_sdk.core import Core", ""]
    lines += [f"__all__ = {['AsyncResources', 'Resources']!r}", ""]
    return "\n".join(lines) + text


def alias(op: Operation) -> str:
    return f"_{op.tag}__{op.operation_id}"


def operations_of(spec: dict[str, Any]) -> list[Operation]:
    return [
        read_operation(path, method, item[method])
        for path, item in spec["paths"].items()
        for method in METHODS
        if method in item
    ]


def formatted(source: str) -> str:
    """The module as the repository's ruff formats it (its pyproject.toml)."""
    ruff = Path(sys.executable).parent / "ruff"
    out = subprocess.run(  # noqa: S603 (the venv's ruff)
        [str(ruff), "format", "--stdin-filename", str(OUT), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return out.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="fail if the module is stale")
    args = parser.parse_args(argv)
    source = formatted(module_source(operations_of(json.loads(SPEC.read_text()))))
    if args.check:
        if not OUT.exists() or OUT.read_text() != source:
            print(HINT, file=sys.stderr)
            return 1
        return 0
    OUT.write_text(source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
