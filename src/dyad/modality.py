"""Negation and modality of an event trigger, read from the dependency parse.

An act that is denied ("did not attack") is marked `negated`; one that is demanded, feared or
conditional ("urged X to withdraw", "would attack") is `hypothetical`; one that is planned or
promised is `intended`; one inside reported speech is `reported`. Evaluation counts neither
negated nor hypothetical events; analysts can filter on the fields.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyad.records import Modality

REPORTING_LEMMAS = frozenset(
    "say tell state claim report announce add note stress insist argue explain write tweet "
    "declare confirm point according allege assert suggest believe"
    # French
    " déclarer affirmer dire annoncer ajouter indiquer souligner estimer expliquer préciser"
    " assurer confirmer selon".split()
)
INTENT_LEMMAS = frozenset(
    "plan intend want seek hope aim pledge promise vow threaten agree offer propose prepare "
    "wish try attempt consider mull expect will set "
    # "is willing to withdraw", "stands ready to help": a predicate adjective of intent
    "willing ready prepared eager determined keen"
    # French
    " vouloir prévoir compter envisager promettre engager menacer accepter proposer préparer"
    " espérer souhaiter chercher tenter".split()
)
HYPOTHETICAL_GOVERNORS = frozenset(
    "demand urge ask call request allow permit invite expect fear warn deny refuse "
    "reject oppose fail avoid prevent stop forbid want would could beg violate breach break "
    "undermine collapse"
    # French
    " demander exhorter appeler réclamer exiger inviter permettre craindre refuser rejeter"
    " empêcher interdire éviter pouvoir devoir".split()
)
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "can"})
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
# A noun event inside these prepositions is a fact in its own right ("following talks").
FACT_PREPS = frozenset(
    {"after", "following", "during", "amid", "before", "since", "despite", "in", "over", "against"}
)
LIGHT_VERBS = frozenset(
    "launch carry conduct hold stage impose announce begin start continue intensify step mount "
    "order issue sign reach make unleash resume escalate declare extend pay undertake perform "
    "execute lead host open approve end conclude complete organize organise express voice "
    "reiterate reaffirm convey give offer provide send grant deliver receive file lodge"
    # French
    " lancer mener conduire tenir imposer annoncer commencer poursuivre intensifier signer"
    " conclure ordonner décréter exprimer réitérer réaffirmer apporter fournir accorder offrir"
    " envoyer recevoir organiser effectuer perpétrer revendiquer entamer".split()
)
WALK_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "dobj",
        "pobj",
        "prep",
        "pcomp",
        "acl",
        "advcl",
        "relcl",
        "appos",
        "nsubj",
        "nsubjpass",
        "amod",
        "compound",
        "conj",
    }
)


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in token.children) or any(
        c.lower_ in {"no", "never"} for c in token.children if c.dep_ in {"det", "advmod"}
    )


def _conditional(token: Token) -> bool:
    # fr_core_news_sm tags "attaquerait" as an imperfect: its ending says conditional
    if "Cnd" in token.morph.get("Mood", []):
        return True
    return token.lang_ == "fr" and token.lower_.endswith(("rait", "raient", "rais", "rions"))


def negation_and_modality(trigger: Token) -> tuple[bool, Modality]:
    """Whether the act is denied, and whether it is asserted, reported, intended or hypothetical."""
    negated = _negated(trigger)
    auxes = {c.lower_ for c in trigger.children if c.dep_ in {"aux", "auxpass"}}
    # French puts it in the verb: "attaquerait" (conditional), "attaquera" (future)
    if auxes & HYPOTHETICAL_AUX or _conditional(trigger):
        return negated, "hypothetical"
    future = auxes & FUTURE_AUX or "Fut" in trigger.morph.get("Tense", [])
    modality: Modality = "intended" if future else "asserted"
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in trigger.children):
        return negated, "hypothetical"
    is_noun = trigger.pos_ in {"NOUN", "PROPN"}
    token = trigger
    for _ in range(8):
        head = token.head
        dep = token.dep_
        if head is token or dep not in WALK_DEPS:
            break
        if (
            is_noun
            and token is trigger
            and dep in {"dobj", "nsubjpass"}
            and _negated(head)
            and head.lemma_ in LIGHT_VERBS
        ):
            negated = True  # "did not hold talks": the noun takes its light verb's negation
        if dep in {"pobj", "dobj"} and head.lower_ in FACT_PREPS and is_noun:
            break  # "agreed to resume flights following talks": the talks happened
        lemma = head.lemma_.lower()
        if dep in {"ccomp", "xcomp", "dobj", "pcomp"} and (
            lemma in HYPOTHETICAL_GOVERNORS or (_negated(head) and dep in {"ccomp", "xcomp"})
        ):
            return negated, "hypothetical"
        if dep in {"xcomp", "ccomp"}:
            head_auxes = {c.lower_ for c in head.children if c.dep_ == "aux"}
            if head_auxes & HYPOTHETICAL_AUX:
                return negated, "hypothetical"
            if modality == "asserted" and (lemma in INTENT_LEMMAS or head_auxes & FUTURE_AUX):
                modality = "intended"
        if dep == "ccomp" and lemma in REPORTING_LEMMAS and modality == "asserted":
            modality = "reported"
        token = head
    return negated, modality
