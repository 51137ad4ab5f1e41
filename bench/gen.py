#!/usr/bin/env python3
"""gen.py - a synthetic dataset for the scrutiny benchmark.

Writes, in the format of data/demo (see lib/demo.c), a folder with
  manifest.json                the definitions files and the returns, in load order
  definitions-synthetic.json   N indicators with their targets
  return-YYYY-YY-Qn.json       one return per quarter: every indicator's result,
                               the four built-in demand measures and a finance statement
so that it loads with

  SCRUTINY_DEMO_DIR=<dir> scrutiny demo load --db X

Defaults: 500 indicators x 80 quarters (40,000 results) ending 2020-21-Q1, the
quarter the benchmark reads. The output is deterministic for a given --seed.
Python 3 standard library only.

With --org CODE, a second, synthetic organisation (docs/API.md, "Organisations")
of the same size but other figures (seed + 1) is written too, into
<out>/org-CODE, to load as that organisation:

  scrutiny orgs create CODE --name NAME --db X
  SCRUTINY_DEMO_DIR=<out>/org-CODE scrutiny demo load --org CODE --db X

(--load X --scrutiny BIN runs both, and the default organisation's demo load,
itself.)
"""

import argparse
import json
import os
import random
import subprocess
import sys

AREAS = [
    "parent-family-support",
    "child-family-assessment",
    "child-protection",
    "looked-after-children",
    "placements",
    "care-leavers",
    "youth-offending",
    "workforce",
    "governance",
]
AREA_ABBR = ["PFS", "CFA", "CP", "LAC", "PLC", "CL", "YOS", "WF", "GOV"]
DEMAND = [  # built-in measures and a plausible starting level
    ("contacts", 5500),
    ("referrals", 1200),
    ("children-in-need", 2500),
    ("looked-after-children", 540),
]
# (unit, decimals, low, high): the range a synthetic value wanders in
UNITS = [
    ("percent", 0, 40.0, 100.0),
    ("percent", 1, 40.0, 100.0),
    ("count", 0, 0.0, 400.0),
    ("days", 0, 5.0, 120.0),
    ("weeks", 1, 10.0, 60.0),
    ("rate_per_10000", 1, 10.0, 90.0),
    ("ratio", 2, 0.5, 3.0),
]
WORDS = (
    "performance remains stable this quarter with case tracking and management oversight "
    "supporting timely work; the service has reviewed its recording practice and expects "
    "further improvement next quarter as new staff complete induction and caseloads fall"
).split()


def quarter_index(qid):
    """'2020-21-Q1' -> 4*2020 + 0."""
    year = int(qid[0:4])
    if qid[4] != "-" or int(qid[5:7]) != (year + 1) % 100 or qid[7:9] != "-Q":
        raise ValueError("bad quarter id %r (want YYYY-YY-Qn)" % qid)
    q = int(qid[9])
    if not 1 <= q <= 4:
        raise ValueError("bad quarter id %r" % qid)
    return year * 4 + (q - 1)


def quarter_id(idx):
    year, q = divmod(idx, 4)
    return "%04d-%02d-Q%d" % (year, (year + 1) % 100, q + 1)


def quarter_month(idx):
    """The last month of the quarter, YYYY-MM (Q1 = April-June -> June)."""
    year, q = divmod(idx, 4)
    month = 6 + 3 * q
    if month > 12:
        year, month = year + 1, month - 12
    return "%04d-%02d" % (year, month)


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def rounded(x, decimals):
    return round(x, decimals) if decimals else int(round(x))


def make_indicators(rng, n, first, middle):
    inds = []
    for i in range(n):
        area_i = i % len(AREAS)
        unit, decimals, low, high = UNITS[(i // len(AREAS)) % len(UNITS)]
        polarity = "higher_is_better" if rng.random() < 0.7 else "lower_is_better"
        annual = i % 25 == 7
        code = "SYN-%s-%03d" % (AREA_ABBR[area_i], i)
        span = high - low
        target = low + span * rng.uniform(0.55, 0.85)
        targets = []
        if i % 20 != 3:  # 5% have no target: "target to be confirmed"
            targets.append({"from_quarter": quarter_id(first),
                            "target": rounded(target, decimals),
                            "tolerance": rounded(span * rng.uniform(0.02, 0.08), decimals)})
            if i % 4 == 0:  # a quarter of them had their target revised
                target += span * rng.uniform(-0.05, 0.05)
                targets.append({"from_quarter": quarter_id(middle),
                                "target": rounded(target, decimals),
                                "tolerance": rounded(span * rng.uniform(0.02, 0.08), decimals)})
        inds.append({
            "def": {
                "code": code,
                "name": "Synthetic %s indicator %d (%s, %s)" % (
                    AREAS[area_i].replace("-", " "), i, unit.replace("_", " "),
                    polarity.replace("_", " ")),
                "description": "Synthetic benchmark indicator. " + sentence(rng, 18),
                "category": "contractual" if i % 5 == 0 else "strategic_partnership",
                "service_area": AREAS[area_i],
                "polarity": polarity,
                "unit": unit,
                "decimals": decimals,
                "frequency": "annual" if annual else "quarterly",
                "benchmarked": i % 3 == 0,
                "active_from": quarter_id(first),
                "active_to": None,
                "targets": targets,
            },
            "state": {"value": target + span * rng.uniform(-0.1, 0.1), "low": low,
                      "high": high, "span": span, "decimals": decimals, "unit": unit,
                      "annual": annual, "fraction": i % 3 == 0 and unit == "percent"},
        })
    return inds


def make_result(rng, ind, qidx):
    d = ind["def"]
    s = ind["state"]
    if s["annual"] and qidx % 4 != 3:
        return {"code": d["code"], "availability": "annual_not_due"}
    r = rng.random()
    if r < 0.02:
        return {"code": d["code"], "availability": "not_available",
                "reason": "Case management system migration",
                "commentary": "Not available: " + sentence(rng, 10)}
    if r < 0.025:
        return {"code": d["code"], "availability": "suspended", "reason": "Covid-19"}
    s["value"] += s["span"] * rng.uniform(-0.04, 0.04)
    s["value"] = min(max(s["value"], s["low"]), s["high"])
    out = {"code": d["code"], "availability": "reported"}
    if s["fraction"]:
        den = rng.randint(40, 2000)
        num = min(den, max(0, int(round(den * s["value"] / 100.0))))
        out["numerator"] = num
        out["denominator"] = den
    else:
        out["value"] = rounded(s["value"], s["decimals"])
    out["commentary"] = sentence(rng, rng.randint(12, 30))
    return out


FINANCE_LINES = [  # code, name, parent, net budget level
    ("children-looked-after", "Children Looked After", None, 28000),
    ("out-of-area-placements", "Out of Area Placements", "children-looked-after", 9000),
    ("other-children-family-services", "Other Children and Family Services", None, 1500),
    ("family-support-services", "Family Support Services", None, 3000),
    ("youth-justice", "Youth Justice", None, 1800),
    ("safeguarding", "Safeguarding Children and Young People's Services", None, 13000),
    ("services-for-young-people", "Services for Young People", None, 300),
    ("support-services-management", "Support Services and Management Costs", None, 3000),
]


def make_finance(rng, qidx, growth):
    lines = []
    contract = 0
    for code, name, parent, level in FINANCE_LINES:
        net = int(level * growth * rng.uniform(0.97, 1.03))
        income = -int(net * rng.uniform(0.0, 0.15)) if rng.random() < 0.5 else 0
        gross = net - income
        o_gross = int(gross * rng.uniform(0.96, 1.06))
        o_income = int(income * rng.uniform(0.9, 1.1))
        line = {"code": code, "name": name,
                "budget": {"gross": gross, "income": income, "net": gross + income},
                "outturn": {"gross": o_gross, "income": o_income, "net": o_gross + o_income}}
        if parent:
            line["parent"] = parent
        else:
            contract += gross + income
            if rng.random() < 0.3:
                line["covid_variance_net"] = -rng.randint(0, 600)
        lines.append(line)
    # the contract value funds the lot: income only
    lines.append({"code": "contract-value", "name": "Contract Value",
                  "budget": {"gross": 0, "income": -contract, "net": -contract},
                  "outturn": {"gross": 0, "income": -contract - 20, "net": -contract - 20}})
    return {"units": "gbp_thousands", "as_at": quarter_month(qidx), "lines": lines}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="folder to write (created; files replaced)")
    ap.add_argument("--indicators", type=int, default=500)
    ap.add_argument("--quarters", type=int, default=80)
    ap.add_argument("--last", default="2020-21-Q1", help="the last quarter (default 2020-21-Q1)")
    ap.add_argument("--seed", type=int, default=20201)
    ap.add_argument("--org", help="also write a second, synthetic organisation with this code")
    ap.add_argument("--org-name", help="its name (default: 'Synthetic organisation CODE')")
    ap.add_argument("--load", metavar="DB",
                    help="load the data into DB (the default organisation, and --org's)")
    ap.add_argument("--scrutiny", default="build/server/scrutiny",
                    help="the scrutiny binary for --load (default build/server/scrutiny)")
    a = ap.parse_args(argv)
    if a.indicators < 1 or a.indicators > 1000 or a.quarters < 1 or a.quarters > 400:
        ap.error("--indicators takes 1-1000 (codes have 3 digits), --quarters 1-400")
    # the code rule of every code (lib/model/jv.c, SC_CODE_RULE)
    if a.org is not None and (not 1 <= len(a.org) <= 64 or not a.org[0].isalnum() or
                              not all(c.isascii() and (c.isalnum() or c in "._-") for c in a.org)
                              or a.org == "default"):
        ap.error("--org takes 1-64 of A-Z a-z 0-9 . _ -, starting with a letter or digit "
                 "(and not 'default', the default organisation's)")

    hist = write_dataset(a.out, a.indicators, a.quarters, a.last, a.seed)
    print("gen.py: history code for the benchmark: %s" % hist)
    org_dir = None
    if a.org:
        org_dir = os.path.join(a.out, "org-" + a.org)
        write_dataset(org_dir, a.indicators, a.quarters, a.last, a.seed + 1)
        name = a.org_name or "Synthetic organisation %s" % a.org
        print("gen.py: organisation %s: scrutiny orgs create %s --name '%s' --db X && "
              "SCRUTINY_DEMO_DIR=%s scrutiny demo load --org %s --db X" % (
                  a.org, a.org, name, org_dir, a.org))
    if a.load:
        env = dict(os.environ, SCRUTINY_DEMO_DIR=a.out)
        subprocess.run([a.scrutiny, "demo", "load", "--db", a.load], env=env, check=True)
        if a.org:
            subprocess.run([a.scrutiny, "orgs", "create", a.org, "--name", name, "--db", a.load],
                           check=True)
            env = dict(os.environ, SCRUTINY_DEMO_DIR=org_dir)
            subprocess.run([a.scrutiny, "demo", "load", "--org", a.org, "--db", a.load], env=env,
                           check=True)
    return 0


def write_dataset(out, n_indicators, n_quarters, last_id, seed):
    """Writes one organisation's folder; returns the first indicator's code."""
    rng = random.Random(seed)
    last = quarter_index(last_id)
    first = last - n_quarters + 1
    os.makedirs(out, exist_ok=True)

    inds = make_indicators(rng, n_indicators, first, first + n_quarters // 2)
    defs = {"description": "Synthetic benchmark indicators (bench/gen.py, seed %d)." % seed,
            "indicators": [x["def"] for x in inds]}
    with open(os.path.join(out, "definitions-synthetic.json"), "w") as f:
        json.dump(defs, f, indent=1)

    demand = {code: level for code, level in DEMAND}
    returns = []
    nresults = 0
    for k in range(n_quarters):
        qidx = first + k
        qid = quarter_id(qidx)
        results = [make_result(rng, ind, qidx) for ind in inds]
        nresults += len(results)
        for code in demand:
            demand[code] = max(0, int(demand[code] * rng.uniform(0.93, 1.08)))
        doc = {"quarter": qid,
               "indicators": results,
               "demand": [{"code": c, "value": v} for c, v in demand.items()],
               "finance": make_finance(rng, qidx, 1.0 + 0.01 * k)}
        name = "return-%s.json" % qid
        with open(os.path.join(out, name), "w") as f:
            json.dump(doc, f, indent=1)
        returns.append({"quarter": qid, "file": name})

    manifest = {"description": "Synthetic benchmark data: %d indicators x %d quarters "
                               "(%s to %s), full demand and finance; made by bench/gen.py "
                               "--seed %d." % (n_indicators, n_quarters, quarter_id(first),
                                               quarter_id(last), seed),
                "definitions": ["definitions-synthetic.json"],
                "returns": returns}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    print("gen.py: %d indicators, %d quarters (%s to %s), %d results -> %s" % (
        n_indicators, n_quarters, quarter_id(first), quarter_id(last), nresults, out))
    return inds[0]["def"]["code"]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
