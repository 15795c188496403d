"""A realistic, deterministic demo school for ``make run``, screenshots and tests.

``demo_people`` draws everyone from ``random.Random(seed)`` without touching
the database, so the same seed always yields the same names, addresses,
profiles and availability. ``build_demo_school`` writes them with
``bulk_create`` (one password hash shared by all) so ~700 people load in
seconds. Later features (demo mentoring cycles) start from ``load_demo_school``.
"""

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.db import transaction

from huddle.accounts.availability import from_ranges
from huddle.accounts.models import (
    Language,
    Modality,
    Profile,
    Role,
    RoleAssignment,
    Specialty,
    Topic,
    User,
    Visibility,
    default_visibility,
)
from huddle.accounts.taxonomy import AAMC_SPECIALTIES, STEP1_DISCIPLINES, STEP1_SYSTEMS
from huddle.lib.registry import DemoSize

DEMO_DOMAIN = "demo.huddle.test"
DEMO_PASSWORD = "huddle-demo-2026"  # noqa: S105 - printed on purpose; demo only
#: The academic year the demo is set in; fixed so output never depends on today.
REFERENCE_YEAR = 2026

MS1_EMAIL = f"ms1.student@{DEMO_DOMAIN}"
MS3_EMAIL = f"ms3.student@{DEMO_DOMAIN}"
FACULTY_EMAIL = f"faculty@{DEMO_DOMAIN}"
COORDINATOR_EMAIL = f"coordinator@{DEMO_DOMAIN}"
WELLBEING_EMAIL = f"wellbeing@{DEMO_DOMAIN}"
# Fixed base32 keys so the demo's staff can sign in past the two-factor gate.
COORDINATOR_TOTP_SECRET = "HUDDLEDEMOCOORD2"  # noqa: S105
WELLBEING_TOTP_SECRET = "HUDDLEDEMOWELLB3"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    label: str
    email: str
    totp_secret: str | None = None


DEMO_LOGINS = (
    DemoLogin("student (MS1)", MS1_EMAIL),
    DemoLogin("student (MS3)", MS3_EMAIL),
    DemoLogin("faculty", FACULTY_EMAIL),
    DemoLogin("coordinator", COORDINATOR_EMAIL, COORDINATOR_TOTP_SECRET),
    DemoLogin("well-being staff", WELLBEING_EMAIL, WELLBEING_TOTP_SECRET),
)


# -- Names ---------------------------------------------------------------------
# Each heritage: given names (women, men, either), surnames, the chance a person
# speaks a heritage language and the relative frequency of those languages.


def _split(names: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in names.split(",") if n.strip())


@dataclass(frozen=True)
class _Heritage:
    weight: float
    women: tuple[str, ...]
    men: tuple[str, ...]
    either: tuple[str, ...]
    surnames: tuple[str, ...]
    speaks: float = 0.0
    languages: tuple[tuple[str, int], ...] = ()


_AMERICAN = _Heritage(
    0.37,
    _split(
        "Emily, Sarah, Hannah, Olivia, Abigail, Grace, Claire, Megan, Lauren, Katherine, Rachel, Rebecca, "
        "Allison, Caroline, Natalie, Madeline, Julia, Anna, Elizabeth, Molly, Kelsey, Erin, Brooke, Leah, "
        "Samantha, Emma, Audrey, Lily, Sophie, Margaret, Jenna, Kaitlyn"
    ),
    _split(
        "Michael, Matthew, Andrew, Ryan, Tyler, Benjamin, Jacob, Nicholas, Daniel, Ethan, Connor, Nathan, "
        "Zachary, Christopher, Jonathan, William, Kevin, Patrick, Sean, Thomas, Alexander, Evan, Luke, Jack, "
        "Owen, Henry, Samuel, Caleb, Noah, Peter"
    ),
    _split("Jordan, Taylor, Morgan, Riley, Casey, Avery, Alex, Sam, Quinn, Jamie"),
    _split(
        "Smith, Johnson, Miller, Brown, Davis, Wilson, Anderson, Taylor, Thomas, Moore, Martin, Thompson, "
        "White, Harris, Clark, Lewis, Walker, Hall, Allen, Young, King, Wright, Hill, Scott, Green, Adams, "
        "Baker, Nelson, Carter, Mitchell, Campbell, Roberts, Phillips, Evans, Turner, Parker, Collins, Edwards, "
        "Stewart, Murphy, Cook, Rogers, Cooper, Peterson, Bailey, Reed, Kelly, Howard, Ward, Richardson, "
        "Bennett, Gray, Hughes, Price, Sanders, Myers, Foster, Sullivan, Russell, O'Brien, Fitzgerald, "
        "McCarthy, Schmidt, Mueller, Weber, Becker, Kowalski, Nowak, Rossi, Romano, Russo, Esposito, "
        "Greenberg, Cohen, Levy, Friedman, Goldstein, Katz, Larsen, Olsen, Hansen, Lindgren, Papadopoulos, "
        "Costa, Dubois, Walsh"
    ),
    0.10,
    (("es", 55), ("fr", 20), ("de", 8), ("it", 6), ("he", 3), ("pt", 3), ("el", 2), ("pl", 2), ("ja", 1)),
)
_HERITAGES: tuple[_Heritage, ...] = (
    _AMERICAN,
    _Heritage(  # Hispanic and Latino
        0.12,
        _split(
            "María, Sofía, Valentina, Camila, Isabella, Daniela, Gabriela, Lucía, Ana, Mariana, Andrea, Paola, "
            "Alejandra, Ximena, Carolina, Natalia, Adriana, Marisol"
        ),
        _split(
            "José, Luis, Carlos, Juan, Diego, Alejandro, Miguel, Javier, Andrés, Mateo, Santiago, Gabriel, "
            "Rafael, Emilio, Eduardo, Ricardo, Jorge, Fernando"
        ),
        _split("Guadalupe, Cruz, Ariel"),
        _split(
            "García, Rodríguez, Martínez, Hernández, López, González, Pérez, Sánchez, Ramírez, Torres, Flores, "
            "Rivera, Gómez, Díaz, Reyes, Morales, Cruz, Ortiz, Gutiérrez, Chávez, Ramos, Ruiz, Álvarez, Mendoza, "
            "Vásquez, Castillo, Jiménez, Moreno, Romero, Herrera, Medina, Aguilar, Vargas, Guzmán, Salazar, "
            "Delgado, Castro, Ortega, Núñez, Fuentes"
        ),
        0.72,
        (("es", 95), ("pt", 5)),
    ),
    _Heritage(  # Chinese
        0.08,
        _split("Jing, Mei, Xinyi, Yuxin, Wen, Hui, Yan, Tiffany, Vivian, Jessica, Angela, Cindy"),
        _split("Wei, Jian, Hao, Yifan, Zhiwei, Kevin, Eric, Jason, Brian, Justin, Tony, Jeffrey"),
        _split("Yu, Ming, Lin"),
        _split(
            "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, He, Lin, Gao, "
            "Luo, Tan, Chan, Wong, Cheng, Leung, Tsai, Lau"
        ),
        0.58,
        (("zh", 1),),
    ),
    _Heritage(  # South Asian
        0.10,
        _split(
            "Priya, Ananya, Divya, Kavya, Neha, Pooja, Riya, Shreya, Meera, Nisha, Anjali, Sana, Fatima, "
            "Aisha, Lakshmi, Deepa"
        ),
        _split(
            "Arjun, Rohan, Rahul, Vikram, Aditya, Nikhil, Sanjay, Karthik, Aarav, Vivek, Amit, Imran, Ravi, "
            "Siddharth, Farhan, Varun"
        ),
        _split("Harpreet, Gurpreet, Kiran"),
        _split(
            "Patel, Shah, Singh, Kumar, Sharma, Gupta, Reddy, Rao, Iyer, Nair, Menon, Desai, Mehta, Joshi, "
            "Chatterjee, Banerjee, Das, Bhatt, Choudhury, Khan, Ahmed, Hussain, Malik, Qureshi, Chaudhry, "
            "Sandhu, Gill, Krishnan, Subramanian, Pillai, Agarwal, Kapoor"
        ),
        0.58,
        (("hi", 45), ("gu", 12), ("pa", 10), ("ur", 10), ("ta", 7), ("te", 7), ("bn", 5), ("ml", 4)),
    ),
    _Heritage(  # Black American
        0.07,
        _split("Aaliyah, Jasmine, Imani, Kiara, Destiny, Brianna, Maya, Nia, Alexis, Simone, Tiana, Danielle"),
        _split("Jamal, Darius, Malik, Marcus, Andre, Isaiah, Terrence, Xavier, Jalen, Elijah, Jerome, Khalil"),
        _split("Jordan, Cameron, Justice"),
        _split(
            "Washington, Jefferson, Jackson, Williams, Johnson, Robinson, Harris, Coleman, Freeman, Banks, Brooks, "
            "Hayes, Dixon, Gaines, Bryant, Jenkins, Booker, Pierce, Stokes, Holloway, Mayfield"
        ),
        0.06,
        (("es", 6), ("fr", 3), ("asl", 1)),
    ),
    _Heritage(  # West African
        0.02,
        _split("Chiamaka, Adaeze, Ngozi, Folake, Amara, Chidinma, Abena, Yetunde"),
        _split("Chinedu, Emeka, Tunde, Kwame, Kofi, Obinna, Ikenna, Femi"),
        _split("Oluwaseun, Temitope, Ayodele"),
        _split(
            "Okafor, Adeyemi, Okonkwo, Eze, Nwosu, Adebayo, Okoro, Mensah, Owusu, Asante, Boateng, Nwachukwu, "
            "Balogun, Ogunleye"
        ),
        0.30,
        (("yo", 7), ("fr", 3)),
    ),
    _Heritage(  # East African
        0.01,
        _split("Hiwot, Selam, Meron, Hodan, Amina, Faduma"),
        _split("Abel, Dawit, Yonas, Abdi, Mohamed, Bilal"),
        (),
        _split("Tesfaye, Haile, Bekele, Girma, Alemu, Warsame, Mohamud, Hassan, Farah"),
        0.55,
        (("am", 5), ("so", 4), ("sw", 1)),
    ),
    _Heritage(  # Haitian
        0.01,
        _split("Marie, Nadège, Widline, Stéphanie, Fabienne"),
        _split("Jean, Wilson, Frantz, Jean-Pierre, Emmanuel"),
        (),
        _split("Jean-Baptiste, Pierre, Joseph, Louis, Charles, Désir, Étienne, François, Toussaint, Célestin"),
        0.65,
        (("ht", 7), ("fr", 3)),
    ),
    _Heritage(  # Vietnamese
        0.03,
        _split("Linh, Thao, Ngoc, Trang, Mai, Vy, Kimberly, Tiffany"),
        _split("Minh, Huy, Tuan, Khoa, Bao, Long, Duc, Peter"),
        _split("Anh, Quynh"),
        _split("Nguyen, Tran, Le, Pham, Huynh, Hoang, Phan, Vu, Vo, Dang, Bui, Do, Ho, Ngo, Duong"),
        0.62,
        (("vi", 1),),
    ),
    _Heritage(  # Korean
        0.03,
        _split("Ji-woo, Seo-yeon, Min-ji, Hana, Eunice, Grace, Jennifer, Soo-ah"),
        _split("Min-jun, Ji-ho, Hyun, Daniel, Joseph, Sung, Jae, Paul"),
        _split("Jin, Haneul"),
        _split("Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Shin, Oh, Seo"),
        0.50,
        (("ko", 1),),
    ),
    _Heritage(  # Filipino
        0.03,
        _split("Angelica, Kristine, Patricia, Joanna, Bea, Camille, Danica, Katrina"),
        _split("Mark, Paolo, Miguel, Carlo, Rafael, Jericho, Nathaniel, Joshua"),
        _split("Jun, Rey"),
        _split(
            "Santos, Reyes, Cruz, Bautista, Ocampo, Garcia, Mendoza, Dela Cruz, Villanueva, Aquino, Ramos, "
            "Castillo, Manalo, Pascual, Soriano, Dizon"
        ),
        0.45,
        (("tl", 1),),
    ),
    _Heritage(  # Arab
        0.03,
        _split("Layla, Yasmin, Nour, Mariam, Hala, Rania, Salma, Dina, Lina"),
        _split("Omar, Ahmad, Khaled, Yousef, Karim, Tariq, Sami, Hassan, Ali, Rami"),
        _split("Nour, Rayan"),
        _split(
            "Haddad, Khoury, Saleh, Nasser, Mansour, Hamdan, Aziz, Jaber, Sabbagh, Abboud, Darwish, Hussein, "
            "Ibrahim, Mahmoud, Abdullah"
        ),
        0.60,
        (("ar", 9), ("fr", 1)),
    ),
    _Heritage(  # Persian
        0.01,
        _split("Shirin, Neda, Parisa, Roya, Leila"),
        _split("Dariush, Arash, Kian, Reza, Babak, Cyrus"),
        (),
        _split("Hosseini, Rahimi, Karimi, Tehrani, Jafari, Ahmadi, Moradi, Sadeghi"),
        0.55,
        (("fa", 1),),
    ),
    _Heritage(  # Japanese
        0.01,
        _split("Yuki, Haruka, Aiko, Emi, Naomi"),
        _split("Kenji, Takeshi, Hiroshi, Kenta, Ryo"),
        _split("Hikaru, Makoto"),
        _split("Tanaka, Suzuki, Sato, Watanabe, Yamamoto, Nakamura, Kobayashi, Takahashi, Ito"),
        0.35,
        (("ja", 1),),
    ),
    _Heritage(  # Eastern European
        0.02,
        _split("Anastasia, Natalia, Olga, Katya, Daria, Irina, Alina"),
        _split("Dmitri, Alexei, Ivan, Mikhail, Sergei, Andrei, Nikolai"),
        _split("Sasha, Zhenya"),
        _split("Ivanov, Petrov, Smirnov, Volkov, Kuznetsov, Shevchenko, Bondarenko, Kovalenko, Popov, Sokolov"),
        0.60,
        (("ru", 6), ("uk", 3), ("pl", 1)),
    ),
    _Heritage(  # Hmong
        0.005,
        _split("Mai, Pa, Nou, Chia"),
        _split("Tou, Pao, Xeng, Kou"),
        (),
        _split("Vang, Xiong, Yang, Thao, Moua, Her, Lor"),
        0.55,
        (("hmn", 1),),
    ),
)


# -- Interests -------------------------------------------------------------------

# How often students name a specialty; unnamed ones weigh 0.7.
_STUDENT_SPECIALTY_WEIGHTS = {
    "Internal Medicine": 14, "Pediatrics": 9, "Emergency Medicine": 8, "General Surgery": 8,
    "Family Medicine": 6, "Psychiatry": 6, "Obstetrics and Gynecology": 5, "Orthopaedic Surgery": 5,
    "Anesthesiology": 5, "Cardiology": 4, "Neurology": 4, "Dermatology": 4, "Diagnostic Radiology": 3,
    "Hematology and Oncology": 3, "Ophthalmology": 2, "Neurological Surgery": 2, "Plastic Surgery": 2,
    "Otolaryngology": 2, "Pulmonary and Critical Care": 2, "Gastroenterology": 2, "Public Health": 2,
    "Urology": 1.5, "Pathology": 1.5, "Physical Medicine and Rehabilitation": 1.5, "Infectious Disease": 1.5,
}  # fmt: skip
# How many faculty each department has, relatively.
_FACULTY_DEPARTMENT_WEIGHTS = {
    "Internal Medicine": 14, "Pediatrics": 8, "General Surgery": 6, "Emergency Medicine": 5,
    "Family Medicine": 5, "Psychiatry": 5, "Obstetrics and Gynecology": 4, "Anesthesiology": 4,
    "Neurology": 3, "Cardiology": 3, "Pathology": 3, "Diagnostic Radiology": 3, "Hematology and Oncology": 3,
    "Infectious Disease": 2, "Pulmonary and Critical Care": 2, "Gastroenterology": 2, "Orthopaedic Surgery": 2,
}  # fmt: skip
# What faculty of a department teach, and what its fans study first.
_RELATED_TOPICS = {
    "Internal Medicine": ("Pathophysiology", "Pharmacology", "Multisystem Processes"),
    "Cardiology": ("Cardiovascular", "Physiology"),
    "Pediatrics": ("Genetics", "Pregnancy and Childbirth", "Immune"),
    "Psychiatry": ("Behavioral Health", "Behavioral Sciences"),
    "Neurology": ("Nervous System and Special Senses", "Anatomy"),
    "Obstetrics and Gynecology": ("Pregnancy and Childbirth", "Female Reproductive and Breast"),
    "Nephrology": ("Renal and Urinary", "Physiology"),
    "Gastroenterology": ("Gastrointestinal",),
    "Pulmonary and Critical Care": ("Respiratory", "Physiology"),
    "Endocrinology": ("Endocrine", "Biochemistry and Nutrition"),
    "Dermatology": ("Skin and Subcutaneous Tissue", "Histology and Cell Biology"),
    "Orthopaedic Surgery": ("Musculoskeletal", "Anatomy"),
    "General Surgery": ("Anatomy", "Gastrointestinal"),
    "Infectious Disease": ("Microbiology", "Immunology"),
    "Hematology and Oncology": ("Blood and Lymphoreticular", "Pathology (discipline)"),
    "Pathology": ("Pathology (discipline)", "Histology and Cell Biology"),
    "Allergy and Immunology": ("Immune", "Immunology"),
    "Medical Genetics and Genomics": ("Genetics", "Biochemistry and Nutrition"),
    "Rheumatology": ("Musculoskeletal", "Immune"),
    "Urology": ("Male Reproductive", "Renal and Urinary"),
    "Family Medicine": ("Multisystem Processes", "Social Sciences"),
    "Public Health": ("Biostatistics and Epidemiology", "Social Sciences"),
    "Preventive Medicine": ("Biostatistics and Epidemiology", "Social Sciences"),
    "Emergency Medicine": ("Multisystem Processes", "Cardiovascular", "Pharmacology"),
    "Anesthesiology": ("Pharmacology", "Physiology", "Respiratory"),
    "Diagnostic Radiology": ("Anatomy",),
}
# The first-year curriculum leans on the disciplines, the second on systems.
_MS1_TOPICS = frozenset(
    {"General Principles", "Anatomy", "Biochemistry and Nutrition", "Histology and Cell Biology", "Physiology",
     "Genetics", "Immunology", "Biostatistics and Epidemiology"}
)  # fmt: skip
_MS2_TOPICS = frozenset(
    {"Pharmacology", "Pathology (discipline)", "Microbiology", "Cardiovascular", "Respiratory", "Renal and Urinary",
     "Gastrointestinal", "Nervous System and Special Senses", "Endocrine"}
)  # fmt: skip
_ALL_TOPICS = (*STEP1_SYSTEMS, *STEP1_DISCIPLINES)

_FACULTY_RANKS = (("Assistant Professor", 45), ("Associate Professor", 28), ("Professor", 17), ("Instructor", 10))

_HOMETOWNS = _split(
    "Baltimore, the Bronx, Atlanta, rural Ohio, San Antonio, Chicago's South Side, Queens, Philadelphia, "
    "a small town in Vermont, Houston, Miami, Detroit, Los Angeles, Minneapolis, Puerto Rico, Newark, "
    "Seattle, western Pennsylvania, Nashville, the Navajo Nation, Boston, New Orleans, Lagos, Seoul, "
    "Manila, Mumbai, Toronto, Port-au-Prince, El Paso, Sacramento"
)
_PRIOR_LIVES = (
    "worked as an EMT", "taught high-school chemistry", "was a research assistant in a cancer lab",
    "worked as a medical scribe", "served as an Army medic", "worked in community health outreach",
    "played in an orchestra", "was a software engineer", "worked as a nurse", "coached youth soccer",
    "did Peace Corps service", "worked as a pharmacy technician",
)  # fmt: skip
_HOBBIES = (
    "running", "rock climbing", "baking sourdough", "playing the violin", "pickup basketball", "hiking",
    "film photography", "board games", "cooking for friends", "salsa dancing", "gardening", "soccer",
    "knitting", "chess", "cycling", "yoga", "volunteering at the student-run free clinic", "podcasts",
    "pottery", "swimming", "crossword puzzles", "karaoke",
)  # fmt: skip
_ACCESS_NOTES = (
    "Please turn captions on for video calls.",
    "I'm hard of hearing and lip-read best with cameras on.",
    "I use a wheelchair; ground-floor rooms or the library elevator side, please.",
    "Written notes shared before a session help me a lot.",
)
# Research years and global-health electives put a few senior students abroad.
_ABROAD = (
    ("Europe/London", "London"), ("Africa/Kampala", "Kampala"), ("Asia/Kolkata", "Chennai"),
    ("America/Lima", "Lima"), ("Africa/Johannesburg", "Johannesburg"), ("Asia/Manila", "Manila"),
    ("Europe/Berlin", "Berlin"), ("America/Port-au-Prince", "Port-au-Prince"),
)  # fmt: skip
_US_ZONES = (
    ("America/New_York", 86), ("America/Chicago", 5), ("America/Los_Angeles", 5), ("America/Denver", 2),
    ("America/Phoenix", 1),
)  # fmt: skip


# -- The generated people ---------------------------------------------------------


@dataclass(frozen=True)
class DemoPerson:
    """One person as drawn, before any database row exists."""

    email: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    class_year: int | None = None
    graduation_year: int | None = None
    pronouns: str = ""
    specialties: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    time_zone: str = "America/New_York"
    modality: str = Modality.EITHER.value
    bio: str = ""
    accessibility_notes: str = ""
    visibility: dict[str, str] = field(default_factory=default_visibility)
    availability: bytes = b""


def graduation_year_for(class_year: int) -> int:
    """MS1 in the reference year graduates four springs later."""
    return REFERENCE_YEAR + 5 - class_year


def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _sample_weighted(rng: random.Random, weights: dict[str, float], k: int) -> tuple[str, ...]:
    """``k`` distinct items, each draw proportional to its weight."""
    pool = dict(weights)
    chosen: list[str] = []
    while pool and len(chosen) < k:
        pick = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(pick)
        del pool[pick]
    return tuple(chosen)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


class _EmailBook:
    """Hands out ``first.last@`` addresses, adding a digit on a collision."""

    def __init__(self, reserved: Sequence[str]) -> None:
        self.used = set(reserved)

    def taken(self, first: str, last: str) -> bool:
        return f"{_ascii(first)}.{_ascii(last)}@{DEMO_DOMAIN}" in self.used

    def address(self, first: str, last: str) -> str:
        local = f"{_ascii(first)}.{_ascii(last)}"
        email, n = f"{local}@{DEMO_DOMAIN}", 1
        while email in self.used:
            n += 1
            email = f"{local}{n}@{DEMO_DOMAIN}"
        self.used.add(email)
        return email


def _name(rng: random.Random, book: _EmailBook) -> tuple[str, str, str, _Heritage]:
    """(first, last, gender of the name: f/m/x, heritage).

    A full name already in use is drawn again (twice at most): namesakes are
    rare in a real class, so the numbered addresses stay rare too.
    """
    for _attempt in range(3):
        heritage = rng.choices(_HERITAGES, weights=[h.weight for h in _HERITAGES])[0]
        gender = rng.choices("fmx", weights=(50, 46, 4))[0]
        # Many second-generation families give an American first name.
        source = _AMERICAN if rng.random() < 0.12 else heritage
        pool = {"f": source.women, "m": source.men, "x": source.either or source.women + source.men}[gender]
        first, last = rng.choice(pool), rng.choice(heritage.surnames)
        if not book.taken(first, last):
            break
    return first, last, gender, heritage


def _pronouns(rng: random.Random, gender: str) -> str:
    if rng.random() > (0.7 if gender == "x" else 0.4):
        return ""
    if gender == "f":
        return "she/they" if rng.random() < 0.08 else "she/her"
    if gender == "m":
        return "he/they" if rng.random() < 0.05 else "he/him"
    return _weighted(rng, (("they/them", 6), ("she/her", 2), ("he/him", 2)))


def _languages(rng: random.Random, heritage: _Heritage) -> tuple[str, ...]:
    spoken = ["en"]
    if heritage.languages and rng.random() < heritage.speaks:
        spoken.append(_weighted(rng, heritage.languages))
    # Medical Spanish is the most common language learned for patients.
    if "es" not in spoken and rng.random() < 0.04:
        spoken.append("es")
    if rng.random() < 0.008:
        spoken.append("asl")
    return tuple(dict.fromkeys(spoken))


def _visibility(rng: random.Random) -> dict[str, str]:
    chosen = default_visibility()
    roll = rng.random()
    if roll < 0.12:
        chosen[rng.choice(("availability", "bio", "languages", "class_year"))] = Visibility.STAFF.value
    elif roll < 0.17:
        chosen[rng.choice(("pronouns", "bio", "availability"))] = Visibility.ONLY_ME.value
    return chosen


# -- Weekly availability (local wall-clock time) ------------------------------------

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
_Ranges = dict[str, list[str]]


def _span(start: int, blocks: int) -> str:
    end = min(start + blocks, 48)
    return f"{start // 2:02d}:{start % 2 * 30:02d}-{end // 2:02d}:{end % 2 * 30:02d}"


def _on(days: Sequence[str], start: int, blocks: int) -> _Ranges:
    return {day: [_span(start, blocks)] for day in days}


def _evenings(rng: random.Random) -> _Ranges:
    days = rng.sample(("mon", "tue", "wed", "thu", "sun"), rng.randint(2, 4))
    return _on(days, rng.choice((36, 37, 38, 39)), rng.randint(3, 6))


def _weekend_mornings(rng: random.Random) -> _Ranges:
    return _on(rng.sample(("sat", "sun"), rng.randint(1, 2)), rng.randint(16, 20), rng.randint(4, 6))


def _lunch(rng: random.Random) -> _Ranges:
    return _on(rng.sample(_WEEKDAYS, rng.randint(2, 5)), rng.choice((23, 24)), rng.choice((2, 3)))


def _afternoons(rng: random.Random) -> _Ranges:
    return _on(rng.sample(_WEEKDAYS, rng.randint(1, 3)), rng.randint(26, 30), rng.randint(4, 6))


def _late_evenings(rng: random.Random) -> _Ranges:
    return _on(rng.sample(_WEEKDAYS[:4], rng.randint(1, 2)), rng.choice((40, 41)), rng.choice((3, 4)))


def _sunday_afternoon(rng: random.Random) -> _Ranges:
    return _on(["sun"], rng.randint(26, 28), rng.randint(4, 6))


def _early_mornings(rng: random.Random) -> _Ranges:
    return _on(rng.sample(_WEEKDAYS, rng.randint(1, 3)), rng.choice((13, 14)), rng.choice((2, 3)))


def _late_afternoons(rng: random.Random) -> _Ranges:
    return _on(rng.sample(_WEEKDAYS, rng.randint(1, 3)), rng.choice((32, 33)), rng.choice((3, 4)))


def _office_hours(rng: random.Random) -> _Ranges:
    return _on(_WEEKDAYS, rng.choice((18, 26)), 8)


_Pattern = Callable[[random.Random], _Ranges]
# Pre-clinical years have free afternoons; clerkships leave late evenings and Sundays.
_PATTERNS: dict[str, tuple[tuple[int, int], tuple[_Pattern, ...]]] = {
    "preclinical": ((2, 3), (_evenings, _weekend_mornings, _lunch, _afternoons)),
    "ms3": ((1, 2), (_late_evenings, _sunday_afternoon, _weekend_mornings)),
    "ms4": ((2, 2), (_late_evenings, _sunday_afternoon, _evenings, _weekend_mornings, _lunch)),
    "faculty": ((1, 2), (_lunch, _early_mornings, _late_afternoons, _evenings)),
    "staff": ((1, 1), (_office_hours,)),
}


def _availability(rng: random.Random, kind: str) -> bytes:
    (low, high), patterns = _PATTERNS[kind]
    week: _Ranges = {}
    for pattern in rng.sample(patterns, rng.randint(low, high)):
        for day, spans in pattern(rng).items():
            week.setdefault(day, []).extend(spans)
    return from_ranges(week)


# -- People by role -------------------------------------------------------------------


def _student_bio(rng: random.Random, year: int, specialties: Sequence[str], topics: Sequence[str]) -> str:
    if rng.random() < 0.12:
        return ""
    opener = rng.choice(
        (
            f"MS{year} originally from {rng.choice(_HOMETOWNS)}.",
            f"MS{year}; before medical school I {rng.choice(_PRIOR_LIVES)}.",
            f"MS{year} and the first in my family to go to medical school.",
            f"MS{year} who came to medicine after a few years away: I {rng.choice(_PRIOR_LIVES)}.",
        )
    )
    interest = rng.choice(
        (
            f"Leaning toward {specialties[0]}, but keeping an open mind.",
            f"Curious about {' and '.join(specialties[:2])}.",
            f"Thinking about {specialties[0]}; happy to talk about research in it.",
        )
    )
    hobby = rng.choice((f"Outside class: {rng.choice(_HOBBIES)}.", f"Weekends are for {rng.choice(_HOBBIES)}."))
    closer = rng.choice(
        (
            f"Happy to help with {topics[0]}.",
            f"Looking for people to review {topics[0]} with.",
            "Always up for a coffee chat.",
            "",
        )
    )
    return " ".join(part for part in (opener, interest, hobby, closer) if part)


def _student(rng: random.Random, book: _EmailBook, year: int, fixed: tuple[str, str, str, str] | None) -> DemoPerson:
    first, last, gender, heritage = _name(rng, book)
    pronouns = _pronouns(rng, gender)
    if fixed:
        email, first, last, pronouns = fixed
    else:
        email = book.address(first, last)
    specialties = _sample_weighted(
        rng, {name: _STUDENT_SPECIALTY_WEIGHTS.get(name, 0.7) for name in AAMC_SPECIALTIES}, rng.randint(1, 3)
    )
    focus = {1: _MS1_TOPICS, 2: _MS2_TOPICS}.get(year, frozenset(_RELATED_TOPICS.get(specialties[0], ())))
    topics = _sample_weighted(rng, {t: 4.0 if t in focus else 1.0 for t in _ALL_TOPICS}, rng.randint(2, 5))
    abroad = year >= 3 and rng.random() < 0.06
    if abroad:
        zone, city = rng.choice(_ABROAD)
    else:
        zone, city = _weighted(rng, _US_ZONES), ""
    modality = _weighted(rng, (("virtual", 30), ("in_person", 25), ("either", 45)))
    if abroad:
        modality = Modality.VIRTUAL.value
    bio = _student_bio(rng, year, specialties, topics)
    if abroad:
        bio = f"{bio} Spending this year on research in {city}.".strip()
    kind = "preclinical" if year <= 2 else f"ms{year}"
    return DemoPerson(
        email=email,
        first_name=first,
        last_name=last,
        roles=(Role.STUDENT.value,),
        class_year=year,
        graduation_year=graduation_year_for(year),
        pronouns=pronouns,
        specialties=specialties,
        topics=topics,
        languages=_languages(rng, heritage),
        time_zone=zone,
        modality=modality,
        bio=bio,
        accessibility_notes=rng.choice(_ACCESS_NOTES) if rng.random() < 0.03 else "",
        visibility=_visibility(rng),
        availability=_availability(rng, kind),
    )


def _faculty(
    rng: random.Random, book: _EmailBook, roles: tuple[str, ...], fixed: tuple[str, str, str, str] | None
) -> DemoPerson:
    first, last, gender, heritage = _name(rng, book)
    pronouns = _pronouns(rng, gender)
    if fixed:
        email, first, last, pronouns = fixed
    else:
        email = book.address(first, last)
    department = _weighted(rng, [(n, _FACULTY_DEPARTMENT_WEIGHTS.get(n, 1.0)) for n in AAMC_SPECIALTIES])
    specialties: tuple[str, ...] = (department,)
    if rng.random() < 0.2:
        specialties = (department, rng.choice([s for s in AAMC_SPECIALTIES if s != department]))
    related = _RELATED_TOPICS.get(department, ())
    topics = _sample_weighted(rng, {t: 6.0 if t in related else 1.0 for t in _ALL_TOPICS}, rng.randint(1, 3))
    rank = _weighted(rng, _FACULTY_RANKS)
    duty = rng.choice(
        (
            f"I teach in the {topics[0]} course and enjoy mentoring students exploring {department}.",
            "Happy to talk with students about residency applications.",
            f"Course director for {topics[0]}; ask me about research opportunities.",
            f"I precept third-year students on the {department} clerkship.",
        )
    )
    bio = f"{rank}, {department}. {duty}"
    if Role.COORDINATOR in roles:
        bio += " Faculty director of the peer mentoring program."
    if rng.random() < 0.4:
        bio += f" Off the wards: {rng.choice(_HOBBIES)}."
    return DemoPerson(
        email=email,
        first_name=first,
        last_name=last,
        roles=roles,
        pronouns=pronouns,
        specialties=specialties,
        topics=topics,
        languages=_languages(rng, heritage),
        time_zone=_weighted(rng, (("America/New_York", 96), ("America/Chicago", 2), ("America/Los_Angeles", 1),
                                  ("Europe/London", 1))),
        modality=_weighted(rng, (("either", 50), ("in_person", 30), ("virtual", 20))),
        bio=bio,
        visibility=_visibility(rng),
        availability=_availability(rng, "faculty"),
    )  # fmt: skip


def _staff(rng: random.Random, role: str, email: str, first: str, last: str, pronouns: str, bio: str) -> DemoPerson:
    return DemoPerson(
        email=email,
        first_name=first,
        last_name=last,
        roles=(role,),
        pronouns=pronouns,
        modality=Modality.EITHER.value,
        bio=bio,
        languages=("en", "es") if rng.random() < 0.5 else ("en",),
        availability=_availability(rng, "staff"),
    )


# The people behind the demo log-ins: (e-mail, first, last, pronouns).
_FIXED = {
    MS1_EMAIL: (MS1_EMAIL, "Maya", "Alvarez", "she/her"),
    MS3_EMAIL: (MS3_EMAIL, "Daniel", "Kim", "he/him"),
    FACULTY_EMAIL: (FACULTY_EMAIL, "Priya", "Raman", "she/her"),
    COORDINATOR_EMAIL: (COORDINATOR_EMAIL, "Elena", "Morales", "she/her"),
    WELLBEING_EMAIL: (WELLBEING_EMAIL, "Jordan", "Reyes", "they/them"),
}


def demo_people(*, seed: int = 2026, students: int = 600, faculty: int = 80) -> list[DemoPerson]:
    """Everyone in the demo school, drawn deterministically from ``seed``.

    Students split evenly over MS1 to MS4; the first MS1, the first MS3, the first
    faculty member and the staff have the fixed addresses in ``DEMO_LOGINS``.
    The second faculty member is also a coordinator, so there are always 3.
    """
    if students < 4 or faculty < 2:
        raise ValueError("The demo school needs at least 4 students and 2 faculty.")
    rng = random.Random(seed)
    book = _EmailBook([login.email for login in DEMO_LOGINS])
    # No generated namesakes of the demo log-ins' people.
    for _email, first, last, _said in _FIXED.values():
        book.address(first, last)
    people: list[DemoPerson] = []
    for i in range(students):
        year = 1 + i * 4 // students
        fixed = None
        if i == 0:
            fixed = _FIXED[MS1_EMAIL]
        elif year == 3 and (i - 1) * 4 // students == 1:
            fixed = _FIXED[MS3_EMAIL]
        people.append(_student(rng, book, year, fixed))
    for j in range(faculty):
        roles = (Role.FACULTY.value, Role.COORDINATOR.value) if j == 1 else (Role.FACULTY.value,)
        fixed = _FIXED[FACULTY_EMAIL] if j == 0 else None
        people.append(_faculty(rng, book, roles, fixed))
    first, last, _gender, _heritage = _name(rng, book)
    people += [
        _staff(rng, Role.COORDINATOR.value, *_FIXED[COORDINATOR_EMAIL],
               "Mentoring program coordinator in the Office of Student Affairs."),
        _staff(rng, Role.COORDINATOR.value, book.address(first, last), first, last, "",
               "Coordinator for peer tutoring and study groups, Office of Medical Education."),
        _staff(rng, Role.WELLBEING.value, *_FIXED[WELLBEING_EMAIL],
               "Licensed counselor with Student Well-being. Reach out any time; conversations are confidential."),
    ]  # fmt: skip
    return people


# -- Writing the school ------------------------------------------------------------------


@dataclass
class DemoSchool:
    """The demo's people by role; one person may appear under two roles."""

    students: list[User]
    faculty: list[User]
    coordinators: list[User]
    wellbeing: list[User]
    created: bool

    def user(self, email: str) -> User:
        for person in (*self.students, *self.faculty, *self.coordinators, *self.wellbeing):
            if person.email == email:
                return person
        raise KeyError(email)


def demo_school_exists() -> bool:
    """Any demo address counts, so a half-edited demo is never built on top of."""
    return User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists()


def load_demo_school(*, created: bool = False) -> DemoSchool:
    """The demo people already in the database, in creation order."""
    users = list(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").prefetch_related("roles").order_by("pk"))
    by_role: dict[str, list[User]] = {role: [] for role in Role.values}
    for user in users:
        for assignment in user.roles.all():
            by_role[assignment.role].append(user)
    return DemoSchool(
        students=by_role[Role.STUDENT],
        faculty=by_role[Role.FACULTY],
        coordinators=by_role[Role.COORDINATOR],
        wellbeing=by_role[Role.WELLBEING],
        created=created,
    )


def build_demo_school(*, seed: int = 2026, students: int = 600, faculty: int = 80) -> DemoSchool:
    """Create the demo school unless it is already there (then load it).

    Everyone gets the password ``DEMO_PASSWORD``, hashed once and shared, and a
    verified primary e-mail address; coordinators and well-being staff get a
    TOTP authenticator with the fixed keys in ``DEMO_LOGINS``.
    """
    if demo_school_exists():
        return load_demo_school()
    people = demo_people(seed=seed, students=students, faculty=faculty)
    password = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(email=p.email, first_name=p.first_name, last_name=p.last_name, password=password) for p in people]
        )
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=u, role=role) for u, p in zip(users, people, strict=True) for role in p.roles]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
        )
        profiles = Profile.objects.bulk_create([_profile(u, p) for u, p in zip(users, people, strict=True)])
        _link_taxonomies(profiles, people)
        # Every demo coordinator shares the printed key, as does well-being staff.
        for user, person in zip(users, people, strict=True):
            if Role.WELLBEING in person.roles:
                TOTP.activate(user, WELLBEING_TOTP_SECRET)
            elif Role.COORDINATOR in person.roles:
                TOTP.activate(user, COORDINATOR_TOTP_SECRET)
    return load_demo_school(created=True)


def _profile(user: User, person: DemoPerson) -> Profile:
    return Profile(
        user=user,
        pronouns=person.pronouns,
        class_year=person.class_year,
        graduation_year=person.graduation_year,
        time_zone=person.time_zone,
        modality=person.modality,
        bio=person.bio,
        accessibility_notes=person.accessibility_notes,
        visibility=person.visibility,
        availability=person.availability,
    )


def _link_taxonomies(profiles: list[Profile], people: list[DemoPerson]) -> None:
    """Fill the three profile M2Ms through their join tables, one insert each.

    Names missing from the school's taxonomies (a coordinator renamed or
    retired a topic) are skipped rather than recreated.
    """
    specialty_ids = dict(Specialty.objects.values_list("name", "pk"))
    topic_ids = dict(Topic.objects.filter(is_active=True).values_list("name", "pk"))
    language_ids = dict(Language.objects.values_list("code", "pk"))
    specialty_link = Profile.specialties.through
    topic_link = Profile.topics.through
    language_link = Profile.languages.through
    specialty_link.objects.bulk_create(
        [specialty_link(profile_id=pr.pk, specialty_id=specialty_ids[name])
         for pr, p in zip(profiles, people, strict=True) for name in p.specialties if name in specialty_ids]
    )  # fmt: skip
    topic_link.objects.bulk_create(
        [topic_link(profile_id=pr.pk, topic_id=topic_ids[name])
         for pr, p in zip(profiles, people, strict=True) for name in p.topics if name in topic_ids]
    )  # fmt: skip
    language_link.objects.bulk_create(
        [language_link(profile_id=pr.pk, language_id=language_ids[code])
         for pr, p in zip(profiles, people, strict=True) for code in p.languages if code in language_ids]
    )  # fmt: skip


def delete_demo_school() -> int:
    """Remove every demo person; returns how many were deleted.

    Raises ``django.db.models.ProtectedError`` when a demo person has a
    history that must be kept (audit events, roster imports).
    """
    _total, per_model = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()
    return per_model.get(User._meta.label, 0)


def demo_people_step(size: DemoSize) -> list[str]:
    """The accounts app's demo step: the people, and the log-ins to print."""
    school = build_demo_school(seed=size.seed, students=size.students, faculty=size.faculty)
    lines = [] if school.created else ["The demo school is already loaded (--reset rebuilds it)."]
    lines.append(
        f"Demo school: {len(school.students)} students, {len(school.faculty)} faculty, "
        f"{len(school.coordinators)} coordinators, {len(school.wellbeing)} well-being staff"
    )
    lines.append(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
    width = max(len(login.email) for login in DEMO_LOGINS)
    for login in DEMO_LOGINS:
        line = f"  {login.label + ':':<20}{login.email}"
        if login.totp_secret:
            line = f"{line:<{width + 22}}   (two-factor key: {login.totp_secret})"
        lines.append(line)
    lines.append("  Add a two-factor key to an authenticator app to sign in as that person.")
    return lines


def demo_people_delete() -> list[str]:
    """The accounts app's demo reset: every demo person goes."""
    return [f"Deleted {delete_demo_school()} demo people."]
