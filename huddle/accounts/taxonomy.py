"""The default taxonomies a new school starts with; coordinators edit topics.

Specialties follow the AAMC Careers in Medicine list; topics follow the
USMLE Step 1 content outline (organ systems and disciplines).
"""

AAMC_SPECIALTIES = (
    "Allergy and Immunology", "Anesthesiology", "Child Neurology", "Dermatology",
    "Diagnostic Radiology", "Emergency Medicine", "Family Medicine", "General Surgery",
    "Internal Medicine", "Internal Medicine–Pediatrics", "Interventional Radiology",
    "Medical Genetics and Genomics", "Neurological Surgery", "Neurology", "Nuclear Medicine",
    "Obstetrics and Gynecology", "Ophthalmology", "Orthopaedic Surgery", "Otolaryngology",
    "Pathology", "Pediatrics", "Physical Medicine and Rehabilitation", "Plastic Surgery",
    "Preventive Medicine", "Psychiatry", "Radiation Oncology", "Thoracic Surgery", "Urology",
    "Vascular Surgery", "Cardiology", "Gastroenterology", "Hematology and Oncology",
    "Infectious Disease", "Nephrology", "Pulmonary and Critical Care", "Endocrinology",
    "Rheumatology", "Geriatric Medicine", "Sports Medicine", "Public Health",
)

STEP1_SYSTEMS = (
    "General Principles", "Blood and Lymphoreticular", "Immune", "Behavioral Health",
    "Nervous System and Special Senses", "Skin and Subcutaneous Tissue", "Musculoskeletal",
    "Cardiovascular", "Respiratory", "Renal and Urinary", "Pregnancy and Childbirth",
    "Female Reproductive and Breast", "Male Reproductive", "Endocrine", "Gastrointestinal",
    "Multisystem Processes", "Biostatistics and Epidemiology", "Social Sciences",
)

STEP1_DISCIPLINES = (
    "Anatomy", "Behavioral Sciences", "Biochemistry and Nutrition", "Genetics", "Histology and Cell Biology",
    "Immunology", "Microbiology", "Pathology (discipline)", "Pathophysiology", "Pharmacology", "Physiology",
)

LANGUAGES = (
    ("ar", "Arabic"), ("bn", "Bengali"), ("zh", "Chinese"), ("en", "English"), ("fa", "Persian"),
    ("fr", "French"), ("de", "German"), ("el", "Greek"), ("gu", "Gujarati"), ("ht", "Haitian Creole"),
    ("he", "Hebrew"), ("hi", "Hindi"), ("hmn", "Hmong"), ("it", "Italian"), ("ja", "Japanese"),
    ("ko", "Korean"), ("ml", "Malayalam"), ("pa", "Punjabi"), ("pl", "Polish"), ("pt", "Portuguese"),
    ("ru", "Russian"), ("so", "Somali"), ("es", "Spanish"), ("sw", "Swahili"), ("tl", "Tagalog"),
    ("ta", "Tamil"), ("te", "Telugu"), ("th", "Thai"), ("tr", "Turkish"), ("uk", "Ukrainian"),
    ("ur", "Urdu"), ("vi", "Vietnamese"), ("yo", "Yoruba"), ("am", "Amharic"), ("asl", "American Sign Language"),
)
