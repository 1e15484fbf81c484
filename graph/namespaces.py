"""The IRIs linkwork uses, in one place."""
from rdflib import Namespace

LW = Namespace("https://w3id.org/linkwork/ns#")
DIM = Namespace("https://w3id.org/linkwork/dimension/")
SRC = Namespace("https://w3id.org/linkwork/source/")
VOCAB = "https://w3id.org/linkwork/vocab/"
NEED = Namespace(VOCAB + "need/")
SEV = Namespace(VOCAB + "severity/")
SUB = Namespace(VOCAB + "substance/")
USE = Namespace(VOCAB + "use-status/")
CJS = Namespace(VOCAB + "cj-status/")
RISK = Namespace(VOCAB + "risk/")
GENDER = Namespace(VOCAB + "gender/")
TP = Namespace(VOCAB + "touchpoint/")
ST = Namespace(VOCAB + "service-type/")
GAP = Namespace(VOCAB + "gap-type/")
GOOD = Namespace(VOCAB + "good-lives/")
CAP = Namespace(VOCAB + "recovery-capital/")
WELL = Namespace(VOCAB + "five-ways/")
METHOD = Namespace(VOCAB + "referral-method/")
HANDOVER = Namespace(VOCAB + "handover/")
COERCE = Namespace(VOCAB + "coercion/")
PREREQ = Namespace(VOCAB + "prerequisite/")
AREA = Namespace(VOCAB + "area-type/")
MODE = Namespace(VOCAB + "attendance-mode/")
MT = Namespace(VOCAB + "meeting-type/")
FEL = Namespace(VOCAB + "fellowship/")
AUD = Namespace(VOCAB + "audience/")
ASSET = Namespace(VOCAB + "asset-kind/")
SRCK = Namespace(VOCAB + "source-kind/")
ORG = Namespace(VOCAB + "org-type/")
GOAL = Namespace(VOCAB + "goal/")
LDG = Namespace(VOCAB + "ld-group/")

#: Where records from loaded sources get their IRIs: ID + kind + "/" + stable id.
ID = Namespace("https://w3id.org/linkwork/id/")
#: Named graphs holding one version of one source.
GRAPH_PREFIX = "urn:linkwork:graph:"
#: The bookkeeping graph: which graph is live for which source.
CATALOG = "urn:linkwork:catalog"
#: The ontology is loaded as a source like any other.
ONTOLOGY_SOURCE = "urn:linkwork:source:ontology"

PREFIXES = {
    "lw": LW, "dim": DIM, "src": SRC, "need": NEED, "sev": SEV, "sub": SUB, "use": USE,
    "cjs": CJS, "risk": RISK, "gender": GENDER, "tp": TP, "st": ST, "gap": GAP,
    "good": GOOD, "cap": CAP, "well": WELL, "method": METHOD, "handover": HANDOVER,
    "coerce": COERCE, "prereq": PREREQ, "area": AREA, "mode": MODE, "mt": MT, "fel": FEL,
    "aud": AUD, "asset": ASSET, "srck": SRCK, "org": ORG, "goal": GOAL, "ldg": LDG,
}
