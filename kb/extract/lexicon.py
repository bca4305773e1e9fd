"""The words extraction reads: speech verbs, event words and modality, each with what it means.

Inspired by the verb dictionaries of the CAMEO and PLOVER event codebooks, cut down to the
statement kinds Parley records. Every pattern has a name; a draft says which one produced it.
"""

from __future__ import annotations

import re

_AUX = r"(?:(?:has|have|had|was|were|is|are)\s+)?(?:(?:also|again|repeatedly|previously|publicly|reportedly|firmly|"\
       r"strongly|earlier|already|formally|flatly|once\s+again)\s+)*"

#: Speech verbs → the kind they make by themselves (None: decided by what was said).
SPEECH_VERBS: dict[str, str | None] = {
    "said": None, "says": None, "say": None, "stated": None, "stressed": None, "emphasized": None,
    "emphasised": None, "affirmed": None, "reaffirmed": None, "noted": None, "added": None, "told": None,
    "explained": None, "argued": None, "claimed": None, "confirmed": None, "announced": None,
    "declared": None, "warned": None, "expressed": None, "signalled": None, "signaled": None,
    "indicated": None, "reiterated": None, "maintained": None, "acknowledged": None, "conceded": None,
    "suggested": "Proposal", "insisted": None, "assured": None, "pledged": None, "vowed": None,
    "promised": None, "hinted": None, "wrote": None, "posted": None, "predicted": None, "cautioned": None,
    "rejected": "Rejection", "refused": "Rejection", "dismissed": "Rejection", "ruled out": "Rejection",
    "turned down": "Rejection", "vetoed": "Rejection", "denied": "Rejection", "opposed": "Rejection",
    "demanded": "Demand", "urged": "Demand", "called on": "Demand", "called for": "Demand",
    "pressed": "Demand", "appealed": "Demand", "asked": "Demand", "requested": "Demand",
    "issued a list of demands": "Demand", "set out demands": "Demand",
    "proposed": "Proposal", "offered": "Proposal", "put forward": "Proposal", "floated": "Proposal",
    "submitted": "Proposal", "tabled": "Proposal", "presented": "Proposal", "unveiled": "Proposal",
    "accepted": "Acceptance", "agreed": "Acceptance", "endorsed": "Acceptance", "approved": "Acceptance",
    "welcomed": "Acceptance",
}
#: Participles that continue the last speaker's words (", insisting that…") as a statement of their own.
PARTICIPLES: dict[str, str | None] = {
    "stressing": None, "insisting": None, "adding": None, "warning": None, "noting": None,
    "arguing": None, "urging": "Demand", "demanding": "Demand", "calling for": "Demand",
    "rejecting": "Rejection", "proposing": "Proposal", "offering": "Proposal",
}

_verbs = "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in SPEECH_VERBS), key=len, reverse=True))
SPEECH = re.compile(rf"(?<![\w-]){_AUX}(?P<verb>{_verbs})(?![\w-])", re.IGNORECASE)
_parts = "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in PARTICIPLES), key=len, reverse=True))
PARTICIPLE = re.compile(rf",\s*(?:and\s+)?(?P<verb>{_parts})(?![\w-])", re.IGNORECASE)
ACCORDING_TO = re.compile(r"(?<![\w-])(?:according\s+to|in\s+the\s+words\s+of)\s+", re.IGNORECASE)
REPORTED = re.compile(r"(?P<outlet>(?:[A-Z][\w.&'-]*\s+){0,3}[A-Z][\w.&'-]*)\s+(?:reported|said in a report|"
                      r"reports|wrote|quoted)\b|(?:told|according\s+to|reported\s+by|in\s+an\s+interview\s+with)\s+"
                      r"(?:the\s+)?(?P<outlet2>(?:[A-Z][\w.&'-]*\s+){0,3}[A-Z][\w.&'-]*)")

#: A cue right after one of these is a condition or a question, not something said.
NOT_ASSERTED = re.compile(r"(?:\b(?:if|unless|whether|should|before|until|not|never|n't)\s*)$", re.IGNORECASE)

#: What was said, read from its words: a refusal, a demand, an offer, a yes.
CONTENT_KINDS: list[tuple[str, str, re.Pattern]] = [
    ("Rejection", "content:will-not-accept", re.compile(
        r"\b(?:will|would|could|can|does|do|did|shall)\s*(?:not|n't|never)\s+(?:\w+\s+)?(?:accept|agree\s+to|"
        r"allow|tolerate|consider|negotiate|support)\b|\brul(?:ed|es|ing)\s+out\b|\bno\s+ceasefire\s+(?:could|can|will)\b"
        r"|\bunder\s+no\s+circumstances\b|\bunacceptable\b", re.IGNORECASE)),
    ("Demand", "content:must", re.compile(
        r"\b(?:must|needs?\s+to|has\s+to|have\s+to|should)\b|\bcalls?\s+(?:on|for)\b|\bdemand", re.IGNORECASE)),
    ("Demand", "content:insist-on", re.compile(
        r"\bonly\s+(?:accept|agree\s+to|sign|consider)\b[^.;]*\b(?:if|when|once|after)\b|\binsist(?:s|ed)?\s+on\b|\bseek(?:s|ing)?\s+(?:amendments|guarantees|the\s+release|a\s+full)\b"
        r"|\bwe\s+want\b|\bpress(?:ing)?\s+for\b|\bwithout\s+(?:a|the)\s+\w+\s+there\s+(?:can|will)\s+be\s+no\b",
        re.IGNORECASE)),
    ("Acceptance", "content:ready-to", re.compile(
        r"\b(?:is|was|were|are|remains?|stood)\s+(?:ready|willing|prepared|open)\s+to\b|\bagreed?\s+to\b|\baccepts?\b"
        r"|\baccepted\b", re.IGNORECASE)),
    ("Rejection", "content:opposes", re.compile(r"\b(?:firmly\s+|strongly\s+)?oppos(?:es|ed)\b|\brejects?\b",
                                                 re.IGNORECASE)),
    ("Proposal", "content:propose", re.compile(r"\bpropos(?:e|es|ed)\b|\boffer(?:s|ed)?\s+to\b|\bput\s+forward\b",
                                               re.IGNORECASE)),
]

#: What actors do: the event kind, a name, and the words (verb or noun) that show it.
EVENTS: list[tuple[str, str, re.Pattern]] = [
    ("Call", "event:call", re.compile(
        r"\b(?:phone|telephone)\s+(?:call|conversation|talks?)\b|\bspoke\s+by\s+(?:phone|telephone)\b|\bvideo\s+call\b"
        r"|\b(?:will|would|to|could|may|might)\s+(?:\w+\s+)?(?:call|phone|contact|brief|inform)\b|\bcontacted\b"
        r"|\bbrief(?:ed|ing)?\b|\binform(?:ed)?\s+(?:about|of)\b|\bcalled\s+(?:his|her|their)\s+(?:\w+\s+)?counterpart\b"
        r"|\b(?:phoned|telephoned)\b", re.IGNORECASE)),
    ("Visit", "event:visit", re.compile(
        r"\btravel(?:led|ed|s|ling|ing)?\s+to\b|\bvisit(?:ed|s|ing)\b|\b(?:to|will|would|could|may|might)\s+visit\b"
        r"|\bpa(?:y|id)\s+(?:a|an)\s+(?:\w+\s+)?visit\b|\barriv(?:e|ed|es|ing)\s+in\b|\btrip\s+to\b"
        r"|\bflew\s+to\b|\bfly\s+to\b|\bexpected\s+in\s+(?=[A-Z])"
        r"|\bsend\s+(?:a|an|its|their|his|her)\s+(?:\w+\s+)?(?:delegation|team|envoy|negotiators|mission)\b",
        re.IGNORECASE)),
    ("Agreement", "event:agreement", re.compile(
        r"\bsigned\b|\b(?:to|will|would|could|may)\s+sign\b|\bsigning\s+(?:of|an?|the)\b|\breach(?:ed|es)?\s+(?:an?\s+)?(?:agreement|deal|accord)\b|\bstruck\s+a\s+deal\b"
        r"|\bconclud(?:ed|e)\s+(?:an?\s+)?(?:agreement|deal)\b"
        r"|\bexchanged\s+(?:\d+|\w+)\s+(?:\w+\s+)?(?:prisoners|detainees|captives|hostages)\b"
        r"|\b(?:prisoner\s+)?(?:exchanges?|swaps?)\s+(?:could|will|would|may|might)\s+(?:\w+\s+)?(?:take\s+place|happen)\b"
        r"|\bcarried\s+out\s+\w+\s+(?:prisoner\s+)?exchanges\b", re.IGNORECASE)),
    ("Meeting", "event:meeting", re.compile(
        r"(?<!be )(?<!been )\bmet\b(?!\s+with\s+(?:a|an)\s)"
        r"|\bmeet(?:s|ing)?\s+(?:with\b|in\b|on\b|\w+\s+(?:in|on|at)\b)"
        r"|\b(?:will|to|would)\s+meet\b|\bsummit\b"
        r"|\b(?:held|hold|holds|holding|host(?:ed|s)?)\s+(?:\w+\s+)?(?:talks|a\s+meeting|negotiations|consultations)\b"
        r"|\b\w+-\w+\s+talks\b|\b(?:continue|resume|restart)\s+(?:the\s+)?(?:talks|discussions|negotiations)\b"
        r"|\btalks\s+(?:in|with|between)\b|\bround\s+of\s+(?:talks|negotiations)\b|\bjoin\s+the\s+talks\b"
        r"|\b(?:talks|negotiations)\b[^,.;]{0,60}?\b(?:could|will|would|may|might)\s+resume\b", re.IGNORECASE)),
]
MILITARY = re.compile(
    r"\btroops\b|\bforces\b.*\b(?:enter|advanc|captur|retreat|withdr|attack|seiz|struck|hit|shell|bomb|repel)"
    r"|\b(?:entered|captured|seized|shelled|bombed|struck|hit|launched)\b.*\b(?:town|city|village|square|region|"
    r"positions?|targets?|depot|base|airfield|port|bridge|convoy|refinery|plant|drones?|missiles?)\b|\bgain(?:ed|ing|s)?\s+"
    r"ground\b|\b(?:air|drone|missile)\s+(?:strikes?|attacks?)\b|\b(?:surprise\s+)?(?:attack|offensive|incursion|invasion|"
    r"assault|counteroffensive)\b|\bshelling\b|\bkilled\b|\bceasefire\s+violations?\b", re.IGNORECASE)
#: The article's own readings, when nobody is quoted: an assessment in the outlet's voice.
NARRATOR_ASSESSMENT = re.compile(
    r"\bremains?\s+unclear\b|\bis\s+seen\s+as\b|\bin\s+what\s+(?:is|was)\s+(?:seen|described|viewed)\s+as\b"
    r"|\bshown\s+signs\b|\bappears?\s+to\b|\bis\s+likely\s+to\b|\bremains?\s+(?:uncertain|elusive|doubtful|fragile)\b"
    r"|\bsigns\s+of\b", re.IGNORECASE)
#: Speakers whose words are readings, not negotiating moves.
ANALYST_ROLES = re.compile(r"\b(?:expert|analyst|founder|researcher|professor|observer|scholar|fellow|think[- ]tank|"
                           r"commentator|monitor|investigator|economist|historian)\b", re.IGNORECASE)

#: Modality of an event or plan, first match wins → status.
MODALITY: list[tuple[str, str, re.Pattern]] = [
    ("Denied", "modality:denied",
     re.compile(r"\bden(?:ied|ies|y)\b|\bdismissed\s+(?:reports|claims)\b", re.IGNORECASE)),
    ("Unconfirmed", "modality:not-confirmed", re.compile(
        r"\b(?:has|have|had)\s+not\s+(?:yet\s+)?confirmed\b|\bnot\s+(?:been\s+)?confirmed\b|\bunconfirmed\b"
        r"|\breportedly\b|\bdeclined\s+to\s+confirm\b", re.IGNORECASE)),
    ("Expected", "modality:expected-to",
     re.compile(r"\bexpect(?:s|ed)?\b.*\bto\b|\bexpected\b|\blikely\s+to\b", re.IGNORECASE)),
    ("Possible", "modality:could", re.compile(r"\b(?:could|might|may)\b|\bif\s+necessary\b|\bpossib(?:le|ly|ility)\b",
                                              re.IGNORECASE)),
    ("Planned", "modality:will", re.compile(
        r"\b(?:will|would|shall|plans?\s+to|planning\s+to|is\s+to|are\s+to|scheduled|set\s+to|due\s+to|intends?\s+to)\b"
        r"|\bnext\s+(?:week|month|year)\b|'ll\b", re.IGNORECASE)),
]
