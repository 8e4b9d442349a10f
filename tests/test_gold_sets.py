"""The fictional gold sets beside corpora/heldout: devset2-11 (diagnosis), heldout2-7 (blind), and the
interview sets talk2 and talk4 (diagnosis) and talk3 and talk5 (blind), whose units are the
respondents' passages.
(The README counts are checked here for corpora/heldout too.)

Each must load with the codebook's ids, consist of verbatim sentences that align one-to-one with
miner's passages, cover every body sentence, and match the counts its README states. A set that
quietly stops aligning scores every unit as "left uncoded"; these tests make that a failure. They
say nothing about the coder's scores (benchmarks/heldout.py measures those).
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from miner.codebook_io import load_codebook
from miner.evaluation import align, corpus_from_sources, evaluate, load_units_gold, text_key

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "devset2": {"tussenevaluatie-koersbepalen-lindewaarde-2025.txt": 119,
                "brief-cvb-rvt-loopbaanhuis-kromstede-2025.txt": 103},
    "heldout2": {"evaluatie-loopbaanlijn-lindewaard-2025.txt": 135,
                 "jaarverslag-brede-vaart-2024-2025-lob.txt": 102},
    "devset3": {"monitorrapportage-lob-scholengroep-de-wieken-2025.txt": 97,
                "themaonderzoek-snuffelstages-bedrijfsbezoeken-veenland-2025.txt": 97},
    "heldout3": {"themaonderzoek-loopbaanbegeleiding-vo-mbo-2026.txt": 140,
                 "eindrapportage-tussenstap-westerhaven-2026.txt": 102},
    "devset4": {"kamerbrief-beleidsreactie-richting-kiezen-2026.txt": 107,
                "evaluatie-studiekeuzebegeleiding-hogeschool-ravenmeer-2026.txt": 123},
    "heldout4": {"praktijkonderzoek-loopbaangesprekken-tolhuysen-2026.txt": 133,
                 "beleidsevaluatie-overstap-binding-zwanebeek-2026.txt": 98},
    "devset5": {"kamerbrief-voortgang-lob-overgangen-2025.txt": 105,
                "eindevaluatie-stimuleringsregeling-lob-mbo-2025.txt": 105},
    "heldout5": {"eindrapportage-loopbaan-op-koers-mbo-2025.txt": 97,
                 "evaluatie-kenniscentrum-loopbaanwijs-2026.txt": 98},
    "devset6": {"themarapport-loopbaanbegeleiding-mbo-inspectie-2026.txt": 104,
                "tussenevaluatie-programma-kiesvaardig-2026.txt": 100},
    "devset7": {"zelfevaluatie-lob-de-wieken-2025.txt": 100,
                "rapport-studiekeuze-uitval-hbo-2025.txt": 116},
    "devset8": {"rekenkamer-overstappen-oosterdijk-2025.txt": 110,
                "eindverslag-pilot-loopbaancoaches-mbo-2025.txt": 98},
    "devset9": {"loopbaanbegeleiding-volgens-studenten-mbo-2026.txt": 97,
                "ouderbetrokkenheid-studiekeuze-vmbo-haverdal-2026.txt": 101},
    "devset10": {"evaluatie-overgang-werk-pro-vso-zandmeer-2025.txt": 101,
                 "jaarverslag-hoofdstuk-lob-rivierstede-college-2025.txt": 91},
    "devset11": {"tussenevaluatie-talentroute-veenhorst-2025.txt": 92,
                 "advies-loopbaan-van-begin-tot-eind-aot-2026.txt": 91},
    "heldout6": {"onderzoek-koersvast-vmbo-2026.txt": 94,
                 "jaarrapportage-vsv-lingemonde-2025.txt": 97},
    "talk2": {"interview-bedrijfsopleiders-techniek-2024.txt": 73,
              "groepsgesprek-mbo-studenten-switch-2024.txt": 74,
              "interview-gemeente-rmc-2025.vtt": 49},
    "talk3": {"interview-schoolleider-decaan-havo-2025.txt": 73,
              "groepsgesprek-ouders-praktijkonderwijs-2025.vtt": 64},
    "heldout7": {"kamerbrief-antwoorden-lob-vmbo-mbo-2026.txt": 105,
                 "evaluatie-werkleerroute-terugkoers-oosterbraak-2025.txt": 106},
    "talk4": {"interview-decaan-vmbo-doorstroom-2025.txt": 67,
              "zoom-slb-hbo-studiekeuzecheck-2025.srt": 61,
              "interview-jongerenwerk-leerplicht-2024.txt": 64},
    "talk5": {"interview-praktijkopleider-zorg-2025.txt": 71,
              "groepsgesprek-havo4-profielkeuze-2025.txt": 75},
    "heldout8": {"evaluatie-slb-eerste-jaar-hogeschool-eemhaven-2026.txt": 102,
                 "eindevaluatie-techverbond-zuidervliet-2026.txt": 97},
    "talk6": {"teams-mentoren-vmbo-2025.vtt": 73, "interview-entree-switch-2025.txt": 72},
    "devset12": {"jaarverslag-lindeweerd-lob-2025-2026.txt": 100, "evaluatie-gelijke-kansen-noordrand-2025.txt": 104},
    "talk7": {"interview-mentor-havo-2025.txt": 61, "teams-studenten-mbo-zorg-2025.vtt": 60,
              "interview-beleidsmedewerker-gemeente-2024.txt": 57},
    "heldout9": {"eindevaluatie-vakmensen-voor-de-klas-zuidermark-2025.txt": 105,
                 "kwaliteitsrapportage-slb-roc-de-wielen-2025.txt": 104},
    "talk8": {"interview-werkgever-bouw-2025.txt": 70, "zoom-ouders-vmbo-2025.srt": 74},
    "devset13": {"evaluatie-lob-vso-praktijkonderwijs-2025.txt": 98, "verslag-netwerkconferentie-decanen-2026.txt": 93},
    "talk9": {"interview-bpv-coordinator-mbo-2025.txt": 60, "teams-docenten-vso-2025.vtt": 63,
              "interview-opleidingsmanager-hbo-2024.txt": 60},
    "devset14": {"lob-beleidsplan-2026-2030-scholengemeenschap.txt": 98, "visitatierapport-eerste-jaar-hbo-2025.txt": 92},
    "talk10": {"interview-wethouder-jeugd-onderwijs-2025.docx": 63, "zoom-studentenpanel-hbo-2025.srt": 62,
               "interview-horeca-werkgever-2024.txt": 51},    "devset15": {"eindrapport-pilot-loopbaanorientatie-basisonderwijs-2025.txt": 100,
                 "evaluatie-doorstroomprogramma-mbo-hbo-2026.txt": 95},    "talk11": {"interview-basisschool-groep8-2025.txt": 64, "teams-student-en-moeder-hbo-2025.vtt": 61,
               "interview-inspecteur-onderwijs-2024.txt": 50},    "devset16": {"evaluatie-landelijk-kenniscentrum-loopbaanleren-2025.txt": 101,
                 "evaluatie-loopbaanbegeleiding-nieuwkomers-isk-2026.txt": 94},    "talk12": {"interview-isk-docent-en-leerling-2025.txt": 64, "zoom-regionaal-lob-netwerk-2024.srt": 62,
               "interview-teamleider-decaan-vmbo-2025.txt": 61},    "devset17": {"verslag-stuurgroep-overstap-vo-mbo-2025.txt": 101,
                 "beleidsnotitie-aanpak-jeugdwerkloosheid-2026.txt": 94},    "talk13": {"teams-entree-student-en-jobcoach-2025.vtt": 64, "interview-lector-loopbaanonderzoek-2024.txt": 63,
               "interview-particuliere-loopbaancoach-2025.txt": 53},    "devset18": {"jaarverslag-loopbaancentrum-roc-2025.txt": 101, "monitor-loopbaanorientatie-leerlingen-2025.txt": 99},    "talk14": {"interview-praktijkonderwijs-mentor-leerlingen-2025.txt": 63, "teams-hr-ziekenhuis-bbl-2024.vtt": 58,
               "interview-schoolmaatschappelijk-werk-2025.txt": 52},
    "devset19": {"kamerbrief-loopbaanbegeleiding-2026.txt": 106,
        "beleidsreactie-evaluatie-steunpunt-2026.txt": 87},
    "devset20": {"eindrapportage-stimuleringsproject-lob-vo-2025.txt": 110,
        "evaluatie-regionaal-expertisecentrum-lob-2025.txt": 96},
    "devset21": {"evaluatie-doorstroomprogramma-havo-hbo-2025.txt": 97,
        "syntheserapport-pilots-lob-praktijkonderwijs-2024.txt": 87},
    "devset22": {"themaonderzoek-inspectie-lob-mbo-2025.txt": 112,
        "evaluatie-programma-jongeren-in-beeld-2024.txt": 105},
    "devset23": {"tussenevaluatie-landelijk-steunpunt-loopbaanleren-2023.txt": 107,
        "eindverslag-ontwikkelproject-loopbaandialoog-mbo-2019.txt": 110},
    "devset24": {"beleidsbrief-toekomst-lob-vo-mbo-2024.txt": 104,
        "evaluatie-regionale-aanpak-overstap-vmbo-mbo-2023.txt": 97},
    "devset25": {"procesevaluatie-lob-implementatie-scholengroep-ijsselmond-2025.txt": 111,
        "onderzoeksrapport-effect-loopbaangesprekken-studiesucces-2024.txt": 92},
    "devset26": {"jaarrapportage-subsidieregeling-lob-regio-2024.txt": 98,
        "evaluatie-loopbaanweek-hbo-open-dagen-2025.txt": 97},
    "devset27": {"verkenning-lob-en-digitale-hulpmiddelen-vo-2025.txt": 102,
        "verslag-evaluatiesessies-lob-netwerk-zuidwest-2024.txt": 86},
    "talk15": {"focusgroep-mentoren-lyceum-de-brink-2025.txt": 68,
        "teams-directeur-vmbo-de-zandloper-2024.vtt": 61,
        "zoom-netwerkcoordinator-dijkvallei-2025.srt": 58},
    "talk16": {"interview-switchers-hbo-eemvliet-2025.txt": 71,
        "zoom-ouders-keuze-mbo-2024.srt": 70,
        "teams-loopbaanadviseur-vaartland-2025.vtt": 67},
    "talk17": {"focusgroep-vmbo-leerjaar3-de-vlonder-2025.txt": 72,
        "teams-stagecoordinator-praktijkonderwijs-2025.vtt": 67,
        "interview-havo-mentor-biologie-2024.srt": 64},
    "talk18": {"interview-projectleider-loopbaannetwerk-2025.txt": 69,
        "gesprek-entreestudent-jobcoach-2025.vtt": 69,
        "interview-rector-havo-vwo-2024.srt": 63},    "talk19": {"interview-vmbo-basis-mentor-praktijkdocent-2025.txt": 70,
        "teams-student-hbo-overstap-2024.vtt": 70,
        "zoom-brancheorganisatie-technische-bedrijven-2025.srt": 60},
    "devset28": {"evaluatie-module-loopbaanbegeleiding-lerarenopleiding-2025.txt": 100,
        "eindrapport-esf-project-jongeren-zonder-werk-of-opleiding-2023.txt": 100},
    "devset29": {"raadsinformatiebrief-aanpak-jeugdwerkloosheid-en-lob-2025.txt": 95,
        "factsheet-uitkomsten-monitor-studiekeuze-mbo-hbo-2024.txt": 83},
    "devset30": {"sectorrapport-loopbaanbegeleiding-bbl-leerbedrijven-2025.txt": 97,
        "evaluatie-peer-mentoring-eerstejaars-hbo-2024.txt": 99},
    "devset31": {"tussenrapportage-lectoraat-ontwerpgericht-onderzoek-lob-vmbo-2025.txt": 96,
        "verslag-bestuurlijk-overleg-regionale-lob-agenda-2024.txt": 85},
    "devset32": {"evaluatie-loopbaanleren-groen-onderwijs-aoc-2025.txt": 105,
        "quickscan-voorlichtingsmateriaal-mbo-instellingen-2024.txt": 86},
    "devset33": {"jaarverslag-samenwerkingsverband-passend-onderwijs-overgangen-2024.txt": 91,
        "evaluatie-zomerschool-overstap-vmbo-mbo-2025.txt": 97},
    "talk21": {"interview-slb-social-work-eerstejaars-2025.txt": 70,
        "groepsgesprek-stage-mbo-haverland-2024.srt": 69,
        "teams-bestuur-scholengroep-ravenstede-2025.vtt": 60},
    "talk20": {"teams-focusgroep-ouders-2025.vtt": 70,
        "interview-studiekeuzecoordinator-universiteit-2024.txt": 59,
        "zoom-jongerenwerker-kolkwijk-2025.srt": 50},
}
TRANSCRIPT_SETS = {"talk2", "talk3", "talk4", "talk5", "talk6", "talk7", "talk8", "talk9", "talk10", "talk11", "talk12", "talk13", "talk14", "talk15", "talk16", "talk17", "talk18", "talk19", "talk20", "talk21"}   # units are respondent passages; speakers.csv gives the roles


@pytest.fixture(scope="module")
def codebook():
    return load_codebook("lob")


@pytest.fixture(scope="module", params=sorted(SETS))
def gold_set(request, codebook):
    folder = ROOT / "corpora" / request.param
    gold = load_units_gold(folder / "units.jsonl", folder / "labels.jsonl",
                           set(codebook.type_ids()), set(codebook.theme_ids()))
    corpus, errors = corpus_from_sources(gold, folder, lambda passages: [])
    assert errors == []
    return request.param, folder, gold, corpus


def test_documents_unit_counts_and_ids(gold_set):
    name, _, gold, _ = gold_set
    assert Counter(u.doc for u in gold.units) == Counter(SETS[name])
    ids = [u.id for u in gold.units]
    assert len(ids) == len(set(ids))
    assert all((u.type == "none") == (not u.themes) and len(u.themes) <= 3 for u in gold.units)


def test_units_are_verbatim_and_in_document_order(gold_set):
    _, folder, gold, _ = gold_set
    for doc in SETS[gold_set[0]]:
        # A subtitle cue wraps its text over lines, and a sentence may run on into the next cue:
        # compare with the cue scaffolding (numbers, timings, voice tags) left out and runs of white
        # space as one space.
        if doc.endswith(".docx"):
            import docx

            text = "\n".join(par.text for par in docx.Document(str(folder / doc)).paragraphs)
        else:
            text = (folder / doc).read_text(encoding="utf-8")
        if doc.endswith((".srt", ".vtt")):
            kept, first = [], False
            for ln in text.splitlines():
                if "-->" in ln:
                    first = True        # the cue's first text line may open with "Naam: "
                    if kept and kept[-1].strip():
                        kept.pop()      # the cue's identifier ("5c1e.../12-1" in a Teams export)
                    continue
                if re.fullmatch(r"\s*(\d+|WEBVTT.*)\s*", ln):
                    continue
                ln = re.sub(r"</?v[^>]*>", "", ln)
                if first and doc.endswith(".srt"):
                    ln = re.sub(r"^[^:]{1,40}:\s+", "", ln)
                first = False
                kept.append(ln)
            text = "\n".join(kept)
        text = " ".join(text.split())
        at = 0
        for u in gold.units:
            if u.doc == doc:
                # searched from the previous unit on: a short answer ("Ja.") occurs many times
                at = text.find(" ".join(u.text.split()), at)
                assert at != -1, (doc, u.id)
                at += len(u.text)


def test_every_unit_aligns_to_one_passage_and_every_passage_has_a_unit(gold_set, codebook):
    name, _, gold, corpus = gold_set
    ev = evaluate(gold, corpus, codebook.type_ids(), codebook.theme_ids())
    assert ev.summary["alignment"]["coverage"] == 1.0
    assert ev.summary["alignment"]["by_method"] == {"exact": len(gold.units)}
    alignments = align(gold.units, corpus)
    assert all(len(alignments[u.id].passage_ids) == 1 for u in gold.units)
    covered = {(a.document, pid) for a in alignments.values() for pid in a.passage_ids}
    # every passage of the body has a unit; in a transcript, the respondents' turns (the preamble
    # and the interviewer's turns are not units)
    def body(p):
        return p.kind == "turn" and p.role == "respondent" if name in TRANSCRIPT_SETS else p.kind != "heading"
    left = [p.text for d in corpus.documents.values() for p in d.passages
            if body(p) and (d.id, p.passage_id) not in covered]
    assert left == []


@pytest.mark.parametrize("name", sorted(TRANSCRIPT_SETS))
def test_transcript_sets_have_interviewers_and_respondents(name, codebook):
    folder = ROOT / "corpora" / name
    gold = load_units_gold(folder / "units.jsonl", folder / "labels.jsonl",
                           set(codebook.type_ids()), set(codebook.theme_ids()))
    corpus, errors = corpus_from_sources(gold, folder, lambda passages: [])
    assert errors == []
    for d in corpus.documents.values():
        roles = Counter(p.role for p in d.passages if p.kind == "turn")
        assert roles["interviewer"] > 0 and roles["respondent"] > 0 and set(roles) <= {"interviewer", "respondent"}, d.id


@pytest.mark.parametrize("name", ["heldout", *sorted(SETS)])
def test_readme_counts_match_the_labels(name, codebook):
    folder = ROOT / "corpora" / name
    gold = load_units_gold(folder / "units.jsonl", folder / "labels.jsonl",
                           set(codebook.type_ids()), set(codebook.theme_ids()))
    readme = (folder / "README.md").read_text(encoding="utf-8")
    types = Counter(u.type for u in gold.units)
    themes = Counter(t for u in gold.units for t in u.themes)
    if name in TRANSCRIPT_SETS:
        # one row per transcript, then "| **total** | **units** | **success** | ... |"
        header = re.search(r"^\| transcript \| units \| (.+) \|$", readme, re.M).group(1).split(" | ")
        total = re.search(r"^\| \*\*total\*\* \| (.+) \|$", readme, re.M).group(1).replace("*", "").split(" | ")
        assert int(total[0]) == len(gold.units)
        assert {k: int(v) for k, v in zip(header, total[1:]) if int(v)} == dict(types)
        return
    rows = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| (\w+) \|[^\n]*\| (\d+) \|$", readme, re.M)}
    assert {k: rows[k] for k in types} == dict(types)
    assert {k: rows[k] for k in themes} == dict(themes)


def test_no_sentence_is_shared_with_another_set(gold_set):
    name, _, gold, _ = gold_set
    ours = {text_key(u.text) for u in gold.units if len(text_key(u.text)) >= 40}
    for other in ("heldout", *SETS, "demo-source/transcript-gold"):
        if other == name:
            continue
        path = ROOT / "corpora" / other / "units.jsonl"
        theirs = {text_key(json.loads(line)["text"]) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
        assert not (ours & theirs), other


@pytest.mark.shared
def test_no_sentence_comes_from_the_shared_dev_gold_shared(gold_set):
    """Independence: the fictional sets are not built from the dev gold's (copyrighted) sentences."""
    shared = ROOT.parent / "shared" / "dev-units.jsonl"
    if not shared.exists():
        pytest.skip(f"the shared development gold is not at {shared}")
    _, _, gold, _ = gold_set
    dev = {text_key(json.loads(line)["text"]) for line in shared.read_text(encoding="utf-8").splitlines() if line.strip()}
    ours = {text_key(u.text) for u in gold.units if len(text_key(u.text)) >= 40}
    assert ours and not (ours & dev)


@pytest.mark.parametrize("folder", sorted(p.parent.name for p in (ROOT / "corpora").glob("*/labels-coder2.jsonl")))
def test_a_second_coding_covers_the_same_units(folder, codebook):
    """benchmarks/intercoder.py compares two codings unit by unit: both must label every unit."""
    d = ROOT / "corpora" / folder
    first = load_units_gold(d / "units.jsonl", d / "labels.jsonl", set(codebook.type_ids()), set(codebook.theme_ids()))
    second = load_units_gold(d / "units.jsonl", d / "labels-coder2.jsonl", set(codebook.type_ids()), set(codebook.theme_ids()))
    assert [u.id for u in first.units] == [u.id for u in second.units]
    assert all((u.type == "none") == (not u.themes) and len(u.themes) <= 3 for u in second.units)
