"""Benchmark: garde-ia's anonymizer side by side with vanilla Presidio-fr, in one run.

Usage: python benchmarks/anonymizer_bench.py [--eval-dir ../shared/eval] [--repeat 15]

Each engine runs in its own fresh process (one after the other) for its model load time,
resident memory and answers on the labelled sets dev.jsonl and dev2.jsonl (scored by the eval's
score.py; dev2 also family by family, from build_dev2.py --groups). Latency per
prompt at about 500, 2,000, 5,000 and 10,000 characters is measured in a third process that
loads both and calls them alternately, so machine noise weighs on both alike. The anchor is the configuration of ../shared/eval/baseline_presidio.py.
Prints a table with garde-ia / Presidio ratios: these machines are noisy, ratios are what count.
"""

import argparse
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = (500, 2000, 5000, 10000)
ENGINES = ("presidio", "garde-ia")
SETS = ("dev", "dev2")
METRICS = ("leak_rate", "block_recall", "false_block_rate", "benign_intact", "action_accuracy")


def sample_texts(prompts: list[str]) -> dict[int, str]:
    """Texts of about each size, built from the dev prompts cut at a word boundary."""
    corpus = " ".join(prompts)
    while len(corpus) < max(SIZES) + 100:
        corpus = corpus + " " + corpus
    texts = {}
    for size in SIZES:
        cut = corpus[:size]
        texts[size] = cut[: cut.rfind(" ")] if " " in cut else cut
    return texts


def rss_mb() -> float:
    """Resident memory of this process now (MB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_engine(name: str) -> Any:
    """A callable text -> (action, sent_text) for the named engine."""
    if name == "presidio":
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        from presidio_anonymizer import AnonymizerEngine

        provider = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "fr", "model_name": "fr_core_news_md"}],
            }
        )
        analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["fr"])
        anonymizer = AnonymizerEngine()  # type: ignore[no-untyped-call]  # presidio_anonymizer is untyped here

        def run_presidio(text: str) -> tuple[str, str]:
            results = analyzer.analyze(text=text, language="fr")
            sent = anonymizer.anonymize(text=text, analyzer_results=results).text  # type: ignore[arg-type]  # each Presidio package declares its own RecognizerResult
            return ("pseudonymize" if results else "allow"), sent

        return run_presidio
    from anonymizer import build_guard, load_detection_policy

    guard = build_guard(load_detection_policy())

    def run_garde_ia(text: str) -> tuple[str, str]:
        decision = guard.check(text)
        return decision.action, decision.text or ""

    return run_garde_ia


def worker(name: str, eval_dir: Path) -> dict[str, Any]:
    """Load time, memory and answers on each labelled set for one engine, in this (fresh) process."""
    t0 = time.perf_counter()
    run = load_engine(name)
    load_s = time.perf_counter() - t0
    answers: dict[str, list[dict[str, str]]] = {}
    for set_name in SETS:
        path = eval_dir / f"{set_name}.jsonl"
        if not path.exists():
            continue
        answers[set_name] = []
        for line in path.open(encoding="utf-8"):
            item = json.loads(line)
            action, sent = run(item["text"])
            answers[set_name].append({"id": item["id"], "action": action, "text": sent})
    return {"engine": name, "load_s": load_s, "rss_mb": rss_mb(), "answers": answers}


def latency(dev_path: Path, repeat: int) -> dict[str, dict[int, dict[str, float]]]:
    """Both engines in one process, called alternately on the same texts.

    Alternating makes whatever else the machine is doing weigh on both engines alike, so the
    ratio stays meaningful on a noisy, shared machine.
    """
    engines = {name: load_engine(name) for name in ENGINES}
    prompts = [json.loads(line)["text"] for line in dev_path.open(encoding="utf-8")]
    times: dict[str, dict[int, list[float]]] = {name: {} for name in ENGINES}
    for size, text in sample_texts(prompts).items():
        for run in engines.values():
            for _ in range(3):
                run(text)
        for _ in range(repeat):
            for name, run in engines.items():
                start = time.perf_counter()
                run(text)
                times[name].setdefault(size, []).append((time.perf_counter() - start) * 1000)
    return {
        name: {
            size: _stats(values, len(sample_texts(prompts)[size]))
            for size, values in per_size.items()
        }
        for name, per_size in times.items()
    }


def _stats(values: list[float], chars: int) -> dict[str, float]:
    values.sort()
    return {
        "chars": chars,
        "p50_ms": statistics.median(values),
        "p95_ms": values[min(len(values) - 1, int(len(values) * 0.95))],
    }


def score(
    eval_dir: Path,
    answers: list[dict[str, Any]],
    set_name: str = "dev",
    ids: set[str] | None = None,
) -> dict[str, Any]:
    """The eval's own scorer on these answers (only the items ``ids`` when given)."""
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    gold = [
        line
        for line in (eval_dir / f"{set_name}.jsonl").open(encoding="utf-8")
        if ids is None or json.loads(line)["id"] in ids
    ]
    chosen = [a for a in answers if ids is None or a["id"] in ids]
    with tempfile.TemporaryDirectory() as folder:
        gold_path, answers_path = Path(folder) / "gold.jsonl", Path(folder) / "answers.jsonl"
        gold_path.write_text("".join(gold), encoding="utf-8")
        answers_path.write_text(
            "\n".join(json.dumps(a, ensure_ascii=False) for a in chosen) + "\n", encoding="utf-8"
        )
        result: dict[str, Any] = module.score(str(gold_path), str(answers_path))
    return result


def families(eval_dir: Path) -> dict[str, set[str]]:
    """dev2's hard-case families (id sets), from its build script; empty if it cannot tell."""
    try:
        out = subprocess.run(
            [sys.executable, str(eval_dir / "build_dev2.py"), "--groups"],
            check=True,
            capture_output=True,
            text=True,
            cwd=eval_dir,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    groups: dict[str, set[str]] = {}
    for line in out.splitlines():
        item_id, family = line.split("\t")[:2]
        groups.setdefault(family, set()).add(item_id)
    return groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--worker", choices=[*ENGINES, "latency"])
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    dev = args.eval_dir / "dev.jsonl"
    if args.worker == "latency":
        print(json.dumps(latency(dev, args.repeat)))
        return
    if args.worker:
        print(json.dumps(worker(args.worker, args.eval_dir)))
        return
    runs = {}
    for name in (*ENGINES, "latency"):
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                name,
                "--eval-dir",
                str(args.eval_dir),
                "--repeat",
                str(args.repeat),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        runs[name] = json.loads(out.stdout.strip().splitlines()[-1])
    groups = families(args.eval_dir)
    for name in ENGINES:
        answers = runs[name]["answers"]
        runs[name]["score"] = score(args.eval_dir, answers["dev"])
        runs[name]["sets"] = {s: score(args.eval_dir, answers[s], s) for s in answers}
        if "dev2" in answers:
            runs[name]["sets"].update(
                {
                    f"dev2 {family}": score(args.eval_dir, answers["dev2"], "dev2", ids)
                    for family, ids in sorted(groups.items())
                }
            )
        runs[name]["latency"] = runs["latency"][name]
    report(runs, args.show_misses)


def report(runs: dict[str, dict[str, Any]], show_misses: bool) -> None:
    g, p = runs["garde-ia"], runs["presidio"]
    print(f"{'':32}{'garde-ia':>12}{'presidio':>12}{'ratio':>8}")
    for key in (
        "leak_rate",
        "block_recall",
        "false_block_rate",
        "benign_intact",
        "action_accuracy",
    ):
        print(f"{key:32}{g['score'][key]:>12}{p['score'][key]:>12}")
    for size in g["latency"]:
        for stat in ("p50_ms", "p95_ms"):
            gv, pv = g["latency"][size][stat], p["latency"][size][stat]
            label = f"{stat} @ {g['latency'][size]['chars']} chars"
            print(f"{label:32}{gv:>12.1f}{pv:>12.1f}{gv / pv:>8.2f}")
    print(f"{'load_s':32}{g['load_s']:>12.2f}{p['load_s']:>12.2f}{g['load_s'] / p['load_s']:>8.2f}")
    print(f"{'rss_mb':32}{g['rss_mb']:>12.0f}{p['rss_mb']:>12.0f}{g['rss_mb'] / p['rss_mb']:>8.2f}")
    print(
        f"\n{'set / family':18}"
        + "".join(f"{m[:12]:>14}" for m in METRICS)
        + "   (garde-ia / presidio)"
    )
    for label in g["sets"]:
        cells = "".join(f"{g['sets'][label][m]:>7.2f}/{p['sets'][label][m]:<6.2f}" for m in METRICS)
        print(f"{label:18}{cells}")
    if show_misses:
        for label in g["sets"]:
            if " " not in label:
                for miss in g["sets"][label]["misses"]:
                    print(f"  garde-ia miss ({label}):", miss)


if __name__ == "__main__":
    main()
