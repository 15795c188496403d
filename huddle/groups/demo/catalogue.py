"""What the demo's study groups are: names, topics, goals, who they are for, and the words members write.

Plain data, no database: the builder reads it in order, so the groups that
involve the demo log-ins are planned first and take their times from those
people's weeks before anyone else's group does.
"""

from dataclasses import dataclass

#: Kinds of weekly time a group prefers, tried in order (see ``groups.WINDOWS``).
EVENING, WEEKEND, LUNCH = "evening", "weekend", "lunch"


@dataclass(frozen=True)
class GroupSpec:
    """One demo group before anyone is in it."""

    name: str
    topic: str | None
    goal: str
    modality: str
    capacity: int
    years: tuple[int, ...]
    description: str
    join_policy: str = "open"
    language: str = "en"
    #: Who or what the group is for in the demo's story (``ROLES``), or "".
    role: str = ""
    full: bool = False
    when: tuple[str, ...] = (EVENING, WEEKEND)


#: The MS1 log-in organises it (with one request waiting for them).
MS1_ORGANISES = "ms1_organises"
#: The MS1 log-in is a member.
MS1_MEMBER = "ms1_member"
#: The MS1 log-in asked to join and waits.
MS1_ASKED = "ms1_asked"
#: By request, with places, and its meeting times lie inside the MS1 log-in's week (the browser test's find).
FITS_MS1 = "fits_ms1"
#: The MS3 log-in is a member.
MS3_MEMBER = "ms3_member"
INVITE_ONLY = "invite_only"
ARCHIVED = "archived"
NEEDS_ORGANISER = "needs_organiser"
#: A member reported a problem that a coordinator has not looked at yet.
REPORTED = "reported"
#: A member reported a problem that a coordinator resolved.
RESOLVED = "resolved"

PRECLINICAL = (1, 2)
MS1 = (1,)
MS2 = (2,)
CLINICAL = (3, 4)

# fmt: off
SPECS: tuple[GroupSpec, ...] = (
    # The demo log-ins' groups first: they take their times from the MS1 and MS3 log-ins' weeks.
    GroupSpec("Histology slide review", "Histology and Cell Biology", "coursework", "in_person", 5, MS1,
              "We go through the week's virtual slides together and quiz each other on the tissue types. "
              "Bring the lab handout; we keep a shared list of the slides people find hardest.",
              join_policy="request", role=MS1_ORGANISES),
    GroupSpec("Biochem pathways night", "Biochemistry and Nutrition", "block_exam", "virtual", 6, MS1,
              "One pathway a week, drawn from memory on the whiteboard, then 15 practice questions. "
              "Relaxed pace; cameras optional.", role=MS1_MEMBER),
    GroupSpec("Anatomy lab practical prep", "Anatomy", "block_exam", "in_person", 8, MS1,
              "Tag-identification drills in the anatomy lab before the practical. We rotate who runs "
              "the stations; everyone brings five tags.", join_policy="request", role=MS1_ASKED),
    GroupSpec("Cardio block: heart sounds to ECGs", "Cardiovascular", "block_exam", "hybrid", 6, MS1,
              "For the cardiovascular block: murmurs, pressure–volume loops and ECG reading, with practice "
              "questions every week. Meet in the library or join on the link.",
              join_policy="request", role=FITS_MS1),
    GroupSpec("Medicine shelf: UWorld nights", "Multisystem Processes", "shelf", "virtual", 6, CLINICAL,
              "Internal medicine clerkship students doing a timed 20-question block together, then going "
              "through every explanation. Late evenings, after the wards.", role=MS3_MEMBER),
    # MS1 block exams and coursework.
    GroupSpec("Cardiac physiology problem sets", "Cardiovascular", "block_exam", "virtual", 5, MS1,
              "Working the physiology problem sets from the cardio block together, one a week.", full=True),
    GroupSpec("Pressure–volume loops crew", "Cardiovascular", "block_exam", "in_person", 4, MS1,
              "Small group that draws every loop by hand until it sticks.", when=(WEEKEND, EVENING)),
    GroupSpec("Respiratory block: gas exchange and vents", "Respiratory", "block_exam", "in_person", 6, MS1,
              "V/Q mismatch, spirometry and the physiology behind the ventilator settings."),
    GroupSpec("Renal block: acid–base drills", "Renal and Urinary", "block_exam", "virtual", 6, MS1,
              "Twenty acid–base cases a week until the steps are automatic.", join_policy="request"),
    GroupSpec("Anatomy Sunday lab review", "Anatomy", "block_exam", "in_person", 6, MS1,
              "Sunday mornings in the lab with the prosections.", full=True, when=(WEEKEND,)),
    GroupSpec("Genetics and pedigrees", "Genetics", "block_exam", "virtual", 4, MS1,
              "Inheritance patterns, pedigrees and the classic genetic syndromes."),
    GroupSpec("Immunology flashcard club", "Immunology", "block_exam", "virtual", 6, MS1,
              "We split the deck, make the cards, then quiz each other.", role=REPORTED),
    GroupSpec("Physiology concept maps", "Physiology", "block_exam", "in_person", 5, MS1,
              "Building one concept map a week on the big whiteboard in the learning center."),
    GroupSpec("Epi and biostats practice sets", "Biostatistics and Epidemiology", "coursework", "virtual", 6,
              MS1, "Sensitivity, specificity, 2×2 tables and study designs: the weekly problem set, together."),
    GroupSpec("Behavioral science case discussions", "Behavioral Sciences", "coursework", "virtual", 5, MS1,
              "We talk through the week's cases before small-group sessions.", join_policy="request"),
    GroupSpec("Doctoring and society reading group", "Social Sciences", "coursework", "in_person", 8, MS1,
              "One article a week on health systems and equity, with coffee."),
    GroupSpec("Blood and lymph block review", "Blood and Lymphoreticular", "block_exam", "virtual", 5, MS1,
              "Anemias, coagulation and the smears we keep mixing up."),
    GroupSpec("MS1 lunch-hour coursework catch-up", None, "coursework", "in_person", 6, MS1,
              "Short lunch sessions to keep up with the week's lectures.", when=(LUNCH, EVENING)),
    GroupSpec("Grupo de fisiología en español", "Physiology", "block_exam", "virtual", 6, PRECLINICAL,
              "Repasamos la fisiología del bloque en español: casos, preguntas y mapas conceptuales.",
              language="es"),
    GroupSpec("Anatomía en español", "Anatomy", "block_exam", "hybrid", 5, MS1,
              "Estudiamos anatomía en español para el examen práctico; nos vemos en el laboratorio o en línea.",
              join_policy="request", language="es", when=(WEEKEND, EVENING)),
    # MS2 block exams and Step 1.
    GroupSpec("Neuro block: tracts and lesions", "Nervous System and Special Senses", "block_exam", "in_person",
              6, MS2, "Localising lesions from cases, one tract at a time.", join_policy="request"),
    GroupSpec("GI block: path and pharm", "Gastrointestinal", "block_exam", "virtual", 6, MS2,
              "Pathology and pharmacology of the GI block, question-first."),
    GroupSpec("Endocrine block review", "Endocrine", "block_exam", "hybrid", 5, MS2,
              "Feedback loops, the adrenal and thyroid tables, and practice questions."),
    GroupSpec("Musculoskeletal and skin block", "Musculoskeletal", "block_exam", "virtual", 4, MS2,
              "Rheumatology, bone and skin: image-heavy review.", full=True),
    GroupSpec("Reproductive block review", "Female Reproductive and Breast", "block_exam", "virtual", 5, MS2,
              "Hormones, pathology and pharmacology of the reproductive block."),
    GroupSpec("Pharm mechanisms drill", "Pharmacology", "block_exam", "virtual", 8, MS2,
              "Mechanisms, side effects and interactions, ten drugs a week.", role=RESOLVED),
    GroupSpec("Pathology slide rounds", "Pathology (discipline)", "block_exam", "in_person", 6, MS2,
              "We project the week's slides and take turns presenting.", join_policy="request"),
    GroupSpec("Microbiology bug charts", "Microbiology", "block_exam", "hybrid", 6, MS2,
              "Filling in the bug charts together: morphology, virulence factors and treatment."),
    GroupSpec("Clinical skills write-ups", None, "coursework", "virtual", 6, MS2,
              "Peer review of the history and physical write-ups before they are due."),
    GroupSpec("Pharm case conference", "Pharmacology", "coursework", "hybrid", 6, MS2,
              "Case-based pharmacology ahead of the Friday conference.", join_policy="request"),
    GroupSpec("Step 1 dedicated: UWorld blocks together", None, "step1", "virtual", 6, MS2,
              "Dedicated period: a timed block every evening we meet, then the explanations together.",
              join_policy="request"),
    GroupSpec("Step 1: cardio and pulm high-yield", "Cardiovascular", "step1", "virtual", 5, MS2,
              "High-yield cardiology and pulmonology for Step 1.", join_policy="request"),
    GroupSpec("Step 1 micro sprint", "Microbiology", "step1", "virtual", 6, MS2,
              "Bugs, drugs and the classic vignettes, chart by chart."),
    GroupSpec("Step 1 pharm Anki accountability", "Pharmacology", "step1", "virtual", 8, MS2,
              "We check in on our Anki reviews and do the hardest cards together."),
    GroupSpec("Step 1 biochem and genetics", "Biochemistry and Nutrition", "step1", "hybrid", 4, MS2,
              "The biochemistry nobody remembers: enzymes, vitamins and inheritance.", full=True),
    GroupSpec("Step 1 NBME debriefs", None, "step1", "in_person", 6, MS2,
              "After each practice NBME we go through what everyone missed.", join_policy="request",
              when=(WEEKEND, EVENING)),
    GroupSpec("Step 1 early risers", "Pathophysiology", "step1", "in_person", 4, MS2,
              "Saturday mornings in the library before the day starts.", when=(WEEKEND,)),
    GroupSpec("Grupo Step 1 en español", None, "step1", "virtual", 6, MS2,
              "Preparamos el Step 1 en español: bloques de preguntas y repaso de los temas difíciles.",
              join_policy="request", language="es"),
    GroupSpec("Friday night Step 1 grind", None, "step1", "virtual", 5, MS2,
              "A small group of friends doing questions on Friday nights.", role=INVITE_ONLY),
    GroupSpec("Immune and heme for Step 1", "Immune", "step1", "virtual", 6, MS2,
              "Immunodeficiencies, transfusion and the heme malignancies."),
    GroupSpec("Renal and acid–base for Step 1", "Renal and Urinary", "step1", "virtual", 5, MS2,
              "Nephron physiology to nephrotic syndromes."),
    GroupSpec("Behavioral and ethics for Step 1", "Behavioral Health", "step1", "virtual", 6, MS2,
              "Ethics vignettes and psychiatry, with the communication questions."),
    GroupSpec("Biostats for Step 1", "Biostatistics and Epidemiology", "step1", "virtual", 5, MS2,
              "Biostatistics formulas and practice questions.", role=NEEDS_ORGANISER),
    GroupSpec("Foundations block review", "General Principles", "block_exam", "in_person", 6, MS2,
              "Our review group for the foundations block; the exam is over.", role=ARCHIVED),
    # Clerkship years: shelf exams, Step 2 and OSCE practice.
    GroupSpec("Surgery shelf crew", "Gastrointestinal", "shelf", "virtual", 5, CLINICAL,
              "Surgery clerkship students preparing for the shelf after call.", join_policy="request"),
    GroupSpec("Pediatrics shelf review", None, "shelf", "virtual", 6, CLINICAL,
              "Milestones, vaccines and the pediatric vignettes."),
    GroupSpec("OB/GYN shelf: Sunday cases", "Pregnancy and Childbirth", "shelf", "hybrid", 5, CLINICAL,
              "Sunday afternoon cases for the OB/GYN shelf.", when=(WEEKEND, EVENING)),
    GroupSpec("Psychiatry shelf sessions", "Behavioral Health", "shelf", "virtual", 4, CLINICAL,
              "Psychiatry clerkship: DSM criteria and the pharmacology.", full=True),
    GroupSpec("Neurology shelf and localisation", "Nervous System and Special Senses", "shelf", "virtual", 5,
              CLINICAL, "Localising from the exam, then the shelf questions.", join_policy="request"),
    GroupSpec("Family medicine shelf", None, "shelf", "virtual", 6, CLINICAL,
              "Screening guidelines and the outpatient vignettes."),
    GroupSpec("Cardiology for the medicine shelf", "Cardiovascular", "shelf", "virtual", 6, CLINICAL,
              "Chest pain, heart failure and arrhythmias for the internal medicine shelf."),
    GroupSpec("Shelf de medicina interna en español", None, "shelf", "virtual", 5, CLINICAL,
              "Casos clínicos de medicina interna en español para el shelf.", language="es"),
    GroupSpec("Emergency medicine shelf", None, "shelf", "virtual", 4, CLINICAL,
              "A few of us on the EM rotation.", role=INVITE_ONLY),
    GroupSpec("Step 2 CK: UWorld together", None, "step2", "virtual", 6, (4,),
              "MS4s finishing Step 2 CK: a block, then the explanations.", join_policy="request"),
    GroupSpec("Step 2 CK Sunday review", None, "step2", "hybrid", 8, CLINICAL,
              "Sunday review of the week's Step 2 questions.", when=(WEEKEND,)),
    GroupSpec("OSCE practice: history taking", None, "osce", "in_person", 6, CLINICAL,
              "Timed history-taking stations with a checklist; we swap patient and examiner."),
    GroupSpec("OSCE: physical exam stations", "Musculoskeletal", "osce", "in_person", 4, CLINICAL,
              "Practising the physical exam stations in the clinical skills center.", join_policy="request"),
    GroupSpec("OSCE: breaking bad news", "Behavioral Health", "osce", "in_person", 4, CLINICAL,
              "Role-playing difficult conversations with feedback.", role=INVITE_ONLY),
    GroupSpec("OSCE mock exam circuit", None, "osce", "in_person", 8, CLINICAL,
              "A full mock circuit every other week, with timing and feedback forms.", when=(WEEKEND, EVENING)),
    GroupSpec("Clinical reasoning cases", None, "osce", "virtual", 6, CLINICAL,
              "One unknown case a week: differential first, then the work-up."),
)
# fmt: on

ROOMS = (
    "Health Sciences Library, group study room 2A",
    "Health Sciences Library, group study room 3C",
    "Learning Center, room 204",
    "Medical Education Building, room 3.112",
    "Anatomy lab annex, table 4",
    "Clinical Skills Center, exam room 6",
)

#: Notes people write when asking to join (English groups).
REQUEST_NOTES = (
    "MS{year} here; those evenings work for me and I would love a regular group.",
    "I am a bit behind and learn best by explaining things out loud. Happy to make the question list.",
    "My old group stopped meeting. I can bring practice questions and keep the tracker.",
    "Preparing for the exam in three weeks and looking for accountability.",
    "I can book a room in the library if that helps.",
    "",
)
#: Notes people write when asking to join a Spanish-speaking group.
REQUEST_NOTES_ES = (
    "¡Hola! Me encantaría repasar en español; esos horarios me vienen bien.",
    "Soy MS{year} y busco un grupo constante. Puedo preparar preguntas.",
)
MS1_REQUEST_NOTE = "Hi! I am an MS1 and free those evenings. I would love to practise the tags before the practical."

#: Board posts: markdown with a link. ``{topic}`` and ``{slug}`` are filled in per group.
POSTS = (
    "Shared the question log from this week: [our tracker](https://drive.demo.huddle.test/{slug}/tracker). "
    "Add the ones you missed **before the next session**.",
    "Next time let's do 20 timed questions first, then review.\n\n- Warm-up: 10 questions\n"
    "- Review: the ones we missed\n\nSlides: [review deck](https://drive.demo.huddle.test/{slug}/deck)",
    "Found a clear one-page summary of {topic}: [outline](https://notes.demo.huddle.test/{slug}/outline). "
    "Worth a look before we meet.",
    "Thanks everyone for today. I put the whiteboard photos here: "
    "[photos](https://drive.demo.huddle.test/{slug}/whiteboard)",
    "Can we swap next week's topic? I would like to go over *the practice exam* first. "
    "Exam schedule: [block calendar](https://calendar.demo.huddle.test/{slug})",
)
POSTS_ES = (
    "Subí las preguntas de esta semana: [nuestra lista](https://drive.demo.huddle.test/{slug}/preguntas). "
    "Añadan las que fallaron **antes de la próxima sesión**.",
    "Gracias por hoy. Las fotos de la pizarra están aquí: [fotos](https://drive.demo.huddle.test/{slug}/pizarra)",
)

#: Session titles and agendas by goal.
AGENDAS = {
    "block_exam": (
        ("Practice questions", "- 15 timed questions\n- Go through every explanation\n- Pick next week's topic"),
        ("Concept review", "- Each of us explains one concept from the week\n- Quick quiz at the end"),
        ("Mock block exam", "- 30 questions, exam conditions\n- Review the ones most of us missed"),
    ),
    "coursework": (
        ("Weekly catch-up", "- What we covered in lectures\n- Questions for the course director"),
        ("Problem set", "- Work the set together\n- Compare answers"),
    ),
    "step1": (
        ("UWorld block + review", "- 40 questions, timed\n- Explanations together"),
        ("NBME debrief", "- Everyone brings three missed questions\n- Make a plan for the week"),
    ),
    "step2": (("Question block", "- 40 questions, timed\n- Explanations together"),),
    "shelf": (
        ("Shelf questions", "- 20 questions, timed\n- Explanations together"),
        ("Case review", "- Two cases from the wards (no identifying details)\n- Related shelf questions"),
    ),
    "osce": (
        ("Stations", "- Three 10-minute stations\n- Swap roles\n- Feedback with the checklist"),
        ("Mock OSCE", "- Full circuit with timing\n- Feedback forms"),
    ),
}

REPORT_OPEN = (
    "Our sessions have been moved at the last minute three weeks in a row and two of us missed them. "
    "Nobody answers on the board. Could a coordinator check in with the group?"
)
REPORT_RESOLVED = "Someone kept posting answers from a question bank we are not allowed to share."
RESOLUTION = "Spoke with the group; the posts were removed and the organisers reminded everyone of the sharing rules."

POOL_TITLE = "MS1 Block 2 study groups"
POOL_DESCRIPTION = (
    "Opt in to be placed in a study group for Block 2 (cardiovascular, respiratory and renal). "
    "Groups of 4 to 6 with at least two hours a week in common; tell us your goal, how you like to meet "
    "and when you are free. Sharing an attribute below is optional and only coordinators see it."
)
FIRST_GENERATION = "First-generation student"
