"""How a clause frames the event its word names: whether it happened, is intended, asked
for or supposed (modality), whether it is denied (negation), and the grammatical frames the
coder reads around a trigger: infinitives, purpose clauses, questions, and the demands a
speaker makes with "must" or "should"."""

from __future__ import annotations

from spacy.tokens import Token

# Verbs, adjectives and nouns whose infinitive states an intention: "plans to", "ready to",
# "in a position to".
INTENT_HEADS = {
    "plan",
    "intend",
    "seek",
    "aim",
    "want",
    "prepare",
    "vow",
    "promise",
    "pledge",
    "hope",
    "expect",
    "threaten",
    "offer",
    "propose",
    "wish",
    "try",
    "agree",
    "swear",
    "undertake",
    "commit",
}

# Verbs whose complement is only weighed, not done nor yet intended: "is considering sending
# aid", "weighing sending troops".
CONSIDERED_HEADS = {"consider", "weigh", "mull", "contemplate", "ponder", "debate", "explore"}

# Verbs whose complement is only made possible: "allows Congress to reject the deal".
PERMISSION_HEADS = {"allow", "permit", "enable", "authorize", "authorise", "empower", "let"}

# Verbs and nouns whose complement did not happen: "refrained from using", "his refusal to
# step down".
ABSTAIN_HEADS = {"refrain", "abstain", "desist"}
REFUSAL_NOUNS = {"refusal"}

# Verbs whose infinitive did not happen: "refused to release".
REFUSAL_HEADS = {"refuse", "decline", "fail", "reject", "deny"}

# Verbs (and nouns) whose complement is asked for, not done: "urged Iran to release".
REQUEST_HEADS = {
    "urge",
    "ask",
    "call",
    "demand",
    "request",
    "press",
    "appeal",
    "order",
    "encourage",
    "invite",
    "persuade",
    "pressure",
    "tell",
    "need",
}

INTENT_ADJECTIVES = {
    "ready",
    "willing",
    "prepared",
    "determined",
    "set",
    "eager",
    "able",
    "interested",
    "keen",
}

INTENT_NOUNS = {"position", "plan", "intention", "readiness", "bid", "decision"}

HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should"}

FUTURE_AUX = {"will", "shall", "'ll", "wo"}

# Verbs that report what someone said: "would" under them is a backshifted "will" ("Iraq
# said it would allow ..."), and "must"/"should" under them is a demand or an appeal.
REPORTING_VERBS = {
    "say",
    "announce",
    "tell",
    "confirm",
    "state",
    "declare",
    "add",
    "insist",
    "indicate",
    "reiterate",
    "repeat",
    "stress",
    "warn",
    "conclude",
    "write",
    "emphasise",
    "emphasize",
    "maintain",
    "argue",
    "assert",
    "affirm",
}

# Verbs whose that-clause is only someone's claim: "Russia alleged that Ukrainian forces
# shelled the plant" reports an allegation, not a shelling.
ALLEGING_HEADS = {"claim", "allege", "charge", "contend", "rumor", "rumour"}

# Nouns whose that-clause is only claimed or suspected: "allegations that the army shelled".
ALLEGATION_NOUNS = {
    "allegation",
    "accusation",
    "claim",
    "charge",
    "suspicion",
    "rumor",
    "rumour",
    "speculation",
    "suggestion",
}

# Verbs whose that-clause the subject disputes: "Iran denied that its navy attacked".
DENYING_HEADS = {"deny", "dispute", "reject", "dismiss"}

# Verbs whose "of"/"for" gerund is the act someone is accused or punished for: "accused
# Israel of shelling", "jailed a student for helping militants".
CHARGE_HEADS = {
    "accuse",
    "suspect",
    "charge",
    "convict",
    "blame",
    "jail",
    "sentence",
    "arrest",
    "detain",
    "prosecute",
    "indict",
    "punish",
    "fine",
    "try",
    "execute",
}

# Modals under a reporting verb that make its clause a demand (10) or an appeal (02).
DEMAND_MODALS = {"must": "10", "should": "02"}


def prep_objects(token: Token, word: str) -> list[Token]:
    """What the token's prepositions named `word` govern: "of" gives "aid" in "a suspension
    of aid"."""
    return [
        child
        for prep in token.children
        if prep.dep_ == "prep" and prep.lower_ == word
        for child in prep.children
    ]


# "made it clear/plain/known (that) ...": a way of saying something.
CLEAR_WORDS = {"clear", "plain", "known"}


def made_clear(clause: Token) -> bool:
    """Whether a clause is what someone "made clear": "Europe made it clear it will not lift
    the embargo", where the parser hangs the clause on "clear" as an adverbial."""
    return clause.dep_ == "advcl" and clause.head.lemma_.lower() in CLEAR_WORDS


def frame(token: Token) -> str | None:
    """Which kind of pattern a word can trigger: "verb", "noun" or "adj" (a predicate
    adjective); a noun after an infinitival "to" is read as the verb it is."""
    if token.pos_ in ("VERB", "AUX"):
        return "verb"
    if token.pos_ == "NOUN":
        return "verb" if infinitive_to(token) is not None else "noun"
    if token.pos_ == "ADJ" and token.dep_ in ("acomp", "amod", "oprd"):
        return "adj"
    return None


def infinitive_to(token: Token) -> Token | None:
    """The infinitival "to" before a word the tagger read as a noun, also across a
    comma-delimited aside: "ready to, apart from meeting our needs, export equipment" (the
    small model then tags "export" NOUN). The word is then read as a verb."""
    if token.pos_ != "NOUN" or any(c.dep_ in ("det", "poss", "nummod") for c in token.children):
        return None
    sent = token.sent
    before = token.nbor(-1) if token.i > sent.start else None
    if before is not None and before.text == ",":
        opening = next(
            (
                t
                for t in reversed(token.doc[max(sent.start, before.i - 15) : before.i])
                if t.text == ","
            ),
            None,
        )
        before = opening.nbor(-1) if opening is not None and opening.i > sent.start else None
    if before is not None and before.tag_ == "TO" and before.pos_ == "PART":
        return before
    return None


def governed_clause(token: Token) -> bool:
    """An infinitive the verb governs: a complement ("offered to hand over") or a purpose
    clause ("opened fire to disperse the crowd")."""
    return token.dep_ == "xcomp" or (
        token.dep_ == "advcl" and any(c.tag_ == "TO" for c in token.children)
    )


def asks_a_question(verb: Token) -> bool:
    """Whether a verb's complement is a question: "asked whether he supports the plan",
    "asked why he opposed it"."""
    asks_to_act = any(c.dep_ == "xcomp" for c in verb.children)  # "asked X to act if ..."
    if any(c.dep_ == "prep" and c.lower_ == "about" for c in verb.children):
        return True  # "asked him about the deal"
    for clause in verb.children:
        if clause.dep_ in ("ccomp", "parataxis") and clause.i < verb.i:
            return True  # "Was he sure, Mr. Jordan asked, ...": the question comes first
        marks = {m.lower_ for m in clause.children if m.dep_ == "mark"}
        if clause.dep_ == "ccomp" and next(clause.subtree).tag_ in ("WDT", "WP", "WRB"):
            return True
        if clause.dep_ in ("ccomp", "advcl") and marks & {"if", "whether"} and not asks_to_act:
            return True  # ("asked the senator if he supports": the parser may say advcl)
    return False


def names_something(verb: Token) -> bool:
    """Whether a verb names or describes its object rather than asking anything of it:
    "called the night a solid win", "called the pact the gold standard"."""
    if any(c.dep_ == "oprd" for c in verb.children):
        return True
    return any(
        c.dep_ == "dobj" and any(a.dep_ == "appos" and a.pos_ == "NOUN" for a in c.children)
        for c in verb.children
    )


def clause_span(trigger: Token) -> tuple[int, int]:
    subtree = list(trigger.subtree)
    return subtree[0].idx, subtree[-1].idx + len(subtree[-1])


def negated(trigger: Token) -> bool:
    """Whether the trigger's event is denied: "did not attack", "refused to release", through
    the noun that carries it ("did not attend the meeting") and for the purpose of a denied
    act ("did not give permission to help")."""
    if _denied_by_noun(trigger):
        return True
    if trigger.dep_ == "pcomp" and trigger.head.lower_ == "without":
        return True  # "allied herself with the critics without opposing the deal"
    if (
        trigger.dep_ == "pcomp"
        and trigger.head.lower_ == "from"
        and trigger.head.head.lemma_.lower() in ABSTAIN_HEADS
    ):
        return True  # "refraining from using tear gas"
    token, via_noun = trigger, False
    for _ in range(4):
        if any(c.dep_ == "neg" for c in token.children):
            return True
        if token.dep_ == "acomp" and any(c.dep_ == "neg" for c in token.head.children):
            return True  # "he is not optimistic that ...": the copula carries the "not"
        if (
            token.dep_ == "pcomp"
            and token.head.dep_ == "prep"
            and token.head.head.lemma_.lower() in INTENT_HEADS | INTENT_ADJECTIVES
        ):
            token = token.head.head  # "has not committed to sending a representative"
            continue
        if _adjective_complement(token):
            # "are not interested in consulting", "is not ready for talks": the adjective's
            # clause carries the negation
            token = token.head.head.head
            continue
        carried = (token.dep_ == "acl" and token.head.pos_ == "NOUN") or (
            token.dep_ == "dobj" and token.pos_ == "NOUN"
        )
        purpose = governed_clause(token)  # "did not give permission to help": no help
        if (token.dep_ not in ("xcomp", "conj") and not (carried or purpose)) or (
            token.head.i == token.i
        ):
            return False
        refused = token.head.lemma_.lower() in REFUSAL_HEADS and not _denied_act(token)
        if refused and (token.dep_ == "xcomp" or (token.dep_ == "dobj" and via_noun)):
            # "refused to release", "declined an invitation to meet": it did not happen
            # (while in "rejected the offer" the offer itself was made).
            return True
        if token.dep_ == "acl" and token.head.lemma_.lower() in REFUSAL_NOUNS:
            return True  # "continued his refusal to step down"
        via_noun = via_noun or token.dep_ == "acl"
        token = token.head
    return False


# Nouns whose "no" denies the clause they introduce: "no evidence that Iran attacked".
EVIDENCE_NOUNS = {"evidence", "sign", "proof", "indication", "suggestion", "confirmation", "trace"}


def _denied_by_noun(trigger: Token) -> bool:
    """Whether the trigger's clause is what "no evidence/sign/proof" says did not happen:
    "there was no evidence that the army shelled the town" asserts no shelling."""
    token = trigger
    for _ in range(4):
        head = token.head
        if token.dep_ == "pobj" and head.lower_ == "of" and head.head.i != head.i:
            token, head = head, head.head  # "no evidence of an attack"
        if head.i == token.i:
            return False
        if (
            token.dep_ in ("acl", "ccomp", "prep")
            and head.lemma_.lower() in EVIDENCE_NOUNS
            and any(c.dep_ in ("det", "neg") and c.lower_ in ("no", "not") for c in head.children)
        ):
            return True
        # only through clauses: a noun inside the denied clause ("no evidence that bias
        # affected the probe") still names something that exists
        if token.dep_ not in ("conj", "xcomp"):
            return False
        token = head
    return False


# Links through which a clause belongs to the clause above it, for what is claimed or denied.
CLAUSE_LINKS = {"conj", "xcomp", "advcl", "acl", "ccomp", "pcomp", "pobj", "prep", "dobj"}


def _contested(trigger: Token) -> str | None:
    """ "alleged" or "denied" when the trigger is part of what a claim, a charge or a denial
    says ("Russia alleged that Ukrainian forces shelled the plant", "the indictment alleges
    that Stone worked to obstruct the inquiry", "accused Israel of shelling", "claimed that
    ISIL had attacked Iraq and taken Mosul", "denied arming the militia")."""
    token = trigger
    for _ in range(6):
        if token.head.i == token.i:
            return None
        governor = token.head.lemma_.lower()
        if token.dep_ == "ccomp" and governor in ALLEGING_HEADS:
            return "alleged"
        complement = token.dep_ in ("acl", "ccomp") or (
            token.dep_ == "relcl" and any(c.dep_ == "mark" for c in token.children)
        )  # (a "that"-clause the parser took for a relative clause)
        if complement and governor in ALLEGATION_NOUNS:
            return "alleged"  # "suspicions that he obstructed justice"
        if (token.dep_ == "ccomp" and governor in DENYING_HEADS) or _denied_act(token):
            return "denied"
        if (
            token.dep_ == "pcomp"
            and token.head.lower_ in ("of", "for")
            and token.head.head.lemma_.lower() in CHARGE_HEADS
        ):
            return "alleged"
        if token.dep_ not in CLAUSE_LINKS:
            return None
        token = token.head
    return None


def _denied_act(token: Token) -> bool:
    """A gerund its subject denies doing: "Sudan denied arming the militia" disputes that
    it armed them; it refuses nothing."""
    return (
        token.tag_ == "VBG"
        and token.dep_ in ("xcomp", "ccomp", "dobj")
        and token.head.lemma_.lower() in DENYING_HEADS
    )


FRAME_HEADS = (
    INTENT_HEADS
    | PERMISSION_HEADS
    | REFUSAL_HEADS
    | REQUEST_HEADS
    | REPORTING_VERBS
    | ALLEGING_HEADS
    | DENYING_HEADS
    | CHARGE_HEADS
)


def frames_another(verb: Token) -> bool:
    """A verb that frames the event of the clause it governs ("plans to impose", "said that
    Iraq attacked"): kronika reads it as that event's modality or as reported speech."""
    return verb.lemma_.lower() in FRAME_HEADS or any(c.dep_ == "xcomp" for c in verb.children)


def for_subject(clause: Token) -> bool:
    """Whether an infinitive has its own subject after "for", marked as such ("called for
    Britain to stay") or hung by the parser on the governing verb ("appealed for(prep)
    Egypt to release")."""
    if not any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children):
        return False
    if any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children):
        return True
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "for"
        and any(
            p.dep_ == "pobj" and p.right_edge.i + 1 == clause.left_edge.i for p in prep.children
        )
        for prep in clause.head.children
    )


def modality(trigger: Token) -> str:
    """Whether the trigger's event happened ("asserted"), is intended or announced ("intent"),
    is asked of someone ("requested"), is only supposed ("hypothetical"), is known only as
    someone's claim or charge ("alleged") or is disputed by its subject ("denied")."""
    token = infinitive_to(trigger) or trigger
    contested = _contested(token)
    if contested:
        return contested
    for _ in range(5):
        auxes = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
        if marks & {"if", "unless", "whether"}:
            return "hypothetical"  # ("asked whether they would join": an open question)
        if auxes & HYPOTHETICAL_AUX:
            return _modal_reading(token, auxes)
        if auxes & FUTURE_AUX or "going" in auxes:
            return "intent"
        if "must" in auxes:
            return "requested"  # "Libya must hand over the suspects": demanded, not done
        let_go = token.head.lemma_.lower() == "let" and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in token.children
        )  # ("Ethiopia let free the leaders" freed them)
        if (
            token.dep_ in ("ccomp", "xcomp")
            and token.head.lemma_.lower() in PERMISSION_HEADS
            and not let_go
        ):
            return "hypothetical"  # "the measure allows Congress to reject deals"
        if (
            token.dep_ in ("ccomp", "dobj")
            and token.head.lemma_.lower() in REQUEST_HEADS
            and not (token.dep_ == "ccomp" and token.head.lemma_.lower() == "tell")
        ):  # ("a court was told that soldiers beat detainees" reports; it does not ask)
            return "requested"  # "demanded that the government provide information"
        if token.dep_ == "ccomp" and any(
            c.dep_ == "dobj" and c.lemma_.lower() in REQUEST_HEADS for c in token.head.children
        ):
            return "requested"  # "reiterated its demand that Israel ease restrictions"
        if (
            token.tag_ == "TO"
            and token.head.i != token.i
            and token.head.lemma_.lower() in INTENT_NOUNS | INTENT_ADJECTIVES
        ):
            return "intent"  # "in a position to, apart from ..., export": see infinitive_to
        if (token.dep_ == "acl" or governed_clause(token)) and token.head.i != token.i:
            head = token.head
            lemma = head.lemma_.lower()
            if governed_clause(token) and lemma in INTENT_HEADS:  # "have sworn to fight"
                return "intent"
            if governed_clause(token) and lemma in CONSIDERED_HEADS:
                return "hypothetical"  # "is considering sending aid": not sent, not promised
            if token.dep_ == "advcl" and lemma in REQUEST_HEADS and for_subject(token):
                return "requested"  # "appealed for Egypt to release": asked of Egypt
            if token.dep_ == "advcl" and head.pos_ != "NOUN":
                break  # a purpose: "called him to express concerns" expressed them
            # (on a noun it is the noun's complement: "a call for Obama to resign")
            if lemma in REQUEST_HEADS:
                return "requested"  # "urged Iran to release": asked for, not done
            if lemma in INTENT_ADJECTIVES or (head.pos_ == "NOUN" and lemma in INTENT_NOUNS):
                return "intent"
            token = head
            continue
        if (
            token.dep_ == "prep"
            and token.lower_ == "for"
            and token.head.lemma_.lower() in REQUEST_HEADS
        ):
            return "requested"  # "called for the leader's resignation": asked for, not done
        if token.dep_ in ("pobj", "prep", "pcomp") and token.head.i != token.i:
            token = token.head
            continue
        if token.dep_ == "conj" and token.head.pos_ == "VERB" and token.tag_ == token.head.tag_:
            # "would approve or reject", "whether she supports or opposes": conjuncts of one
            # form share the frame ("planned to sign but backed off" do not)
            token = token.head
            continue
        if token.dep_ == "dobj" and token.pos_ == "NOUN" and token.head.pos_ == "VERB":
            token = token.head  # "plans to impose restrictions": as intended as the imposing
            continue
        if (
            token is not trigger
            and token.pos_ == "ADJ"
            and token.lemma_.lower() in INTENT_ADJECTIVES
        ):
            return "intent"  # "interested in consulting", "keen on talks"
        break
    return "asserted"


def _adjective_complement(token: Token) -> bool:
    """Whether a word is the complement of a predicate adjective's preposition: "consulting"
    in "are not interested in consulting"."""
    prep = token.head
    adjective = prep.head
    return (
        token.dep_ in ("pcomp", "pobj")
        and prep.dep_ == "prep"
        and adjective.pos_ == "ADJ"
        and adjective.dep_ in ("acomp", "amod")
        and adjective.head.i != adjective.i
    )


def _modal_reading(token: Token, auxes: set[str]) -> str:
    """A modal clause reported by a speaker is not a supposition: "Iraq said it would allow"
    is a backshifted "will" (intent), "Britain said Libya should pay" an appeal (requested)."""
    reported = (
        token.dep_ == "ccomp"
        and token.head.lemma_.lower() in REPORTING_VERBS
        and not any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in token.children)
    )  # ("declined to say whether he would call": an open question)
    if reported and "would" in auxes and not auxes & {"could", "might", "may", "have"}:
        return "intent"
    if reported and "should" in auxes:
        return "requested"
    return "hypothetical"


def modal_of(clause: Token) -> str:
    return next((c.lower_ for c in clause.children if c.lower_ in DEMAND_MODALS), "")


def demand_frame(verb: Token) -> tuple[Token, str] | None:
    """The clause a reporting verb says must (10, demand) or should (02, appeal) happen:
    "declared that China must drop its barriers", "said the rebels should disarm"."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in REPORTING_VERBS:
        return None
    for clause in verb.children:
        modal = modal_of(clause) if clause.dep_ == "ccomp" else ""
        if modal:
            return clause, DEMAND_MODALS[modal]
    return None
