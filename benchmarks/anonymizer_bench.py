"""Benchmark: garde-ia's anonymizer side by side with vanilla Presidio-fr, in one run.

Usage: python benchmarks/anonymizer_bench.py [--eval-dir ../shared/eval] [--repeat 15]

Each engine runs in its own fresh process (one after the other, so they do not compete for the
CPU) and reports its model load time, resident memory, its answers on the labelled dev set
(scored by the eval's score.py) and its latency per prompt at about 500, 2,000, 5,000 and
10,000 characters (process CPU time, which other jobs on the machine disturb far less than
wall-clock time). The anchor is the configuration of ../shared/eval/baseline_presidio.py.
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


def worker(name: str, dev_path: Path, repeat: int) -> dict[str, Any]:
    """Everything measured for one engine, in this (fresh) process."""
    t0, c0 = time.perf_counter(), time.process_time()
    run = load_engine(name)
    load_s, load_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    items = [json.loads(line) for line in dev_path.open(encoding="utf-8")]
    answers = []
    for item in items:
        action, sent = run(item["text"])
        answers.append({"id": item["id"], "action": action, "text": sent})
    latency = {}
    for size, text in sample_texts([i["text"] for i in items]).items():  # CPU time: fairer on a shared machine
        for _ in range(3):
            run(text)
        times = []
        for _ in range(repeat):
            start = time.process_time()
            run(text)
            times.append((time.process_time() - start) * 1000)
        times.sort()
        latency[size] = {
            "chars": len(text),
            "p50_ms": statistics.median(times),
            "p95_ms": times[min(len(times) - 1, int(len(times) * 0.95))],
        }
    return {
        "engine": name,
        "load_s": load_s,
        "load_cpu_s": load_cpu_s,
        "rss_mb": rss_mb(),
        "answers": answers,
        "latency": latency,
    }


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
    parser.add_argument("--worker", choices=["garde-ia", "presidio"])
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    dev = args.eval_dir / "dev.jsonl"
    if args.worker:
        print(json.dumps(worker(args.worker, dev, args.repeat)))
        return
    runs = {}
    for name in ("presidio", "garde-ia"):
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
        runs[name]["score"] = score(args.eval_dir, runs[name]["answers"])
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
    print(f"{'load_cpu_s':32}{g['load_cpu_s']:>12.2f}{p['load_cpu_s']:>12.2f}{g['load_cpu_s'] / p['load_cpu_s']:>8.2f}")
    print(f"{'rss_mb':32}{g['rss_mb']:>12.0f}{p['rss_mb']:>12.0f}{g['rss_mb'] / p['rss_mb']:>8.2f}")
    if show_misses:
        for miss in g["score"]["misses"]:
            print("  garde-ia miss:", miss)


if __name__ == "__main__":
    main()
