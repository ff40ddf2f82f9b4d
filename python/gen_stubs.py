"""Write the type stubs of the `entente` package (`entente/__init__.pyi`) from the JSON Schema of
every question's query, so that editors and notebooks complete each question's keyword
arguments. Run after a change to a Query: `python python/gen_stubs.py`; the tests check that
the committed stubs are fresh."""

import json
import pathlib
import sys

OUT = pathlib.Path(__file__).resolve().parents[1] / "crates" / "entente-py" / "python" / "entente" / "__init__.pyi"

HEAD = '''"""Type stubs of the entente package, written by python/gen_stubs.py from the JSON Schema of
every question's query (do not edit by hand)."""

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union

__version__: str

class ScenarioError(Exception):
    code: str
    kind: str
    hint: Optional[str]
    exit_code: int
    diagnostics: List[Dict[str, Any]]

class Answer(Dict[str, Any]):
    def rows(self, path: Optional[str] = ...) -> List[Dict[str, Any]]: ...

def rows(answer: Any, path: Optional[str] = ...) -> List[Dict[str, Any]]: ...
def questions() -> List[str]: ...
def schemas() -> Dict[str, Any]: ...
def load(*paths: str) -> Scenario: ...
def loads(files: Mapping[str, str]) -> Scenario: ...
def query(question: str, **fields: Any) -> Dict[str, Any]: ...
def sweep(
    query: Mapping[str, Any],
    shards: int = ...,
    backend: str = ...,
    *,
    question: Optional[str] = ...,
    scenario: Optional[Scenario] = ...,
) -> Answer: ...

class Scenario:
    @property
    def warnings(self) -> List[str]: ...
    def ask(self, question: str, **query: Any) -> Answer: ...
    def shard(self, question: str, shard: str, **query: Any) -> str: ...
    def merge(self, shards: Iterable[Union[str, Sequence[str]]]) -> Answer: ...
    def sweep(self, question: str, shards: int = ..., backend: str = ..., **query: Any) -> Answer: ...
'''

SIMPLE = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def py_type(schema):
    if "type" in schema:
        t = schema["type"]
        if isinstance(t, list):
            inner = [py_type({"type": x}) for x in t if x != "null"]
            base = inner[0] if len(inner) == 1 else "Any"
            return f"Optional[{base}]" if "null" in t else base
        if t == "array":
            items = schema.get("items")
            return f"List[{py_type(items)}]" if isinstance(items, dict) else "List[Any]"
        if t == "object":
            return "Dict[str, Any]"
        return SIMPLE.get(t, "Any")
    return "Any"


def method(name, schema):
    props = schema.get("properties", {})
    params = []
    for field, s in props.items():
        params.append(f"{field}: {py_type(s)} = ...")
    params.append("architecture: Optional[str] = ...")
    doc = (schema.get("description") or "").strip().replace('"""', "'")
    sig = ", ".join(["self", "*"] + params)
    lines = [f"    def {name}({sig}) -> Answer:"]
    lines.append(f'        """{doc}"""' if doc else "        ...")
    if doc:
        lines.append("        ...")
    return "\n".join(lines)


def stubs(schemas):
    out = [HEAD]
    for name in ["check", "show", "decide", "power", "obligations", "coverage", "replay",
                 "negotiate", "forecast", "validate", "compare", "report", "list", "deter"]:
        if name in schemas:
            out.append(method(name, schemas[name]["query"]))
        elif name == "deter":
            out.append("    def deter(self, **query: Any) -> Answer: ...")
    return "\n".join(out) + "\n"


def main():
    import entente

    text = stubs(entente.schemas())
    if "--check" in sys.argv:
        return 0 if OUT.read_text() == text else 1
    OUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
