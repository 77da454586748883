#!/usr/bin/env python3
"""Checks that each workspace crate declares a rust-version no older than
what its dependencies declare (every feature on), from `cargo metadata` on
standard input. A test-only crate counts its dev-dependencies too.

    cargo metadata --format-version 1 --all-features | python3 .ci/msrv.py
"""
import json
import sys


def version(text):
    """`1.89` and `1.89.0` alike."""
    parts = [int(part) for part in text.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def main():
    meta = json.load(sys.stdin)
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}

    def closure(root, with_dev):
        seen, stack = set(), [root]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for dep in nodes[current]["deps"]:
                kinds = {k["kind"] for k in dep["dep_kinds"]}
                # dev-dependencies count only for the crate itself.
                if kinds & {None, "build"} or (with_dev and current == root and "dev" in kinds):
                    stack.append(dep["pkg"])
        seen.discard(root)
        return seen

    failed = False
    for member in meta["workspace_members"]:
        package = packages[member]
        declared = package.get("rust_version")
        normal = [packages[i] for i in closure(member, with_dev=False)]
        test_only = not normal
        needed = normal or [packages[i] for i in closure(member, with_dev=True)]
        dated = [p for p in needed if p.get("rust_version")]
        top = max(dated, key=lambda p: version(p["rust_version"]), default=None)
        need = top["rust_version"] if top else "any"
        what = "its tests' dependencies" if test_only else "its dependencies"
        if declared is None:
            print(f"{package['name']}: no rust-version; {what} need {need}")
            failed = True
        elif top and version(declared) < version(top["rust_version"]):
            print(f"{package['name']}: declares {declared}, but {top['name']} "
                  f"{top['version']} needs {top['rust_version']}")
            failed = True
        else:
            print(f"{package['name']}: declares {declared}; {what} need {need}"
                  + (f" ({top['name']})" if top else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
