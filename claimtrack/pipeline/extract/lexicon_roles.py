"""Word lists for who-said-what decisions beyond the plain reporting verb (both languages).

- Pledge verbs (تعهد، وعد / pledged, promised, vowed) report a commitment of their subject:
  the subject is the speaker ("وتعهّدت روسيا ... بتطوير" -> روسيا).
- Relay verbs (نقل) put the relay before عن and the source after it ("نقلت وكالة X عن
  مصدر Y" -> Y). Every other verb followed by عن keeps its own subject: after عبّر / أعرب /
  أبدى the noun after عن is what was expressed ("عن قلقها"), never a speaker.
- Expressions of a feeling ("عبّر عن افتخاره", "معرباً عن رغبتها", "expressed pride") are
  not checkable claims unless the clause carries a value.
- Opinion verbs with a vague group as subject ("ويرى مراقبون أن", "analysts think") are
  opinions, not claims, unless the clause carries a value.
- A document before its author ("بحسب تقرير لمنظمة الصحة العالمية", "according to a report
  by the WHO"): the author is the source.

Entries are in normal spelling; ``lexicon`` folds them like the article text.
"""

from __future__ import annotations

AR_PLEDGE_VERBS = ["تعهد", "وعد"]  # past stems; lexicon derives ت/وا/ا/تا and و/ف forms
AR_PLEDGE_PRESENT = ["يتعهد", "تتعهد", "يتعهدون"]
AR_RELAY_VERBS = ["نقل"]
AR_EXPRESSIVE = [
    "عبر", "عبرت", "عبروا", "أعرب", "أعربت", "أعربوا", "أبدى", "أبدت", "أبدوا",
    "معربا", "معربة", "مبديا", "مبدية", "معبرا", "معبرة",
]  # fmt: skip
# Stems of feelings and wishes (matched as word beginnings, with or without ال).
AR_FEELING_STEMS = [
    "افتخار", "فخر", "اعتزاز", "سعاد", "ارتياح", "امتنان", "شكر", "تقدير", "رغب",
    "أمل", "تمني", "ترحيب", "تهنئ", "تهاني", "تعازي", "أسف", "حزن", "إعجاب",
]  # fmt: skip
# Adjectives of feeling ("إنّه “ممتنّ لهذه الدعوة”", "said he was grateful"); not سعيد,
# which is also a common name.
AR_FEELING_ADJECTIVES = ["ممتن", "ممتنة", "ممتنون", "فخور", "فخورة", "فخورون", "مسرور", "مسرورة"]
EN_FEELING_ADJECTIVES = ["grateful", "proud", "delighted", "honoured", "honored", "thankful"]
AR_VAGUE_GROUPS = [
    "مراقبون", "مراقبين", "مراقبو", "محللون", "محللين", "محللو", "خبراء", "مختصون",
    "مختصين", "متابعون", "متابعين", "البعض", "كثيرون", "آخرون", "معلقون", "مصادر",
]  # fmt: skip
AR_OPINION_VERBS = [
    "يرى", "ترى", "يرون", "رأى", "رأت", "رأوا", "يعتقد", "تعتقد", "يعتقدون", "اعتقد",
    "يعتبر", "تعتبر", "يعتبرون", "اعتبر", "اعتبروا", "يظن", "يظنون",
]  # fmt: skip
# Speech nouns that end a relayed source ("عن مصدر دبلوماسي قوله إن").
# Characterising participles ("واصفةً إياها بـ”الجارة المهمة”"): an evaluation, not a fact.
AR_CHARACTERISING = ["واصفا", "واصفة", "واصفين", "واصفتين"]
EN_CHARACTERISING = ["describing", "calling", "dubbing", "branding"]
AR_SPEECH_NOUNS = ["قوله", "قولها", "قولهم", "قولهما", "تأكيده", "تأكيدها"]
AR_DOCUMENTS = [
    "تقرير", "التقرير", "بيان", "البيان", "دراسة", "الدراسة", "وثيقة", "إحصاءات",
    "إحصائيات", "معطيات", "أرقام", "بيانات", "استطلاع", "مسح", "تقديرات",
]  # fmt: skip
# Not "نشرته" / "أعدته": "تقرير نشرته الأسبوع الماضي" names a time, not an author, after them.
AR_DOCUMENT_LINKS = ["صادر", "صادرة", "عن", "من"]

# Not "promises": "It promises to be a busy year" has no speaker.
EN_PLEDGE_VERBS = ["pledged", "pledges", "promised", "vowed", "vows"]
EN_EXPRESSIVE = ["expressed", "expresses", "voiced"]
EN_FEELING_STEMS = [
    "pride", "proud", "gratitude", "grateful", "thank", "hope", "wish", "satisfaction",
    "happiness", "joy", "appreciation", "admiration", "sorrow", "condolence", "regret",
]  # fmt: skip
EN_VAGUE_GROUPS = [
    "observers", "analysts", "experts", "critics", "commentators", "some", "many", "others",
    "people", "pundits", "sources",
]  # fmt: skip
EN_OPINION_VERBS = [
    "believe", "believes", "believed", "think", "thinks", "thought", "feel", "feels",
    "consider", "considers", "suspect", "suspects", "argue", "argued",
]  # fmt: skip
EN_DOCUMENTS = [
    "report", "statement", "study", "survey", "data", "figures", "analysis", "poll",
    "estimates", "document", "census",
]  # fmt: skip
EN_DOCUMENT_LINKS = ["a", "an", "the", "by", "from", "of", "released", "published", "issued", "new"]
