"""Amounts and dates against hand-written gold on 820 real news sentences (benchmarks/data/).

Usage:
    uv run python benchmarks/amounts_dates.py [--amounts newsflow|quantulum3] [--dates newsflow|dateparser]
        [--errors]

Prints, for the tuning fold and the held-out fold (a fixed hash of the file name, see
benchmarks/data/amounts_dates_gold.md): amounts P/R/F1 (a hit overlaps the gold span with the same kind,
value, unit and range ends), money recall, and date value P/R/F1 (a hit overlaps the gold span with the
same value and range end; gold without a value is not scored, a predicted value there is a false positive).
``--errors`` lists the misses of the tuning fold only: held-out errors are never shown.
The libraries are not project dependencies: to compare, install ``quantulum3==0.9.2`` (it needs
``setuptools<81`` for ``pkg_resources``) beside the project; dateparser is already installed.
Each sentence is parsed alone, with its article's publish date (PolNeAR: from the file name; BBC: none).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "benchmarks" / "data" / "amounts_dates_gold.jsonl"


def held_out(file: str) -> bool:
    """The fold is fixed once by the file name: about 30% of files are held out."""
    return int(hashlib.sha1(file.encode()).hexdigest(), 16) % 10 < 3


@dataclass
class Pred:
    start: int
    end: int
    kind: str | None = None
    value: object = None
    unit: str | None = None
    low: float | None = None
    high: float | None = None
    end_value: object = None


@dataclass
class Score:
    tp: int = 0
    pred: int = 0
    gold: int = 0
    money_tp: int = 0
    money_gold: int = 0
    errors: list[str] = field(default_factory=list)

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _unit(u: str | None) -> str:
    u = (u or "").lower()
    return u[:-1] if u.endswith("s") and len(u) > 2 else u


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-6 * max(1.0, abs(float(b)))


def _locate(sentence: str, items: list[dict]) -> list[dict]:
    """Gold spans, found in text order ("Earlier Tuesday ... Tuesday's" names two dates)."""
    pos = 0
    for g in items:
        i = sentence.find(g["text"], pos)
        i = i if i >= 0 else sentence.index(g["text"])
        g["span"] = (i, i + len(g["text"]))
        pos = i + len(g["text"])
    return items


def amount_match(g: dict, p: Pred, sentence: str) -> bool:
    s, e = g["span"]
    return (
        p.start < e and s < p.end and p.kind == g["kind"] and _close(p.value, g["value"])
        and _unit(p.unit) == _unit(g["unit"]) and _close(p.low, g["low"]) and _close(p.high, g["high"])
    )


def date_match(g: dict, p: Pred, sentence: str) -> bool:
    s, e = g["span"]
    return p.start < e and s < p.end and str(p.value) == g["value"] and str(p.end_value) == str(g["end_value"])


def score_amounts(row: dict, preds: list[Pred], sc: Score) -> None:
    golds, left = row["amounts"], list(preds)
    sc.pred += len(preds)
    sc.gold += len(golds)
    for g in golds:
        sc.money_gold += g["kind"] == "money"
        hit = next((p for p in left if amount_match(g, p, row["sentence"])), None)
        if hit:
            left.remove(hit)
            sc.tp += 1
            sc.money_tp += g["kind"] == "money"
        else:
            sc.errors.append(f"{row['id']} FN {g['text']!r} {g['kind']} {g['value']} {g['unit']} {g['low']} {g['high']}")
    for p in left:
        t = row["sentence"][p.start : p.end]
        sc.errors.append(f"{row['id']} FP {t!r} {p.kind} {p.value} {p.unit} {p.low} {p.high}")


def score_dates(row: dict, preds: list[Pred], sc: Score) -> None:
    golds = [g for g in row["dates"] if g["value"]]
    left = [p for p in preds if p.value is not None]
    sc.pred += len(left)
    sc.gold += len(golds)
    for g in golds:
        hit = next((p for p in left if date_match(g, p, row["sentence"])), None)
        if hit:
            left.remove(hit)
            sc.tp += 1
        else:
            sc.errors.append(f"{row['id']} FN {g['text']!r} {g['value']} {g['end_value']} | {row['published']}")
    for p in left:
        t = row["sentence"][p.start : p.end]
        sc.errors.append(f"{row['id']} FP {t!r} {p.value} {p.end_value} | {row['published']}")


def newsflow_amounts(doc, row) -> list[Pred]:
    from tasks.lib.extract.amounts import extract_amounts

    return [Pred(a.start_char, a.end_char, a.kind, a.value, a.unit, a.low, a.high) for a in extract_amounts(doc)]


def newsflow_dates(doc, row) -> list[Pred]:
    from tasks.lib.extract.dates import extract_dates

    pub = date.fromisoformat(row["published"]) if row["published"] else None
    out = []
    for d in extract_dates(doc, pub):
        out.append(Pred(d.start_char, d.end_char, value=d.value, end_value=getattr(d, "end_value", None)))
    return out


def quantulum_amounts(doc, row) -> list[Pred]:
    """quantulum3's parser, its units mapped to this benchmark's kinds (currency -> money, % -> percent)."""
    from quantulum3 import parser

    out = []
    for q in parser.parse(row["sentence"]):
        unit, ent = q.unit, q.unit.entity.name
        if ent == "currency":
            kind, code = "money", (unit.currency_code or None)
        elif unit.name == "percentage":
            kind, code = "percent", "%"
        elif unit.name == "percentage point":
            kind, code = "percentage_points", "pp"
        elif ent == "dimensionless" and unit.name != "dimensionless":
            kind, code = "quantity", unit.name
        elif ent == "dimensionless":
            continue  # a bare number counts nothing
        else:
            kind, code = "quantity", unit.surfaces[0] if unit.surfaces else unit.name
        low, high = (q.uncertainty and None), None
        out.append(Pred(q.span[0], q.span[1], kind, q.value, code, low, high))
    return out


def dateparser_dates(doc, row) -> list[Pred]:
    """dateparser's search_dates, relative to the publish date; the value is the date it returns."""
    from datetime import datetime

    from dateparser.search import search_dates

    pub = date.fromisoformat(row["published"]) if row["published"] else None
    settings = {"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DATES_FROM": "past"}
    if pub:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day)
    found = search_dates(row["sentence"], languages=["en"], settings=settings) or []
    out, pos = [], 0
    for text, when in found:
        i = row["sentence"].find(text, pos)
        if i < 0:
            continue
        pos = i + len(text)
        relative = not any(ch.isdigit() for ch in text)
        out.append(Pred(i, pos, value=None if (relative and pub is None) else when.date()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--amounts", default="newsflow", choices=["newsflow", "quantulum3"])
    ap.add_argument("--dates", default="newsflow", choices=["newsflow", "dateparser"])
    ap.add_argument("--errors", action="store_true", help="list the tuning fold's misses")
    args = ap.parse_args()
    from tasks.lib.nlp.pipeline import load_pipeline

    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        _locate(row["sentence"], row["amounts"])
        _locate(row["sentence"], row["dates"])
    nlp = load_pipeline()
    amount_fn = {"newsflow": newsflow_amounts, "quantulum3": quantulum_amounts}[args.amounts]
    date_fn = {"newsflow": newsflow_dates, "dateparser": dateparser_dates}[args.dates]
    folds = {"tuning": (Score(), Score()), "held-out": (Score(), Score())}
    for row, doc in zip(rows, nlp.pipe(r["sentence"] for r in rows)):
        am, dt = folds["held-out" if held_out(row["file"]) else "tuning"]
        score_amounts(row, amount_fn(doc, row), am)
        score_dates(row, date_fn(doc, row), dt)
    print(f"amounts: {args.amounts}   dates: {args.dates}   ({len(rows)} sentences)")
    for name, (am, dt) in folds.items():
        ap_, ar, af = am.prf()
        dp, dr, df = dt.prf()
        money = am.money_tp / am.money_gold if am.money_gold else 0.0
        print(
            f"{name:9} amounts P {ap_:.3f} R {ar:.3f} F1 {af:.3f} (gold {am.gold})  money R {money:.3f} "
            f"({am.money_tp}/{am.money_gold})  dates P {dp:.3f} R {dr:.3f} F1 {df:.3f} (gold {dt.gold})"
        )
    if args.errors:
        for line in folds["tuning"][0].errors + folds["tuning"][1].errors:
            print(line)


if __name__ == "__main__":
    main()
