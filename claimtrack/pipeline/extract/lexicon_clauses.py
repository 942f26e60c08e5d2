"""Word lists for splitting sentences into one-fact clauses and for location claims.

Arabic verbs are past-tense masculine stems (``lexicon`` derives ت/وا/ا/تا and و/ف forms);
they serve to recognise "، و<verb>" as a new clause, not to type claims, except the
``AR_EVENT_EXTRA`` / ``EN_EVENT_EXTRA`` entries, which are also event verbs.
"""

from __future__ import annotations

# Speech acts told in narration: "كما أشاد بالجيش الروسي", "كما تطرق بوتين إلى".
AR_REPORTING_EXTRA = [
    "أشاد", "تطرق", "ندد", "أدان", "رحب",
]  # fmt: skip

EN_REPORTING_EXTRA = [
    "praised", "condemned", "welcomed", "urged", "recalled", "applauded", "countered",
    "disputed", "criticised", "criticized", "accused", "rejected",
]  # fmt: skip

# Roles before a name that make it a person ("المدون حسين غرير").
AR_TITLES_EXTRA = [
    "المدون", "المدونة", "الناشط", "الناشطة", "الصحفي", "الصحفية", "الكاتب", "الكاتبة",
]  # fmt: skip

# Happenings that make a clause an event claim (with an entity).
AR_EVENT_EXTRA = [
    "قام", "تحدث", "أقام", "جرى", "شهد", "ضرب", "أسفر", "تسبب", "انهار", "دمر", "نزح", "أنقذ",
    "انتشل", "أفرج", "احتجز", "داهم", "أصاب", "توفي", "لقي", "سقط", "نشر", "أصدر", "حصل", "فاز",
    "أغلق", "أخلى", "تأسس", "أسس", "اختطف", "أصيب", "ابتكر", "نظم", "نفذ", "عاد",
    "رفض", "استجاب", "طلب", "تبرع", "خصص",
]  # fmt: skip

AR_EVENT_WORDS_EXTRA = [
    "أقيم", "أقيمت", "جرت", "أجريت", "تأسست", "قتلوا", "اعتقلوا", "نزحوا",
]  # fmt: skip

EN_EVENT_EXTRA = [
    "spoke", "talked", "kidnapped", "wounded", "injured", "died", "displaced", "collapsed",
    "destroyed", "ambushed", "released", "detained", "founded", "evacuated", "rescued",
    "published", "won", "lost", "built", "opened", "closed", "raided", "bombed", "shelled",
    "flooded", "crossed", "departed", "left", "returned", "landed", "toured", "inspected",
    "accepted", "refused", "declined", "requested", "offered", "deployed", "donated",
    "allocated", "suspended", "banned", "declared",
]  # fmt: skip

# Further verbs and clause openers that show a new clause after "، و" (not typing words).
AR_CLAUSE_VERBS = [
    "كان", "بات", "أصبح", "ظل", "بدأ", "استمر", "واصل", "أكمل", "اختتم", "انتهى", "تم", "بلغ",
    "ارتفع", "انخفض", "تجاوز", "سجل", "غمر", "جرف", "هز", "وصف", "منح", "قدم", "تلقى", "رفض",
    "وافق", "أعاد", "استأنف", "علق", "فر", "غادر", "دخل", "خرج", "توجه", "انتقل", "تولى",
]  # fmt: skip

AR_CLAUSE_WORDS = [
    "وقد", "ولم", "ولن", "وكان", "وكانت", "وكانوا", "وتم", "وجرى", "وجرت", "ويذكر", "وتجدر",
    "ويأتي", "وتأتي", "وأسفر", "وأدى", "ويزور", "ويرافق", "ويلتقي", "ويشارك",
]  # fmt: skip

# "وبعد ذلك أجرى": a time link, then the verb within a few words.
AR_TIME_LINKS = [
    "وبعد", "وقبل", "وبعدها", "وقبلها", "ثم", "وعقب", "ولاحقا", "وخلال",
]  # fmt: skip

# "، وأنهما سيجريان": a second content clause of the same report.
AR_CONTENT_LINKS = [
    "وأن", "وأنه", "وأنها", "وأنهم", "وأنهما", "وبأن", "وبأنه", "وبأنها", "وبأنهم", "وبأنهما",
]  # fmt: skip

AR_BUT = [
    "لكن", "ولكن", "لكنه", "لكنها", "لكنهم",
]  # fmt: skip

AR_RELATIVES = [
    "الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللواتي", "اللاتي",
    "والذي", "والتي", "والذين",
]  # fmt: skip

AR_WHERE = [
    "حيث", "مما",
]  # fmt: skip

AR_TEMPORAL = [
    "عندما", "حين", "حينما", "بعدما", "قبيل",
]  # fmt: skip

# Two-word temporal openers: "بعد أن", "قبل أن".
AR_TEMPORAL_PAIRS = [
    ("بعد", "أن"), ("قبل", "أن"),
]  # fmt: skip

# "الرئيسان", "الطرفان": the two sides of a meeting, as a subject that names no one.
AR_GROUP_REFS = [
    "الرئيسان", "الرئيسين", "الزعيمان", "الزعيمين", "الطرفان", "الطرفين", "الجانبان", "الجانبين",
    "البلدان", "البلدين", "الوفدان", "الوفدين",
]  # fmt: skip

EN_FINITE = [
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "may",
    "might", "must", "shall", "should", "did", "does", "do", "said", "says", "told", "made",
    "took", "gave", "went", "came", "saw", "found", "got", "kept", "led", "met", "held", "sent",
    "spent", "stood", "began", "brought", "fell", "fled", "fought", "flew", "grew", "knew",
    "paid", "put", "ran", "rose", "set", "shot", "struck", "won", "wrote", "hit", "cut", "spoke",
    "became", "remains", "remained", "continues", "continued",
]  # fmt: skip

EN_AND = [
    "and", "but",
]  # fmt: skip

EN_RELATIVES = [
    "who", "which", "whom", "whose",
]  # fmt: skip

EN_WHERE = [
    "where",
]  # fmt: skip

EN_TEMPORAL = [
    "after", "before", "since", "when",
]  # fmt: skip

EN_TIME_UNITS = [
    "just", "only", "a", "an", "one", "two", "three", "four", "five", "few", "several", "days",
    "day", "hours", "hour", "weeks", "week", "months", "month", "years", "year", "minutes",
]  # fmt: skip

# Sentence-initial -ing words that are prepositions, not a fronted clause.
EN_ING_PREPOSITIONS = [
    "during", "including", "regarding", "concerning", "following", "according", "excluding",
    "considering", "pending", "notwithstanding", "morning",
    "evening", "building", "nothing", "something", "anything", "everything",
]  # fmt: skip

# Location claims: a named place, site or facility "in" a larger named place.
AR_PLACE_HEADS = [
    "قاعدة", "مطار", "ميناء", "محطة", "مدينة", "بلدة", "قرية", "منطقة", "إقليم", "محافظة",
    "ولاية", "مقاطعة", "جزيرة", "سد", "مخيم", "مستشفى", "جامعة", "مركز", "معبر", "حي", "قضاء",
    "ناحية", "مديرية", "مرفأ", "سجن", "قلعة", "مدينتي",
]  # fmt: skip

AR_PLACE_LINKS = [
    "في", "بـ", "قرب", "بالقرب",
]  # fmt: skip

AR_DIRECTIONS = [
    "شرق", "شرقي", "غرب", "غربي", "شمال", "شمالي", "جنوب", "جنوبي", "وسط", "شمال شرق",
    "جنوب شرق", "شمال غرب", "جنوب غرب", "أقصى", "بشرق", "بشمال", "بجنوب", "بغرب", "بوسط",
]  # fmt: skip

EN_PLACE_HEADS = [
    "city", "town", "village", "port", "province", "region", "district", "state", "county",
    "island", "cosmodrome", "spaceport", "airport", "base", "embassy", "university", "hospital",
    "dam", "camp", "center", "centre", "station", "prison", "oblast", "krai", "governorate",
]  # fmt: skip

EN_DIRECTIONS = [
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "north-eastern", "north-western", "south-eastern", "south-western", "northeastern",
    "northwestern", "southeastern", "southwestern", "far", "outside", "near",
]  # fmt: skip

# A consequence told as a participle after a comma states a fact of its own (one fact per
# claim): "the storm hit Libya on September 10, killing 11,300 people", "، مخلفا 50 قتيلا",
# "، ما أدى إلى مقتل 5". The clause keeps the sentence's speaker.
EN_RESULT_PARTICIPLES = [
    "killing", "leaving", "injuring", "wounding", "displacing", "triggering", "causing",
    "forcing", "prompting", "destroying", "damaging", "bringing", "claiming", "resulting",
]  # fmt: skip
AR_RESULT_PARTICIPLES = [
    "مخلفا", "مخلفة", "مخلفين", "موقعا", "موقعة", "متسببا", "متسببة", "مسفرا", "مسفرة",
]  # fmt: skip
# "، ما أدى إلى ..." / "، ما أسفر عن ...": "ما" before one of these verbs.
AR_RESULT_VERBS = [
    "أدى", "أسفر", "تسبب", "خلف",
]  # fmt: skip
