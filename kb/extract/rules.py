"""The rules that turn sentences into draft statements: who said or did what, how sure, when.

Each sentence is read on its own, with the last speaker carried over for "He also said". A
speech verb with a speaker makes one statement; what was said decides its kind (a refusal, a
demand, an offer) unless the verb does ("ruled out"), and a plan or expectation in what was
said ("Washington will contact Moscow on March 12") becomes the event itself, with the speaker
as ``according_to``. Sentences nobody is quoted in give events (military ones, visits) and the
article's own readings. Every draft names the rule that made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicon as lx
from .gazetteer import Entry, Gazetteer, Mention
from .sentences import Sentence

SPEECH_KINDS = {"Proposal", "Acceptance", "Rejection", "Position", "Demand", "Assessment"}
_PRONOUN = re.compile(r"(?:^|[\s,;])(?P<p>he|she|they|the\s+(?:minister|president|spokesman|spokeswoman|"
                      r"spokesperson|envoy|official|senator|lawmaker|diplomat|negotiator|leader|chancellor|premier))"
                      r"\s*$", re.IGNORECASE)
_CONTENT_SUBJECT_PRONOUN = re.compile(r"^\s*(?:that\s+)?(?:it|he|she|they|we|i)\b", re.IGNORECASE)
_ROLE_WORDS = (r"(?:(?:[A-Z][\w'-]*\s+)*(?:President|Prime\s+Minister|Minister|Secretary|Spokesman|Spokeswoman|"
               r"Spokesperson|spokesman|spokeswoman|spokesperson|Senator|Lawmaker|lawmaker|Ambassador|ambassador|"
               r"Envoy|envoy|Chancellor|General|Gen\.|Commander|commander|Advisor|Adviser|adviser|advisor|Chief|chief|"
               r"negotiator|Negotiator|official|Official|Director|director|Mediator|mediator|MP|Deputy|deputy|"
               r"Foreign\s+Minister|Governor|Mayor|King|Emir|Sheikh|Speaker|Lieutenant|Colonel|analyst|expert|Dr\.|"
               r"Mr\.|Ms\.|Mrs\.)\s+)")
_NAME = r"(?P<name>[A-Z][a-zà-ÿ'’-]+(?:\s+(?:al-|bin\s+|de\s+|van\s+|von\s+)?[A-Z][a-zà-ÿ'’-]+){1,2})"
_WHEN = r"(?:\s+(?:on|last|this|late|early)\s+\w+|\s+(?:yesterday|today|overnight))?"
_PERSON_BEFORE_SPEECH = re.compile(rf"(?P<role>{_ROLE_WORDS}+)?{_NAME}(?=\s*(?:,[^,]{{3,90}},\s*)?{_WHEN}\s+{lx._AUX}"
                                   rf"(?:{'|'.join(lx.SPEECH_VERBS)}|met|travell?ed|visited|arrived|flew|called|phoned|will|is\s+expected)"
                                   rf"\b)")
_PERSON_AFTER_ACCORDING = re.compile(rf"(?:according\s+to|said)\s+(?P<role>{_ROLE_WORDS}+)?{_NAME}")
_APPOSITIVE = re.compile(r"^,\s*(?P<role>(?:an?|the)\s+[^,]{3,90}?|(?:[a-z][^,]{2,90}?)),")
_NOT_NAMES = {"The", "In", "On", "At", "But", "And", "While", "Meanwhile", "According", "Speaking", "However",
              "Some", "Earlier", "Later", "Last", "Next", "This", "That", "Monday", "Tuesday", "Wednesday",
              "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June",
              "July", "August", "September", "October", "November", "December", "He", "She", "They"}


@dataclass
class Draft:
    """A statement as extraction proposes it, before it is written as RDF."""

    kind: str
    actors: list[str]
    rule: str
    start: int  # the quote's offsets in the article text
    end: int
    status: str = "Occurred"
    counterparts: list[str] = field(default_factory=list)
    according_to: list[str] = field(default_factory=list)
    clause: tuple[int, int] = (0, 0)  # where in the sentence the statement's own words are
    summary: str = ""
    reported_by: list[str] = field(default_factory=list)  # outlets named in the sentence ("Politico reported")
    anchor: int | None = None  # where an event's own words are: its date is the one nearest after them


@dataclass
class Context:
    """What reading goes on from sentence to sentence: the gazetteer (learning new speakers) and the last speaker."""

    gazetteer: Gazetteer
    voice: str | None  # the article's own voice, for its readings
    last_speaker: str | None = None
    new_actors: dict[str, Entry] = field(default_factory=dict)


def read_sentence(sentence: Sentence, ctx: Context) -> list[Draft]:
    """The drafts one sentence gives."""
    _learn_speakers(sentence.text, ctx)
    mentions = _people_over_states([m for m in ctx.gazetteer.find(sentence.text) if not _is_outlet(ctx, m.iri)],
                                   sentence.text, ctx)
    cues = _speech_cues(sentence.text, mentions, ctx)
    drafts = []
    for number, (start, end, verb, speaker, rule) in enumerate(cues):
        clause_end = cues[number + 1][0] if number + 1 < len(cues) else len(sentence.text)
        if len(re.findall(r"\w+", sentence.text[end:clause_end])) < 3:
            # "…, the foreign ministry said." / '"We are not naive," he said.': what was said comes first
            clause_start = cues[number - 1][1] if number else 0
            end, clause_end = clause_start, _speaker_phrase_start(sentence.text, start, speaker, mentions)
            reported = sentence.text[end:clause_end].lstrip()[:1] not in {'"', "“"}
        else:
            reported = False
        drafts.extend(_said(sentence, ctx, mentions, speaker, verb, rule, end, clause_end, reported, start))
    if not cues:
        events = _events_in(sentence, ctx, mentions, 0, len(sentence.text), speaker=None)
        readings = _narrator(sentence, ctx, events)
        if readings and readings[0].clause[0] < _lead_length(sentence.text):
            # "the front has shown signs of stability as the offensive stalls": a reading, not an event
            events = [e for e in events if e.rule != "event:military"]
        drafts.extend(events + readings)
    outlets = [m.iri for m in ctx.gazetteer.find(sentence.text) if _is_outlet(ctx, m.iri)]
    for draft in drafts:
        draft.start, draft.end = sentence.start, sentence.end
        draft.reported_by = _unique(outlets)
        if not draft.summary:
            draft.summary = _summary(sentence.text, draft, ctx)
    return drafts


def _people_over_states(mentions: list[Mention], text: str, ctx: Context) -> list[Mention]:
    """"Kremlin spokesman Dmitry Peskov", "Russian President Vladimir Putin": the person, not the state."""
    kept = []
    for number, mention in enumerate(mentions):
        following = mentions[number + 1] if number + 1 < len(mentions) else None
        if (following and ctx.gazetteer.entries[mention.iri].kind != "Person"
                and ctx.gazetteer.entries[following.iri].kind == "Person"
                and re.fullmatch(r"(?:\s+(?:[A-Z][\w.'-]*|of|for|the|and|on|to))*\s+(?:[a-z]+\s+)?",
                                 text[mention.end:following.start])
                and following.start - mention.end < 70):
            continue
        kept.append(mention)
    return kept


def _is_outlet(ctx: Context, iri: str) -> bool:
    return ctx.gazetteer.entries[iri].kind == "NewsMediaOrganization"


def _speech_cues(text: str, mentions: list[Mention], ctx: Context) -> list[tuple[int, int, str, str, str]]:
    """(start, end, verb, speaker, rule) for each thing said in the sentence, left to right."""
    cues = []
    for match in lx.ACCORDING_TO.finditer(text):
        after = [m for m in mentions if m.start >= match.end() and m.start - match.end() < 40]
        if after and re.match(r"\s+[a-z]", text[after[0].end:]):  # "according to Ukrainian figures": no speaker
            continue
        if after and after[0].iri != ctx.voice and ctx.gazetteer.entries[after[0].iri].kind != "NewsMediaOrganization":
            comma = text.find(",", after[0].end)
            cues.append((match.start(), comma + 1 if comma > 0 else after[0].end, "according to", after[0].iri,
                         "speech:according-to"))
    for match in lx.SPEECH.finditer(text):
        verb = re.sub(r"\s+", " ", match.group("verb").lower())
        if (lx.NOT_ASSERTED.search(text[:match.start("verb")]) or _inside_cue(match.start(), cues)
                or re.search(r"\b(?:been|be|being|was|were|is|are)\s+(?:\w+ly\s+)?$", text[:match.start("verb")])
                or re.search(r"\b(?:if|unless|whether|in\s+case)\b[^,;]*$", text[:match.start()], re.IGNORECASE)):
            continue
        earlier = [c for c in cues if c[1] <= match.start()]
        speaker = _subject_before(text, match.start(), mentions, ctx,
                                  previous=earlier[-1][3] if earlier else ctx.last_speaker,
                                  after=earlier[-1][1] if earlier else 0)
        if speaker:
            cues.append((match.start(), match.end(), verb, speaker, f"speech:{verb.replace(' ', '-')}"))
            cues.sort()
    cues.sort()
    for match in lx.PARTICIPLE.finditer(text):
        earlier = [c for c in cues if c[0] < match.start()]
        if earlier and match.group("verb").lower() != "saying":
            cues.append((match.start(), match.end(), match.group("verb").lower(), earlier[-1][3],
                         f"speech:{match.group('verb').lower().replace(' ', '-')}"))
    cues.sort()
    if cues:
        ctx.last_speaker = cues[-1][3]
    return cues


def _speaker_phrase_start(text: str, verb_at: int, speaker: str, mentions: list[Mention]) -> int:
    """Where "the Qatari foreign ministry said" begins: the last comma or quote before the verb."""
    cut = max(text.rfind(",", 0, verb_at), text.rfind("”", 0, verb_at), text.rfind('"', 0, verb_at))
    return cut if cut > 0 else verb_at


def _inside_cue(position: int, cues) -> bool:
    return any(start <= position < end for start, end, *_ in cues)


def _subject_before(text: str, verb_at: int, mentions: list[Mention], ctx: Context, *,
                    previous: str | None = None, after: int = 0) -> str | None:
    """Who speaks: the nearest actor named before the verb in the same clause (not before the
    previous cue), the previous speaker for "… and urged", the last one for "He"."""
    before = text[:verb_at]
    clause_start = max(before.rfind(" that "), before.rfind(";"), before.rfind(" which "), before.rfind(" where "),
                       before.rfind(" while "), before.rfind(" but "), after - 1)
    if re.search(r"\band\s*$", before) and previous:  # "stressed … and urged Moscow"
        return previous
    if _PRONOUN.search(before):
        return ctx.last_speaker
    appositive = re.search(r",[^,]{3,110},\s*$", before)  # "Fyodor Lukyanov, a foreign policy expert…, said"
    limit = appositive.start() if appositive else verb_at
    candidates = [m for m in mentions if clause_start < m.start and m.end <= limit]
    candidates = [m for m in candidates if not re.match(r"\s*'s\b|\s*’s\b", text[m.end:m.end + 3])
                  or _only_possessive_role(text, m)]
    if not candidates:
        return None
    chosen = candidates[-1]
    gap = text[chosen.end:limit]
    if len(gap) > 120 or re.search(r"[.;,]", gap):  # "…killed 12 people overnight, medics said": not the speaker
        return None
    return chosen.iri


def _only_possessive_role(text: str, mention: Mention) -> bool:
    """"Andriy Yermak's chief of staff said" — the article means the person named."""
    return bool(re.match(r"\s*['’]s\s+(?:[\w-]+\s+){0,3}(?:chief\s+of\s+staff|spokes\w+|office|government|army|"
                         r"ministry|military|cabinet|presidency|delegation|negotiators?|mission|embassy|council)\b",
                         text[mention.end:mention.end + 60]))


def _said(sentence: Sentence, ctx: Context, mentions: list[Mention], speaker: str, verb: str, rule: str,
          start: int, end: int, reported: bool = False, cue_at: int = 0) -> list[Draft]:
    """What one speech cue gives: a planned event said to come, or a statement of the speaker's.

    ``reported``: the speaker only vouches for a report ("X met Y on Sunday, a US official said"),
    so events in it are the statements, whether they happened or are to come.
    """
    text = sentence.text[start:end]
    if verb == "denied":
        return _denied(sentence, ctx, mentions, speaker, rule, start, end)
    if verb in {"agreed", "signed"} and (parties := _two_parties(sentence.text, cue_at, mentions)):
        return [Draft("Agreement", parties, f"{rule}+two-parties", 0, 0, clause=(start, end))]
    events = _events_in(sentence, ctx, mentions, start, end, speaker=speaker, planned_only=not reported)
    if events:
        return events
    kind, kind_rule = _speech_kind(verb, text, speaker, ctx)
    if kind == "Demand" and (items := _demand_list(text)):
        return [Draft(kind, [speaker], f"{rule}+list", 0, 0, clause=(start + a, start + b)) for a, b in items]
    drafts = [Draft(kind, [speaker], rule if kind_rule is None else f"{rule}+{kind_rule}", 0, 0, clause=(start, end))]
    drafts.extend(_events_in(sentence, ctx, mentions, start, end, speaker=speaker, occurred_only=True))
    return drafts


def _denied(sentence: Sentence, ctx: Context, mentions: list[Mention], speaker: str, rule: str,
            start: int, end: int) -> list[Draft]:
    """"X denied that its drones hit Y": the denied thing is the statement, with status Denied."""
    drafts = _events_in(sentence, ctx, mentions, start, end, speaker=speaker) or \
        _military(sentence, mentions, start, end, "Denied")
    if not drafts:
        subject = [m.iri for m in mentions if start <= m.start < end and not _is_outlet(ctx, m.iri)]
        kind = next((k for k, _, p in lx.CONTENT_KINDS if p.search(sentence.text[start:end])), "Position")
        drafts = [Draft(kind, subject[:1] or [speaker], rule, 0, 0, clause=(start, end))]
    for draft in drafts:
        draft.status = "Denied"
        draft.rule += "+denied"
        if not draft.actors or _CONTENT_SUBJECT_PRONOUN.match(sentence.text[start:end]):
            draft.actors = [speaker]
        if speaker not in draft.actors:
            draft.according_to = [speaker]
    return drafts


def _two_parties(text: str, verb_at: int, mentions: list[Mention]) -> list[str]:
    """"The United States and China agreed…": both are the parties of an agreement."""
    before = [m for m in mentions if m.end <= verb_at]
    if len(before) >= 2 and re.fullmatch(r"\s+and\s+", text[before[-2].end:before[-1].start]) \
            and re.fullmatch(r"\s+(?:(?:have|had|has|also|on\s+\w+|formally)\s+)*", text[before[-1].end:verb_at]):
        return [before[-2].iri, before[-1].iri]
    return []


def _speech_kind(verb: str, text: str, speaker: str, ctx: Context) -> tuple[str, str | None]:
    entry = ctx.gazetteer.entries[speaker]
    if entry.role and lx.ANALYST_ROLES.search(entry.role):
        return "Assessment", "role:analyst"
    by_verb = lx.SPEECH_VERBS.get(verb) or lx.PARTICIPLES.get(verb)
    if by_verb:
        return by_verb, None
    for kind, rule, pattern in lx.CONTENT_KINDS:
        weak_demand = rule == "content:must" and verb not in {"insisted", "insisting", "warned"} \
            and not re.search(r"\bmust\b", text)  # "should", "needs to" alone are too often not demands
        if pattern.search(text) and not weak_demand:
            return kind, rule
    return "Position", None


def _demand_list(text: str) -> list[tuple[int, int]]:
    """"demands that include A, B and C" → the spans of A, B and C."""
    match = re.search(r"\b(?:include|including|namely|such as)\s+", text)
    if not match:
        return []
    body_end = len(text)
    stop = re.search(r"\s+that\s+|\.\s*$", text[match.end():])
    if stop:
        body_end = match.end() + stop.start()
    items, cursor = [], match.end()
    for part in re.finditer(r",\s*(?:and\s+)?|\s+and\s+", text[match.end():body_end]):
        items.append((cursor, match.end() + part.start()))
        cursor = match.end() + part.end()
    items.append((cursor, body_end))
    return [(a, b) for a, b in items if b - a > 3] if len(items) > 1 else []


def _events_in(sentence: Sentence, ctx: Context, mentions: list[Mention], start: int, end: int, *,
               speaker: str | None, planned_only: bool = False, occurred_only: bool = False) -> list[Draft]:
    """Meetings, calls, visits, agreements and military events in ``sentence.text[start:end]``."""
    text = sentence.text[start:end]
    main = re.sub(r"^(?:While|Although|Though|Even\s+as)\b[^,]*,", "", text)  # the main clause says how sure
    status, status_rule = _status(main, sentence.text)
    if planned_only and status == "Occurred":
        return []
    if occurred_only and status != "Occurred":
        return []
    drafts = []
    visit_at = None
    for kind, rule, pattern in lx.EVENTS:
        match = pattern.search(text)
        if not match:
            continue
        if kind == "Meeting" and visit_at is not None and 0 <= match.start() - visit_at < 60 \
                and re.search(r"\bto\s+(?:meet|join|hold)\b", text[visit_at:match.end()]):
            continue  # "travel to Moscow this weekend to meet Putin": the visit is the event
        doers, others = _participants(text, match, mentions, start, speaker, ctx)
        if not doers and planned_only and speaker:
            doers = [speaker]  # "Turkey said delegations would meet in Istanbul": its plan, as far as we know
        if not doers:
            continue
        segment = _segment(main, match.start() - (len(text) - len(main)), match.end() - (len(text) - len(main)))
        status, status_rule = _status(segment, sentence.text)
        if (planned_only and status == "Occurred") or (occurred_only and status != "Occurred"):
            continue
        if occurred_only and kind in {"Call", "Visit", "Agreement"} and speaker is not None:
            continue  # said in passing about the past: too weak alone
        according = [speaker] if speaker and speaker not in doers else []
        rules = "+".join(r for r in (rule, status_rule) if r)
        drafts.append(Draft(kind, doers, rules, 0, 0, status=status, counterparts=others,
                            according_to=according, clause=(start, end), anchor=start + match.start()))
        if kind in {"Call", "Agreement"}:
            break  # "a call to discuss the meeting": one event
        if kind == "Visit":
            visit_at = match.end()
    if not drafts and speaker is None and lx.MILITARY.search(text):
        drafts.extend(_military(sentence, mentions, start, end, status))
    return drafts


def _segment(text: str, start: int, end: int) -> str:
    """The coordinated part of a clause an event's words sit in: "met X on Sunday | and will travel…"."""
    start, end = max(start, 0), max(end, 0)
    cuts = [m.end() for m in re.finditer(r",\s+|\s+and\s+(?=(?:will|is|are|was|has|could|would|may|plans)\b)|;\s*",
                                         text) if m.end() <= start]
    after = re.search(r",\s+|\s+and\s+(?=(?:will|is|are|was|has|could|would|may|plans)\b)|;\s*", text[end:])
    return text[cuts[-1] if cuts else 0:end + after.start() if after else len(text)]


def _participants(text: str, match: re.Match, mentions: list[Mention], offset: int, speaker: str | None,
                  ctx: Context) -> tuple[list[str], list[str]]:
    """Who does the event (the subject before its words, or "between A and B"), and who with."""
    inside = [m for m in mentions if offset <= m.start < offset + len(text)]
    before = [m for m in inside if m.start - offset < match.start()]
    after = [m for m in inside if m.start - offset >= match.start()]
    expects = re.search(r"\bexpects?\s+(?P<who>.+?)\s+to\s+\w+", text)
    if expects:
        who = [m.iri for m in inside if expects.start("who") <= m.start - offset < expects.end("who")]
        people = [iri for iri in who if ctx.gazetteer.entries[iri].kind == "Person"]
        who = people or who
        if who:
            return _unique(who), []
    between = re.search(r"\bbetween\s+", text[match.start():])
    if between:
        pair = [m.iri for m in after]
        if pair:
            return _unique(pair[:1]), _unique(pair[1:2])
    if _CONTENT_SUBJECT_PRONOUN.match(text) and speaker:
        return [_state_of(speaker, ctx)], _unique([m.iri for m in after if m.iri != speaker])[:2]
    hyphen_pair = re.search(r"\b(\w+)-(\w+)\s+talks\b", text)
    if hyphen_pair:
        pair = [ctx.gazetteer.lookup(hyphen_pair.group(1)), ctx.gazetteer.lookup(hyphen_pair.group(2))]
        if all(pair):
            return [pair[0]], [pair[1]]
    if before:
        subject = [m for m in before if not re.match(r"\s*['’]s\b", text[m.end - offset:m.end - offset + 3])]
        if subject:
            # "X met Y in Doha on Sunday and will travel to Cairo": the second verb's subject is X
            own = _segment(text, match.start(), match.end())
            chosen = subject[-1]
            if not any(m.start - offset >= match.start() - len(own) for m in subject) and \
                    re.match(r"\s*and\s+(?:will|is|are|was|has|could|would|may|plans)\b",
                             text[max(0, match.start() - len(own) - 5):]):
                chosen = subject[0]
            return [chosen.iri], _unique([m.iri for m in after if m.iri != chosen.iri])[:2]
    return [], []


def _state_of(actor: str, ctx: Context) -> str:
    """"Ukraine said it would…": 'it' is the speaker itself, or the state a spokesman speaks for."""
    return actor


def _military(sentence: Sentence, mentions: list[Mention], start: int, end: int, status: str) -> list[Draft]:
    """Battlefield events: "Russian troops have entered…", "Kiev's surprise attack last year"."""
    text = sentence.text[start:end]
    drafts = []
    for match in re.finditer(r"(?P<who>[\w’'.-]+)['’]s\s+(?:\w+\s+)?(?:attack|offensive|incursion|invasion|assault)"
                             r"(?P<tail>[^,.;]*)", text):
        who = [m.iri for m in mentions if m.start <= start + match.start("who") < m.end]
        if who and re.search(r"\d{4}|last\s+\w+|this\s+\w+|ago\b|in\s+\w+", match.group("tail")):
            drafts.append(Draft("MilitaryEvent", who, "event:military-noun", 0, 0, status=status,
                                clause=(start + match.start(), start + match.end())))
    lead = text[:_lead_length(text)]
    head = [m for m in mentions if m.start - start < len(lead)]
    if head and lx.MILITARY.search(lead):
        subject = head[-1] if re.match(r"(?:While|Although|Though)\b", lead) else head[0]
        drafts.insert(0, Draft("MilitaryEvent", [subject.iri], "event:military", 0, 0, status=status,
                               clause=(start, start + len(lead))))
    return drafts


def _lead_length(text: str) -> int:
    return len(re.split(r",\s*in\s+what\b|\bsince\b", text)[0])


def _narrator(sentence: Sentence, ctx: Context, found: list[Draft]) -> list[Draft]:
    """The article's own readings ("remains unclear", "is seen as") when nobody is quoted."""
    text = sentence.text
    match = lx.NARRATOR_ASSESSMENT.search(text)
    if not match or not ctx.voice:
        return []
    if re.match(r"(?:While|Although|Though|Even\s+as)\b", text) and text.find(",") > match.start():
        return []  # "While X remains unclear, Y…": background to the main clause
    return [Draft("Assessment", [ctx.voice], "narrator:" + re.sub(r"\W+", "-", match.group().lower()).strip("-"),
                  0, 0, clause=(match.start(), len(text)))]


def _status(text: str, sentence: str) -> tuple[str, str | None]:
    for status, rule, pattern in lx.MODALITY:
        where = sentence if status in {"Denied", "Unconfirmed"} else text
        if pattern.search(where):
            return status, rule
    return "Occurred", None


def _learn_speakers(text: str, ctx: Context) -> None:
    """Persons named as speakers whom the gazetteer does not know become draft actors."""
    for pattern in (_PERSON_BEFORE_SPEECH, _PERSON_AFTER_ACCORDING):
        for match in pattern.finditer(text):
            name, name_start = match.group("name").strip(), match.start("name")
            for known in ctx.gazetteer.find(text):  # "…envoy for Sudan Marcus Hale": the name after "Sudan"
                if known.start <= name_start < known.end < match.end("name"):
                    name, name_start = text[known.end:match.end("name")].strip(), known.end
            if len(name.split()) < 2 or name.split()[0] in _NOT_NAMES or ctx.gazetteer.lookup(name):
                continue
            if any(m.start < match.end("name") and name_start < m.end for m in ctx.gazetteer.find(text)):
                continue
            role = (match.group("role") or "").strip() or None
            appositive = _APPOSITIVE.match(text[match.end("name"):])
            if appositive:
                role = appositive.group("role").strip()
            ctx.gazetteer.add(_new_person(name, role, text, ctx))


def _new_person(name: str, role: str | None, text: str, ctx: Context) -> Entry:
    from ..vocab import PREFIXES

    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    surname = name.split()[-1]
    entry = Entry(PREFIXES["actor"] + slug, "Person", name, {name, surname, f"Mr. {surname}", f"Ms. {surname}"},
                  role=role, draft=True)
    if role:
        represented = [m.iri for m in ctx.gazetteer.find(role) if ctx.gazetteer.entries[m.iri].kind == "State"]
        entry.represents = represented[0] if represented else None
    ctx.new_actors[entry.iri] = entry
    return entry


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _summary(text: str, draft: Draft, ctx: Context) -> str:
    words = text[draft.clause[0]:draft.clause[1]].strip(" ,;:") or text
    words = re.sub(r"^(?:that|said|, )\s*", "", words)
    who = " and ".join(ctx.gazetteer.entries[a].label for a in draft.actors)
    line = f"{who} ({draft.kind.lower()}): {words}"
    return line if len(line) <= 240 else line[:237].rstrip() + "…"
