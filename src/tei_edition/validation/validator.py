"""The Validator: many files, each checked once per content, RELAX NG in one jing run per
schema, pointers checked across the files of a corpus."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import EditionError
from . import corpus, engine, rules, schemas
from .problems import Problem, sort_problems
from .rng import JingTarget, jing_command, run_jing

Results = dict[str, list[Problem]]


def find_tei_all(explicit: str | Path | None = None) -> Path:
    """The tei_all.rng to check against: the one given, else the copy shipped in the
    package (TEI P5 4.8.0, see schema/TEI_ALL.md)."""
    if explicit:
        if not Path(explicit).is_file():
            raise EditionError(f"tei_all schema not found: {explicit}")
        return Path(explicit)
    return schemas.shipped(schemas.TEI_ALL_RNG)


class Validator:
    """Checks TEI files; build one per run and reuse it (schemas compile once).

    Validator() is the project profile (the project's XSD and Schematron), as `build` and
    `deposit` use it; tei_all=True adds tei_all (RELAX NG and its Schematron).
    Validator(profile=None, declared=True, schemas=[...], rules=...) is what `tei-edition
    validate` runs for any TEI project: each file's declared schemas, the given ones and the
    generic rules. validate_files(paths) returns {name as given: sorted problems}.
    """

    def __init__(self, tei_all: bool = False, *, tei_all_schema: str | Path | None = None,
                 profile: str | None = "project", declared: bool = False,
                 schemas_: Sequence[schemas.Schema] = (), rules_: Iterable[str] | None = None,
                 jobs: int | None = 0, use_cache: bool = True, dedupe: bool = True) -> None:
        chosen: list[schemas.Schema] = []
        if profile == "project":
            chosen += schemas.project_profile()
        chosen += list(schemas_)
        if tei_all:
            chosen += schemas.tei_all(find_tei_all(tei_all_schema).resolve())
        enabled = frozenset(rules.RULES if rules_ is None else rules_)
        unknown = enabled - set(rules.RULES)
        if unknown:
            raise EditionError(f"unknown rule {sorted(unknown)[0]!r} (rules: "
                               f"{', '.join(rules.RULES)})")
        self.plan = engine.Plan(tuple(chosen), declared, enabled,
                                project_warning=profile == "project",
                                use_cache=use_cache)
        self.jobs = jobs
        self.dedupe = dedupe
        self.timings: dict[str, float] = {}  # seconds per file of the last run
        # Fail now, before any file is read, if a given schema cannot be used.
        if any(s.kind in ("rng", "rnc") for s in chosen):
            jing_command()
        if jobs == 0:  # None: one worker per CPU, less one while jing runs (see _workers)
            engine.prepare(self.plan)
        else:  # Saxon starts in the workers only; the Schematron is compiled here, once
            for schema in chosen:
                if not schema.path.is_file():
                    raise EditionError(f"schema not found: {schema.path}")
                if schema.kind == "sch":
                    engine.compiled_schematron(schema)

    # ------------------------------------------------------------------------- API

    def validate(self, path: str | Path) -> list[Problem]:
        return self.validate_files([path])[str(path)]

    def validate_tree(self, tree: etree._ElementTree | etree._Element,
                      name: str = "<memory>") -> list[Problem]:
        """Check TEI built in memory (written to a private temporary file first)."""
        if isinstance(tree, etree._Element):
            tree = tree.getroottree()
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "document.xml"
            tree.write(str(copy), encoding="utf-8", xml_declaration=True)
            found = self.validate_files([copy])[str(copy)]
        return [replace(p, file=name) if p.file == str(copy) else p for p in found]

    def validate_files(self, paths: Iterable[str | Path],
                       roots: dict[str, Path] | None = None) -> Results:
        """{name as given: sorted problems}, in the order given. `roots` gives, per name,
        the folder tree its XIncludes may read (default: the file's own folder)."""
        names = [str(p) for p in dict.fromkeys(str(p) for p in paths)]
        roots = roots or {}
        with tempfile.TemporaryDirectory(prefix="tei-edition-") as temp:
            plan = replace(self.plan, temp_dir=temp)
            groups, early = self._groups(names, plan)
            # jing (one Java process per schema) runs beside the Python checks: it gets
            # the files already known to be well-formed, the others come after.
            with ThreadPoolExecutor(1) as thread:
                results, jing = self._check(groups, plan, roots,
                                            lambda: thread.submit(self._jing_all, early),
                                            self._workers(bool(early)))
            broken = {str(Path(r.name).resolve()) for r in results.values()
                      if any(p.rule in engine.FATAL for p in r.problems)}
            if jing is None or any(broken & set(files) for files in early.values()):
                early = {schema: {path: target for path, target in files.items()
                                  if path not in broken}
                         for schema, files in early.items()}
                jing = self._jing_all(early)  # again, without the files jing stops at
            for name, problems in jing.items():
                results[name].problems += problems
            self._run_jing(results, skip={n for files in early.values() for n in files})
            self._resolve_pointers(results)
        return self._spread(groups, results, names)

    # -------------------------------------------------------------------- the steps

    def _groups(self, names: list[str], plan: engine.Plan) -> tuple[
            dict[str, list[str]], dict[schemas.Schema, dict[str, JingTarget]]]:
        """{representative name: every name with the same content in the same folder}:
        identical copies are checked once (relative hrefs resolve from the folder). Also
        what jing can check at once: {schema: {path: target}} of well-formed files."""
        groups: dict[str, list[str]] = {}
        keys: dict[tuple[str, str], str] = {}
        early: dict[schemas.Schema, dict[str, JingTarget]] = {}
        for name in names:
            try:
                data: bytes | None = engine.read_bounded(Path(name))
            except EditionError:
                data = None  # reported by the check itself
            key = None
            if data is not None and self.dedupe:
                key = hashlib.sha256(data).hexdigest(), str(Path(name).resolve().parent)
            if key is not None and key in keys:
                groups[keys[key]].append(name)
                continue
            if key is not None:
                keys[key] = name
            groups[name] = [name]
            if data is not None:
                for schema in _relax_ng_for(data, Path(name), name, plan):
                    early.setdefault(schema, {})[str(Path(name).resolve())] = JingTarget(name)
        return groups, early

    def _check(self, groups: dict[str, list[str]], plan: engine.Plan,
               roots: dict[str, Path], start_jing: Callable[[], Future[Results]],
               workers: int) -> tuple[dict[str, engine.FileResult], Results | None]:
        """Every representative file checked in this process or on workers, while jing
        runs in a thread (started once the workers are forked: never fork a threaded
        process); then jing's problems."""
        by_path = {Path(n).resolve(): n for n in groups}
        jobs = [(n, n, str(roots.get(n, Path(n).resolve().parent)), by_path) for n in groups]
        if workers <= 1 or len(jobs) < 2:
            engine.prepare(plan)  # done already with jobs=0; here a broken schema stops the run
            jing = start_jing()
            results = {name: engine.check_file(Path(path), name, plan, Path(root), by_path)
                       for path, name, root, by_path in jobs}
        else:
            with ProcessPoolExecutor(min(workers, len(jobs)), mp_context=_start_method(),
                                     initializer=engine.worker_init, initargs=(plan,)) as pool:
                chunk = max(1, len(jobs) // (workers * 4))
                pending = [pool.submit(_check_many, jobs[i:i + chunk])
                           for i in range(0, len(jobs), chunk)]
                jing = start_jing()
                results = {r.name: r for future in pending for r in future.result()}
        try:
            return results, jing.result()
        except EditionError:
            return results, None  # a file jing could not read: run again without it

    def _workers(self, jing_runs: bool) -> int:
        """Worker processes for this run: as asked, or (jobs=None) one per CPU, less one
        while jing runs beside them (its Java threads need a core: on 2 cores, 300 files
        against tei_all took 1.8x jing alone with 2 workers, 1.3x in one process)."""
        if self.jobs is not None:
            return self.jobs
        return max(0, default_jobs() - (1 if jing_runs else 0))

    @staticmethod
    def _jing_all(files: dict[schemas.Schema, dict[str, JingTarget]]) -> Results:
        found: Results = {}
        for schema, targets in files.items():
            for name, problems in run_jing(targets, schema.path, compact=schema.kind == "rnc",
                                           label=schema.label or schema.path.name,
                                           rule=schema.rule or "relaxng").items():
                found.setdefault(name, []).extend(problems)
        return found

    def _run_jing(self, results: dict[str, engine.FileResult], skip: set[str]) -> None:
        """jing for what could not run early: expanded corpora, files the early pass
        could not read (which the checks then reported)."""
        by_schema: dict[schemas.Schema, dict[str, JingTarget]] = {}
        for result in results.values():
            for schema, path, target in result.jing:
                if path not in skip:
                    by_schema.setdefault(schema, {})[path] = target
        for name, problems in self._jing_all(by_schema).items():
            results[name].problems += problems

    def _resolve_pointers(self, results: dict[str, engine.FileResult]) -> None:
        """Pointers a file could not resolve alone: into the corpora that include it, or
        into another file of the run ("file.xml#id")."""
        corpus_ids: dict[Path, set[str]] = {}
        for result in results.values():
            for member in result.members:
                corpus_ids.setdefault(member, set()).update(result.facts.ids)
        ids_by_path = {Path(name).resolve(): r.facts.ids for name, r in results.items()}
        for name, result in results.items():
            here = Path(name).resolve()
            known = corpus_ids.get(here, set())
            for ident, problem in result.facts.dangling:
                if ident not in known:
                    result.problems.append(problem)
            for base, target, ident, problem in result.facts.external:
                file = ((base or here).parent / target).resolve()
                ids = ids_by_path.get(file)
                if ids is None:
                    ids = _ids_of(file)
                if ids is None:
                    result.problems.append(replace(problem, message=problem.message.split(
                        ": ", 1)[0] + f": {target} is not a file of this corpus"))
                elif ident not in ids:
                    result.problems.append(problem)

    def _spread(self, groups: dict[str, list[str]], results: dict[str, engine.FileResult],
                names: list[str]) -> Results:
        out: Results = {}
        self.timings = {name: 0.0 for name in names}
        for first, copies in groups.items():
            self.timings[first] = results[first].seconds
            found = results[first].problems
            for name in copies:
                moved = [replace(p, file=name) if p.file == first else p for p in found]
                out[name] = moved
        # a problem found in a member file while checking its corpus is that file's too
        for name in names:
            for problem in list(out[name]):
                if problem.file != name and problem.file in out:
                    out[problem.file].append(problem)
        return {name: sort_problems(p for p in out[name] if p.file == name or p.file not in out)
                for name in names}


def _check_many(jobs: list[tuple[str, str, str, dict[Path, str]]]) -> list[engine.FileResult]:
    return [engine.worker_check(job) for job in jobs]


_ROOT_START = re.compile(rb"<(?![?!])")
_TEI_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:TEI|teiCorpus)[\s/>]")


def _relax_ng_for(data: bytes, path: Path, name: str, plan: engine.Plan) -> list[schemas.Schema]:
    """The RELAX NG schemas jing may check this file with before the other checks have
    read it: read from its bytes and its prolog only (no full parse, so jing starts at
    once). A file the checks then find not well-formed makes the early run void (jing stops
    at the first broken file), see validate_files. Corpora with XIncludes come later."""
    wanted = [s for s in plan.schemas if s.kind in ("rng", "rnc")]
    if (not wanted and not plan.declared) or corpus.XI_NS.encode() in data:
        return []
    start = _ROOT_START.search(data)
    if start is None or not _TEI_ROOT.match(data, start.start()):
        return []
    if plan.declared and b"xml-model" in data[: start.start()]:
        try:
            prolog = engine.parse_xml_bytes(data[: start.start()] + b"<x/>", name)
        except EditionError:
            return []
        wanted += [s for s in schemas.declared_schemas(prolog, path, name)[0]
                   if s.kind in ("rng", "rnc")]
    return list(dict.fromkeys(wanted))


def _ids_of(path: Path) -> frozenset[str] | None:
    """xml:ids of a file outside the run (a corpus file not given), read safely."""
    try:
        tree = engine.parse_xml_bytes(engine.read_bounded(path), str(path), collect_ids=False)
    except EditionError:
        return None
    return frozenset(e.get(rules.XML_ID) for e in tree.getroot().iter(etree.Element)
                     if e.get(rules.XML_ID) is not None)


def _start_method() -> Any:
    """fork on Linux before Saxon runs in this process (it is not fork-safe once its threads
    run), else forkserver or spawn, as `build` does."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "saxonche" not in sys.modules:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
