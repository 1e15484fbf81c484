"""Generates ontology/vocab/*.ttl. Edit a list here and rerun; the meeting-type
scheme is read from shared/standards/meeting-guide/types.json."""
import json
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "ontology" / "vocab"
BASE = "https://w3id.org/linkwork/vocab/"
HEAD = """@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix lw:      <https://w3id.org/linkwork/ns#> .
@prefix src:     <https://w3id.org/linkwork/source/> .
"""
def lit(s): return json.dumps(s, ensure_ascii=False)
DRUGS = "lw:needDomain <https://w3id.org/linkwork/vocab/need/drugs>"
def scheme(fname, name, prefix, label, comment, concepts, ordered=False, source=None, extra=""):
    lines = [HEAD, f"@prefix {prefix}: <{BASE}{name}/> .\n"]
    lines.append(f"<{BASE}{name}> a skos:ConceptScheme ;\n    skos:prefLabel {lit(label)}@en ;\n    rdfs:label {lit(label)}@en ;\n    rdfs:comment {lit(comment)}@en" + (f" ;\n    dcterms:source {source}" if source else "") + " .\n")
    for i, c in enumerate(concepts):
        key, lab, defn = c[:3]
        more = c[3] if len(c) > 3 else ""
        s = f"{prefix}:{key} a skos:Concept ;\n    skos:inScheme <{BASE}{name}> ;\n    skos:topConceptOf <{BASE}{name}> ;\n    skos:prefLabel {lit(lab)}@en ;\n    skos:definition {lit(defn)}@en"
        if ordered:
            s += f" ;\n    lw:rank {i}"
        if more:
            s += " ;\n    " + more
        lines.append(s + " .\n")
    lines.append(extra)
    (OUT / fname).write_text("\n".join(lines))

scheme("need-domains.ttl", "need", "need", "Need domains", "The areas of life in which a person may have a need.", [
 ("drugs", "Drugs", "Problematic use of illicit or non-prescribed drugs."),
 ("alcohol", "Alcohol", "Problematic or dependent drinking."),
 ("mental-health", "Mental health", "Mental distress or illness, from common problems to severe and enduring illness."),
 ("housing", "Housing", "Homelessness, insecure or unsuitable accommodation."),
 ("offending", "Offending", "Offending behaviour and contact with criminal justice."),
 ("employment", "Education, training and employment", "Work, learning and volunteering."),
 ("family", "Family and relationships", "Relationships, children and family contact."),
 ("physical-health", "Physical health", "Physical health, including blood-borne viruses."),
 ("finance", "Finance and benefits", "Money, debt and benefits."),
 ("learning-disability", "Learning disability", "Learning disability or borderline learning difficulties."),
 ("domestic-abuse", "Domestic abuse", "Experience or perpetration of domestic abuse."),
 ("social-isolation", "Social isolation", "Loneliness and lack of connection."),
])
scheme("severity.ttl", "severity", "sev", "Need severity", "An ordered scale of how severe a need is; criteria use inclusive bounds on it.", [
 ("none", "None", "No need in this domain."),
 ("mild", "Mild", "Low-level need, manageable with advice or brief support."),
 ("moderate", "Moderate", "A need that affects daily life but is below secondary or specialist thresholds."),
 ("severe", "Severe", "Severe and enduring need meeting specialist or statutory thresholds."),
], ordered=True)
scheme("risk-tiers.ttl", "risk", "risk", "Risk tier", "An ordered scale of assessed risk of serious harm.", [
 ("low", "Low", "Low risk of serious harm."),
 ("medium", "Medium", "Medium risk of serious harm."),
 ("high", "High", "High risk of serious harm."),
 ("very-high", "Very high", "Very high risk of serious harm."),
], ordered=True, source="src:s000")
scheme("gender.ttl", "gender", "gender", "Gender", "Gender as the person describes it, for women-only and men-only provision.", [
 ("female", "Woman", "The person describes themselves as a woman."),
 ("male", "Man", "The person describes themselves as a man."),
 ("non-binary", "Non-binary", "The person describes themselves as non-binary."),
])
scheme("substances.ttl", "substance", "sub", "Substances", "Substances a person may use, as services and groups distinguish them.", [
 ("opiates", "Opiates (heroin)", "Heroin and other illicit opiates.", DRUGS),
 ("crack", "Crack cocaine", "Crack cocaine.", DRUGS),
 ("cocaine", "Cocaine powder", "Powder cocaine.", DRUGS),
 ("cannabis", "Cannabis", "Cannabis, including synthetic cannabinoids.", DRUGS),
 ("stimulants", "Synthetic stimulants", "Mephedrone ('Bubble') and other synthetic stimulants.", DRUGS),
 ("amphetamine", "Amphetamine", "Amphetamine and methamphetamine.", DRUGS),
 ("benzodiazepines", "Benzodiazepines", "Illicit or non-prescribed benzodiazepines.", DRUGS),
 ("alcohol", "Alcohol", "Alcohol.", "lw:needDomain <https://w3id.org/linkwork/vocab/need/alcohol>"),
 ("steroids", "Anabolic steroids", "Anabolic steroids and other image and performance enhancing drugs.", DRUGS),
 ("gambling", "Gambling", "Not a substance; for gambling groups."),
])
scheme("substance-use-status.ttl", "use-status", "use", "Substance-use status", "Where a person is on the continuum of use, treatment and abstinence.", [
 ("not-using", "Not using", "No current substance use of concern."),
 ("recreational", "Recreational, not dependent", "Occasional or weekend use without dependence."),
 ("active", "Active dependent use", "Current dependent use."),
 ("on-script", "Stable on a script", "On opioid substitution treatment and not using on top."),
 ("on-script-using-on-top", "On a script, using on top", "On substitution treatment and also using illicit drugs."),
 ("abstinent", "Abstinent", "Not using; abstinence duration is recorded separately."),
], source="src:s001")
scheme("cj-status.ttl", "cj-status", "cjs", "Criminal-justice status", "A person's current relationship with the criminal justice system.", [
 ("none", "No current contact", "No current criminal-justice involvement."),
 ("police-custody", "In police custody", "Arrested and held in a custody suite."),
 ("bail", "On bail", "Released on police or court bail."),
 ("remand", "On remand", "Held in prison awaiting trial or sentence."),
 ("in-prison", "Serving a prison sentence", "In custody under sentence."),
 ("released", "Released from custody", "Released from a custodial sentence; whether supervision follows depends on the sentence and date."),
 ("licence", "On licence", "Released on licence under probation supervision."),
 ("community-order", "Community order", "Serving a community order with requirements."),
 ("suspended-sentence", "Suspended sentence", "Serving a suspended sentence order."),
 ("post-supervision", "Supervision ended", "Statutory supervision has ended."),
], source="src:s003")
scheme("touchpoints.ttl", "touchpoint", "tp", "Criminal-justice touchpoints", "The chain of rehabilitation: points at which a person meets criminal justice (003 L87-89, L2079-2089).", [
 ("early-intervention", "Early intervention", "Contact before arrest: neighbourhood policing, early help."),
 ("police-custody", "Police custody", "Arrest and detention in a custody suite."),
 ("court", "Court", "Appearance before a magistrates' or crown court."),
 ("community-sentence", "Community sentence", "A community order or suspended sentence."),
 ("prison", "Prison", "Remand or a custodial sentence."),
 ("release", "Release (through the gate)", "Leaving prison and resettling in the community."),
 ("post-supervision", "Post-supervision", "After statutory supervision ends."),
], ordered=True, source="src:s003")
scheme("liaison-diversion-groups.ttl", "ld-group", "ldg", "Liaison and diversion target groups", "Groups liaison and diversion services should reach (003 L2069-2077).", [
 ("multiple-problems", "Multiple problems", "Multiple problems including common mental health problems, borderline learning difficulties or substance misuse."),
 ("learning-disability", "Moderate to severe learning disability", "People with moderate to severe learning disability."),
 ("severe-mental-illness", "Severe and enduring mental illness", "People with severe and enduring mental illness."),
], source="src:s003")
scheme("coercion.ttl", "coercion", "coerce", "Referral coercion", "How much choice a person has in a referral (001 L366).", [
 ("voluntary", "Voluntary", "The person chooses to go."),
 ("quasi-coercive", "Quasi-coercive", "Strong encouragement with consequences, such as a condition of bail."),
 ("coercive", "Coercive", "Ordered by a court or as a licence condition."),
], ordered=True, source="src:s001")
scheme("goals.ttl", "goal", "goal", "Recovery goals", "Harm reduction to abstinence as a continuum, not a binary (001 L502).", [
 ("safer-use", "Safer use", "Reducing the harms of continued use."),
 ("stabilisation", "Stabilisation", "Becoming stable, for example on a prescription."),
 ("reduction", "Reduction", "Reducing use or dose."),
 ("abstinence-primary", "Abstinence from the primary drug", "Stopping the main substance."),
 ("abstinence-all", "Abstinence from all drugs", "Stopping all substances."),
 ("reintegration", "Reintegration", "Work, relationships and community life beyond treatment."),
], ordered=True, source="src:s001")
scheme("good-lives.ttl", "good-lives", "good", "Good Lives Model primary goods", "The eleven primary goods of the Good Lives Model (000 L125).", [
 ("life", "Life", "Healthy living and functioning."),
 ("knowledge", "Knowledge", "Being informed and understanding."),
 ("excellence-in-work", "Excellence in work", "Mastery and satisfaction at work."),
 ("excellence-in-play", "Excellence in play", "Mastery and enjoyment in leisure."),
 ("excellence-in-agency", "Excellence in agency", "Autonomy and self-direction."),
 ("inner-peace", "Inner peace", "Freedom from emotional turmoil and stress."),
 ("relatedness", "Relatedness", "Intimate, romantic and family relationships."),
 ("community", "Community", "Connection to wider social groups."),
 ("spirituality", "Spirituality", "Finding meaning and purpose in life."),
 ("pleasure", "Pleasure", "Feeling good in the here and now."),
 ("creativity", "Creativity", "Expressing oneself through alternative forms."),
], source="src:s000")
scheme("recovery-capital.ttl", "recovery-capital", "cap", "Recovery capital", "The four kinds of recovery capital as source 001 gives them after Cloud and Granfield (001 L243).", [
 ("social", "Social capital", "Relationships and the support they bring."),
 ("physical", "Physical capital", "Tangible assets such as money and housing."),
 ("human", "Human capital", "Skills, health, knowledge and aspirations."),
 ("cultural", "Cultural capital", "Values, beliefs and attitudes tied to a culture, including a recovery culture."),
], source="src:s001")
scheme("five-ways.ttl", "five-ways", "well", "Five Ways to Wellbeing", "The New Economics Foundation's Five Ways to Wellbeing, which the Lancashire User Forum built its constitution on (001 L737).", [
 ("connect", "Connect", "Connect with the people around you."),
 ("be-active", "Be active", "Do something physical."),
 ("take-notice", "Take notice", "Be aware of the world around you."),
 ("keep-learning", "Keep learning", "Try something new."),
 ("give", "Give", "Do something for someone else."),
], source="src:s001")
scheme("gap-types.ttl", "gap-type", "gap", "Gap types", "Kinds of gap between services (domain README, 'Kinds of gap').", [
 ("threshold", "Threshold gap", "A need below one service's threshold and above what another will take (003 L379-380, L1824-1828)."),
 ("cumulative-need", "Cumulative-need gap", "Several moderate needs, no single service's threshold met (003 L222-226)."),
 ("exclusion", "Exclusion gap", "A service for one need excludes people with another, and nobody serves both (003 L277-279)."),
 ("status", "Status or sentence gap", "Support depends on criminal-justice status or sentence length (000 L69, L81)."),
 ("documents", "Documents and procedure gap", "No ID, invalid referral route, no diagnosis, no local connection (003 L279-281, L1753-1756)."),
 ("coverage", "Coverage gap", "A touchpoint or area without a needed kind of service (003 L2141-2145)."),
 ("transition", "Transition gap", "No onward route when a time-limited service ends (001 L783)."),
 ("critical-mass", "Critical-mass gap", "Too small a population for a specialised group (001 L859)."),
 ("funding", "Funding gap", "What a funding stream's end would uncover (001 L983; 004 para 50-52)."),
 ("fragility", "Fragile referral network", "A service no referral route reaches, or reached only through a single gateway."),
])
scheme("asset-kinds.ttl", "asset-kind", "asset", "Community asset kinds", "Asset-based community development kinds of asset (001 L247-249).", [
 ("individual", "Individuals' gifts", "Skills and gifts of local people, such as peer mentors."),
 ("association", "Associations", "Clubs, groups and networks run by citizens."),
 ("institution", "Institutions", "Public, private and voluntary bodies: colleges, Sure Start centres, libraries."),
 ("physical-space", "Physical spaces", "Parks, community centres, buildings."),
 ("economic", "Economic", "Local businesses, social enterprises, jobs and volunteering."),
 ("cultural", "Cultural", "Arts, heritage, faith and shared identity."),
], source="src:s001")
scheme("referral-methods.ttl", "referral-method", "method", "Referral methods", "How a person is referred into a service.", [
 ("self-referral", "Self-referral", "The person contacts the service themselves, or walks in."),
 ("professional-referral", "Professional referral", "A worker from another service refers the person."),
 ("court-order", "Court order", "A court requires attendance as part of a sentence."),
 ("probation-instruction", "Probation instruction", "Probation directs the person as part of supervision."),
 ("custody-referral", "Custody referral", "Referral from a police custody suite."),
 ("through-the-gate", "Through the gate", "Referral from prison that follows the person out on release."),
 ("signposting", "Signposting", "The person is told about the service and goes if they choose."),
 ("assessment", "Assessment", "Entry only after a specialist assessment."),
])
scheme("handover.ttl", "handover", "handover", "Handover", "Whether someone carries the person across.", [
 ("warm", "Warm handover", "A worker or peer goes with the person, or introduces them in person."),
 ("cold", "Cold handover", "The person is given details and goes alone."),
], ordered=True)
scheme("prerequisites.ttl", "prerequisite", "prereq", "Route prerequisites", "Procedural steps a referral route involves.", [
 ("prior-engagement", "Prior engagement", "The person must have engaged with the referring service first."),
 ("assessment", "Assessment", "A specialist assessment is needed."),
 ("documents", "Documents", "Documents such as photo ID are needed."),
 ("funding-approval", "Funding approval", "A funder must approve the placement (residential rehabilitation through the local authority)."),
 ("gp-registration", "GP registration", "The person must be registered with a GP."),
])
scheme("area-types.ttl", "area-type", "area", "Area types", "Kinds of geography.", [
 ("country", "Country", "A nation of the United Kingdom."),
 ("region", "Region", "An English region."),
 ("county", "County", "A county council area."),
 ("unitary", "Unitary authority", "A unitary local authority."),
 ("district", "District", "A district or borough council area."),
 ("locality", "Locality", "A commissioning locality grouping districts."),
 ("town", "Town", "A town or village."),
 ("police-area", "Police force area", "The area of a police force."),
 ("probation-region", "Probation region", "A probation region."),
])
scheme("attendance-modes.ttl", "attendance-mode", "mode", "Attendance modes", "How a meeting or service is attended.", [
 ("in-person", "In person", "Attended at a physical location."),
 ("online", "Online", "Attended by video or phone only."),
 ("hybrid", "Hybrid", "Attended in person or online."),
])
scheme("fellowships.ttl", "fellowship", "fel", "Fellowships and programmes", "Mutual aid fellowships and peer programmes.", [
 ("aa", "Alcoholics Anonymous", "12-Step fellowship for people with a drinking problem."),
 ("na", "Narcotics Anonymous", "12-Step fellowship for people with a drug problem."),
 ("ca", "Cocaine Anonymous", "12-Step fellowship for people recovering from cocaine and all mind-altering substances."),
 ("cma", "Crystal Meth Anonymous", "12-Step fellowship for people recovering from crystal meth."),
 ("daa", "Drug Addicts Anonymous", "12-Step fellowship using the AA Big Book for drug addiction."),
 ("smart", "SMART Recovery", "Secular, science-based self-management programme; a four-point programme (001 L640)."),
 ("al-anon", "Al-Anon", "Mutual aid for families and friends of people who drink."),
 ("families-anonymous", "Families Anonymous", "Mutual aid for families of people who use drugs."),
 ("ga", "Gamblers Anonymous", "12-Step fellowship for people with a gambling problem."),
 ("peer-led", "Peer-led recovery group", "A local peer-led group outside the named fellowships."),
])
scheme("audiences.ttl", "audience", "aud", "Audiences and preferences", "Features a person may look for in a group, service or asset.", [
 ("women-only", "Women only", "Only women attend."),
 ("men-only", "Men only", "Only men attend."),
 ("secular", "Secular", "No spiritual or religious content."),
 ("online", "Online", "Can be attended online."),
 ("script-welcome", "On a script welcome", "People on substitution treatment are welcome."),
 ("still-using-welcome", "Still using welcome", "People who are still using are welcome."),
 ("family", "Family", "For families and carers."),
 ("young-people", "Young people", "For young people."),
 ("lgbtq", "LGBTQ+", "For LGBTQ+ people."),
 ("abstinence-based", "Abstinence-based", "The group expects or works towards abstinence."),
])
scheme("source-kinds.ttl", "source-kind", "srck", "Source kinds", "What kind of source a fact came from.", [
 ("research", "Research or policy document", "A published study, report or consultation response."),
 ("official-dataset", "Official dataset", "A published directory or statistical dataset."),
 ("commissioner-workbook", "Commissioner workbook", "A commissioner's spreadsheet filled in from the template."),
 ("mutual-aid-feed", "Mutual aid feed", "A Meeting Guide or BMLT feed, community-maintained and volatile."),
 ("community-contribution", "Community contribution", "An asset mapped by service users, moderated before publication."),
 ("illustrative", "Illustrative data", "Made-up data that illustrates the sources; not a real directory."),
])
scheme("org-types.ttl", "org-type", "org", "Organisation types", "Kinds of organisation.", [
 ("local-authority", "Local authority", "A county, district or unitary council."),
 ("nhs", "NHS body", "An NHS trust, practice or commissioning body."),
 ("criminal-justice", "Criminal-justice agency", "Police, courts, prisons, probation."),
 ("voluntary", "Voluntary or community organisation", "A charity or community group."),
 ("social-enterprise", "Social enterprise", "A business with social aims."),
 ("partnership", "Partnership", "A multi-agency partnership or board."),
 ("education", "Education provider", "A college, school or university."),
 ("mutual-aid", "Mutual aid fellowship", "A self-supporting peer fellowship."),
])
scheme("service-types.ttl", "service-type", "st", "Service types", "Kinds of service in drug and alcohol recovery and criminal-justice pathways (seed extractions, section 1).", [
 ("community-drug-team", "Community drug team", "Specialist community treatment: assessment, prescribing, key work (001 L346)."),
 ("shared-care", "Shared Care (GP)", "Treatment in primary care for stable users without complex needs (001 L344)."),
 ("gp", "General practice", "A GP surgery."),
 ("needle-exchange", "Needle exchange", "Clean injecting equipment and harm-reduction advice (001 L163, L502)."),
 ("detox", "Detoxification", "Inpatient or community detoxification (001 L424, L664)."),
 ("residential-rehab", "Residential rehabilitation", "Residential treatment, accessed through the local authority (001 L424)."),
 ("alcohol-service", "Alcohol service", "Community alcohol treatment."),
 ("recovery-coordination", "Recovery coordination", "Links with employment, education, volunteering and community resources (BRiC, 001 L781-783)."),
 ("peer-mentoring", "Peer mentoring", "Support from people with lived experience (000 L85; 001 L496)."),
 ("user-forum", "Service-user forum", "A forum where people in recovery shape services (001 L697)."),
 ("recovery-enterprise", "Recovery social enterprise", "Opportunities to build assets outside the treatment system (001 L785)."),
 ("mutual-aid", "Mutual aid", "Peer-run recovery groups (001 L693)."),
 ("advice-information", "Advice and information", "Drug advice, information and low-level counselling (001 L873)."),
 ("primary-mental-health", "Primary care mental health (talking therapies)", "Talking therapies for common mental health problems."),
 ("secondary-mental-health", "Secondary mental health (community mental health team)", "Case-managed care for severe and enduring mental illness (003 L1824-1828)."),
 ("liaison-diversion", "Liaison and diversion", "Assessment and diversion at police custody and courts (003 L2037-2087)."),
 ("integrated-offender-management", "Integrated offender management", "Police and probation managing prolific offenders (003 L694-712)."),
 ("probation", "Probation supervision", "Statutory supervision of people on licence or community sentences."),
 ("through-the-gate", "Through-the-gate support", "Pre- and post-release support, met at the gate (003 L1285-1287)."),
 ("housing-options", "Housing options", "Local authority homelessness assessment and housing advice (003 L1753-1756)."),
 ("hostel", "Hostel", "Emergency accommodation (003 L1220-1226)."),
 ("supported-housing", "Supported housing", "Accommodation with support."),
 ("recovery-housing", "Recovery housing", "Abstinent recovery accommodation."),
 ("womens-centre", "Women's centre", "A one-stop shop for women, including women offenders (003 L3082-3122)."),
 ("link-worker", "Link worker", "Assertive outreach for people in contact with criminal justice, not under supervision (003 L3126-3156)."),
 ("education", "Education", "Colleges and adult learning (001 L735)."),
 ("family-centre", "Family centre", "Sure Start and children's centres (001 L350)."),
 ("employment-support", "Employment support", "Help into work and volunteering."),
 ("welfare-benefits", "Welfare benefits", "Benefit claims and advice."),
 ("other", "Other or unclassified", "A service whose source gives no type that maps to this scheme."),
])
# Meeting Guide types -> our meeting-type scheme, with notation = code.
with open(Path(__file__).resolve().parent.parent.parent / "shared" / "standards" / "meeting-guide" / "types.json") as fh:
    types = json.load(fh)
def slug(s): return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
concepts = []
for code, names in sorted(types.items()):
    concepts.append((slug(names["en"]) or code.lower(), names["en"], f"Meeting Guide type {code}: {names['en']}.", f"skos:notation {lit(code)} ;\n    lw:meetingGuideCode {lit(code)}"))
seen = set()
uniq = []
for c in concepts:
    k = c[0]
    if k in seen:
        k = k + "-" + c[3].split('"')[1].lower()
    seen.add(k)
    uniq.append((k, *c[1:]))
scheme("meeting-types.ttl", "meeting-type", "mt", "Meeting types", "Meeting types, one per Meeting Guide type code (code4recovery spec, types.json).", uniq,
       source="<https://github.com/code4recovery/spec>")
print("ok")
