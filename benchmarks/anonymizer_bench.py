"""Benchmark: garde-ia's anonymizer side by side with vanilla Presidio-fr, in one run.

Usage: python benchmarks/anonymizer_bench.py [--eval-dir ../shared/eval] [--repeat 15]

Each engine runs in its own fresh process (one after the other) for its model load time,
resident memory and answers on the labelled dev set (scored by the eval's score.py). Latency per
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
        anonymizer = AnonymizerEngine()

        def run_presidio(text: str) -> tuple[str, str]:
            results = analyzer.analyze(text=text, language="fr")
            sent = anonymizer.anonymize(text=text, analyzer_results=results).text
            return ("pseudonymize" if results else "allow"), sent

        return run_presidio
    from anonymizer import build_guard, load_detection_policy

    guard = build_guard(load_detection_policy())

    def run_garde_ia(text: str) -> tuple[str, str]:
        decision = guard.check(text)
        return decision.action, decision.text or ""

    return run_garde_ia


def worker(name: str, dev_path: Path) -> dict[str, Any]:
    """Load time, memory and answers on the dev set for one engine, in this (fresh) process."""
    t0 = time.perf_counter()
    run = load_engine(name)
    load_s = time.perf_counter() - t0
    answers = []
    for line in dev_path.open(encoding="utf-8"):
        item = json.loads(line)
        action, sent = run(item["text"])
        answers.append({"id": item["id"], "action": action, "text": sent})
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
    return {name: {size: _stats(values, len(sample_texts(prompts)[size])) for size, values in per_size.items()}
            for name, per_size in times.items()}


def _stats(values: list[float], chars: int) -> dict[str, float]:
    values.sort()
    return {"chars": chars, "p50_ms": statistics.median(values),
            "p95_ms": values[min(len(values) - 1, int(len(values) * 0.95))]}


def score(eval_dir: Path, answers: list[dict[str, Any]]) -> dict[str, Any]:
    """The eval's own scorer on these answers."""
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.NamedTemporaryFile(
        "w", suffix=".jsonl", delete=False, encoding="utf-8"
    ) as handle:
        handle.write("\n".join(json.dumps(a, ensure_ascii=False) for a in answers) + "\n")
    result: dict[str, Any] = module.score(str(eval_dir / "dev.jsonl"), handle.name)
    Path(handle.name).unlink()
    return result


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
        print(json.dumps(worker(args.worker, dev)))
        return
    runs = {}
    for name in (*ENGINES, "latency"):
        out = subprocess.run([sys.executable, __file__, "--worker", name, "--eval-dir", str(args.eval_dir),
                              "--repeat", str(args.repeat)], check=True, capture_output=True, text=True)
        runs[name] = json.loads(out.stdout.strip().splitlines()[-1])
    for name in ENGINES:
        runs[name]["score"] = score(args.eval_dir, runs[name]["answers"])
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
    if show_misses:
        for miss in g["score"]["misses"]:
            print("  garde-ia miss:", miss)


if __name__ == "__main__":
    main()
