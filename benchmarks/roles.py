"""Roles against hand-written gold: who holds which title, in 100 sentences drawn from BBC and PolNeAR.

Usage:
    uv run python benchmarks/roles.py [--errors]

The sentences (``benchmarks/data/roles_gold.jsonl``, drawn by ``benchmarks/roles_sample.py``, gold written by hand
before the scorer first ran) name at least one person; most hold no role. Conventions: a role is an office, title,
job or position a named person is said to hold in the sentence (a title before the name, an appositive, a predicate
such as ``served as director of``), written as the text gives it with its field and qualifiers (``Trade and
Industry Secretary``, ``former boss``, ``head of tracing``), with the organisation or country that confers it when
the sentence names one (``Russian President`` -> Russia); nationalities, family ties and descriptions such as
``star`` or ``front-runner`` are no roles; nor are honorifics (``Dame``), rankings (``world number two``) or what
someone does once (``protester``); a title before a name counts even when the office is supposed (``a President
Clinton``); a plural title before a list of names gives each the singular (``UK actors, including ...``). Each
sentence is analysed alone, as the extractor would see it in its article (roles are read from the sentence that
states them), with its spaces normalised as the clean step does. The sentences are two draws of
``benchmarks/roles_sample.py``: seed 31 (``r000``-``r099``) and seed 3101 (``r100``-``r199``, 2026-12-06, its gold
written before the scorer ran on it).

A predicted role matches a gold one of the same sentence when the person's last name is in the entity's canonical
name and the roles' heads agree (the last word before ``of``: ``Secretary``, ``head``); ``exact`` also needs the
whole role, case and a leading ``the`` aside. ``org`` is the share of matched roles with a gold organisation whose
predicted owner shares a word with it (a longer word's first four letters: ``Russia``/``Russian``) or is spelled by its
initials (``UK``/``United Kingdom``). About 30% of the files, fixed
by a hash of the file name, are held out, as in the amounts and dates benchmark; ``--errors`` lists the tuning
part's misses, false roles and wrong owners only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.amounts_dates import held_out  # noqa: E402
from tasks.lib.clean.lines import text_to_lines  # noqa: E402
from tasks.lib.extract.analyze import analyze_texts  # noqa: E402
from tasks.lib.extract.entity_gazetteer import title_words  # noqa: E402

GOLD = ROOT / "benchmarks" / "data" / "roles_gold.jsonl"


def head(role: str) -> str:
    """The word a role is named by: the last before ``of`` (``head of tracing`` -> head), an abbreviation read as
    the title it stands for (``Gov`` -> governor: the extractor writes titles out)."""
    words = re.findall(r"[\w-]+", role.lower().split(" of ")[0])
    if not words:
        return ""
    abbreviations = title_words()[1]
    full = abbreviations.get(words[-1]) or abbreviations.get(words[-1] + ".")
    return full.lower().split()[-1] if full else words[-1]


def exact(role: str) -> str:
    return re.sub(r"^the\s+", "", role.strip().lower())


def _same_person(gold: str, canonical: str) -> bool:
    name = canonical.lower()
    return gold.split()[-1].lower() in {*name.split(), *name.replace("-", " ").split()}


def _same_org(gold: str, predicted: str | None) -> bool:
    """A word in common (the first four letters of a longer one: ``Russia``/``Russian``; a short one whole: ``FBI``),
    or the gold is the initials of the predicted name (``UK``/``United Kingdom``)."""
    if not predicted:
        return False
    initials = "".join(w[0] for w in re.findall(r"[A-Z]\w*", predicted)).lower()
    return bool(_word_keys(gold) & _word_keys(predicted)) or gold.lower() == initials


def _word_keys(name: str) -> set[str]:
    return {w[:4] if len(w) >= 4 else w for w in re.findall(r"\w+", name.lower())}


def predictions(rows: list[dict]) -> list[list[dict]]:
    """Per sentence: its predicted roles as (person canonical name, role, owner's canonical name)."""
    out = []
    # Spaces as the clean step leaves them (a no-break space inside a name would split it).
    for an in analyze_texts(None, [" ".join(text_to_lines(r["sentence"])) for r in rows], n_process=0):
        names = {e.key: e.canonical_name for e in an.entities}
        out.append([{"person": names[r.entity_key], "role": r.role,
                     "org": names.get(r.org_entity_key) if r.org_entity_key is not None else None} for r in an.roles])
    return out


def score(rows: list[dict], preds: list[list[dict]]) -> dict:
    n_gold = n_pred = hit = hit_exact = org_total = org_right = 0
    errors = []
    for row, pred in zip(rows, preds):
        gold, left = row["roles"], list(pred)
        n_gold, n_pred = n_gold + len(gold), n_pred + len(pred)
        for g in gold:
            m = next((p for p in left if _same_person(g["person"], p["person"]) and head(g["role"]) == head(p["role"])),
                     None)
            if m is None:
                errors.append((row, "missed", g))
                continue
            left.remove(m)
            hit += 1
            hit_exact += exact(g["role"]) == exact(m["role"])
            if g["org"]:
                org_total += 1
                right = _same_org(g["org"], m["org"])
                org_right += right
                if not right:
                    errors.append((row, f"owner {m['org']!r} for", g))
        errors += [(row, "false", p) for p in left]
    p, r = hit / max(n_pred, 1), hit / max(n_gold, 1)
    return {"gold": n_gold, "predicted": n_pred, "P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "exact": hit_exact / max(hit, 1), "org": f"{org_right}/{org_total}", "errors": errors}


def report(rows: list[dict], preds: list[list[dict]], line, errors: bool = False) -> None:
    """Print ``line(name, sentences, score)`` for the tuning and the held-out part; with ``errors`` the tuning part's
    misses, false roles and wrong owners too (held-out errors are never shown)."""
    for name, keep in (("tuning", False), ("held-out", True)):
        part = [(row, pred) for row, pred in zip(rows, preds) if held_out(row["file"]) == keep]
        s = score([row for row, _ in part], [pred for _, pred in part])
        print(line(name, len(part), s))
        if errors and not keep:
            for row, kind, item in s["errors"]:
                print(f"  {kind}: {item}  <- {row['id']} {row['sentence'][:150]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list the tuning part's misses, false roles and wrong owners")
    args = ap.parse_args()
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    print("| part | sentences | gold roles | predicted | P | R | F1 | exact role (of matched) | owner right |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    report(rows, predictions(rows), lambda name, n, s: (
        f"| {name} | {n} | {s['gold']} | {s['predicted']} | {s['P']:.3f} | {s['R']:.3f} | {s['F1']:.3f} "
        f"| {s['exact']:.3f} | {s['org']} |"), args.errors)


if __name__ == "__main__":
    main()
