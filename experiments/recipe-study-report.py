#!/usr/bin/python3
"""Builds docs/results/recipe-study.md's table and time-to-accuracy plot from study runs.

Usage: recipe-study-report.py STUDY_DIR OUT_DIR [--baseline NAME] [--tag TAG] [--machine TEXT]
Each STUDY_DIR/NAME holds what experiments/recipe-study.sh writes: run/run.json, run/metrics.jsonl,
eval/linear-eval.md and times (wall seconds of pretrain and of the evaluation, the CPU, the
precision). Writes OUT_DIR/recipe-study[-TAG]-table.md, OUT_DIR/recipe-study[-TAG].png and
OUT_DIR/recipe-study/NAME.run.json. Minutes are only comparable on one machine: report each
machine's runs with their own --tag and --baseline.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

BASE = "A-base15"


def flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flat(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


def load(study, name):
    d = os.path.join(study, name)
    times = open(os.path.join(d, "times")).read()
    if "linear top-1" not in times:
        return None
    run = json.load(open(os.path.join(d, "run", "run.json")))
    row = [l for l in open(os.path.join(d, "eval", "linear-eval.md")) if l.startswith("| simclr")][0]
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    wall = float(re.search(r"pretrain_wall ([0-9.]+)", times).group(1))
    metrics = [json.loads(l) for l in open(os.path.join(d, "run", "metrics.jsonl"))]
    budget = run["provenance"].get("timeBudget")
    created = datetime.datetime.fromisoformat(run["provenance"]["createdAt"].replace("Z", "")[:26])
    t0 = created.replace(tzinfo=datetime.timezone.utc).timestamp() - (budget["elapsedSeconds"] if budget else 0)
    knn = [((m["time"] - t0) / 60, float(m["knn_top1"])) for m in metrics if "knn_top1" in m]
    precision = re.search(r"^precision (\S+)", times, re.M)
    return dict(name=name, recipe=run["recipe"], budget=budget, wall=wall,
                precision=precision.group(1) if precision else "fp32", dim=int(cells[1]),
                linear=float(cells[2].rstrip("%")), knn=float(cells[4].rstrip("%")), knn_curve=knn,
                steps=run["recipe"]["steps"], run_json=os.path.join(d, "run", "run.json"))


def differences(run, base):
    a, b = flat(run["recipe"]), flat(base["recipe"])
    skip = {"steps", "epochs"}
    diff = [f"{k.split('.')[-1]} {a[k]}" for k in a if k not in skip and a.get(k) != b.get(k)]
    if run["precision"] != base["precision"]:
        diff.append(run["precision"])
    return ", ".join(diff) or "baseline"


def main(study, out, baseline, tag, machine):
    runs = [r for r in (load(study, n) for n in sorted(os.listdir(study))
                        if os.path.isfile(os.path.join(study, n, "times"))) if r]
    base = next(r for r in runs if r["name"] == baseline)
    suffix = "-" + tag if tag else ""
    os.makedirs(os.path.join(out, "recipe-study"), exist_ok=True)
    lines = ["| run | differs from the baseline | budget min | steps | epochs | pretrain min (wall) | features "
             "| linear top-1 (val) | kNN top-1 (val, k=200) |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    groups = {}
    for r in runs:
        n_train = 50000
        epochs = r["steps"] * r["recipe"]["batchSize"] / n_train
        b = r["budget"]["minutes"] if r["budget"] else "- (fixed steps)"
        diff = differences(r, base)
        lines.append(f"| {r['name']} | {diff} | {b} | {r['steps']} | {epochs:.2f} | {r['wall'] / 60:.1f} | {r['dim']} "
                     f"| {r['linear']:.2f}% | {r['knn']:.2f}% |")
        groups.setdefault(diff, []).append(r)
        shutil.copy(r["run_json"], os.path.join(out, "recipe-study", r["name"] + ".run.json"))
    open(os.path.join(out, f"recipe-study{suffix}-table.md"), "w").write("\n".join(lines) + "\n")

    fig, ax = plt.subplots(figsize=(8, 5))
    for i, (diff, rs) in enumerate(sorted(groups.items())):
        rs.sort(key=lambda r: r["wall"])
        color = f"C{i % 10}"
        ax.plot([r["wall"] / 60 for r in rs], [r["linear"] for r in rs], "o-", color=color, label=diff)
        for r in rs:
            if r["knn_curve"]:
                xs, ys = zip(*r["knn_curve"])
                ax.plot(xs, [100 * y for y in ys], "x:", color=color, alpha=0.6)
    ax.set_xlim(left=0)
    ax.set_xlabel("pretraining minutes (wall clock, whole command)")
    ax.set_ylabel("validation top-1 (%)")
    ax.set_title(f"Fashion-MNIST validation, {machine}\nlinear probe (o, solid), kNN monitor on 2,000 images (x, dotted)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(os.path.join(out, f"recipe-study{suffix}.png"), dpi=110)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="recipe study table and plot")
    ap.add_argument("study")
    ap.add_argument("out")
    ap.add_argument("--baseline", default=BASE)
    ap.add_argument("--tag", default="")
    ap.add_argument("--machine", default="2-vCPU AVX2 CPU, fp32")
    a = ap.parse_args()
    main(a.study, a.out, a.baseline, a.tag, a.machine)
