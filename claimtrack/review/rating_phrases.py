"""The rating phrase table used by :mod:`claimtrack.review.ratings` -- data, not code.

Each status lists the phrases (Arabic, English, a little French) that fact-checkers use for
it. Spelling variants that folding removes (diacritics, tatweel, أ/إ/آ/ا, ة/ه, ى/ي, case)
need not be listed twice. A phrase listed under two statuses is a bug the tests catch.
"""

from __future__ import annotations

# fmt: off
PHRASES: dict[str, tuple[str, ...]] = {
    "true": (
        "true", "correct", "accurate", "verified", "confirmed", "real", "genuine", "authentic",
        "correct attribution", "vrai", "صحيح", "صحيحة", "صح", "حقيقي", "حقيقية", "دقيق", "دقيقة",
        "مؤكد", "صحيح تماما",
    ),
    "mostly_true": (
        "mostly true", "mostly correct", "mostly accurate", "largely true", "largely accurate",
        "صحيح في معظمه", "صحيح إلى حد كبير", "صحيح غالبا", "صحيح في الغالب", "دقيق إلى حد كبير",
    ),
    "mixed": (
        "half true", "half truth", "mixed", "mixture", "partly true", "partially true",
        "partly false", "partially false", "partly correct", "partially correct", "half correct",
        "partiellement faux", "partiellement vrai", "صحيح جزئيا", "جزئيا صحيح", "صحيح جزئي",
        "صحيح نسبيا", "نصف صحيح", "نصف حقيقي", "نصف الحقيقة", "حقيقي جزئيا", "زائف جزئيا",
        "زائف جزئي", "غير صحيح جزئيا", "خطأ جزئيا", "خاطئ جزئيا", "مختلط",
    ),
    "misleading": (
        "misleading", "missing context", "lacks context", "needs context", "out of context",
        "false context", "cherry picked", "exaggerated", "exaggeration", "sensationalism",
        "sensationalist", "excitement", "distorted", "decontextualized", "decontextualised",
        "misrepresented", "trompeur", "hors contexte", "مضلل", "مضللة", "تضليل", "عنوان مضلل",
        "سياق مضلل", "سياق ناقص", "محتوى ناقص", "ناقص", "سياق مجتزأ", "مجتزأ", "مجتزأ من سياقه",
        "خارج السياق", "خارج سياقه", "سياق خاطئ", "سياق مفقود", "قديم", "قديمة", "إثارة", "مثير",
        "مبالغ فيه", "مبالغة", "ملتبس",
    ),
    "mostly_false": (
        "mostly false", "barely true", "inaccurate", "mostly incorrect", "largely false",
        "mostly fake",
        "زائف في معظمه", "زائف غالبا", "خطأ في معظمه", "غير صحيح في معظمه", "غير دقيق",
    ),
    "false": (
        "false", "fake", "fake news", "pants on fire", "pants fire", "incorrect", "wrong",
        "not true", "not real", "not correct", "untrue", "fabricated", "hoax", "altered",
        "manipulated", "doctored",
        "misattributed", "scam", "deepfake", "ai generated", "faux", "infox", "زائف", "زائفة",
        "كاذب", "كاذبة", "مفبرك", "مفبركة", "مزيف", "مزيفة", "ملفق", "ملفقة", "مزور", "مزورة",
        "خطأ", "خاطئ", "خاطئة", "غير صحيح", "غير صحيحة", "ليس صحيحا", "ليس صحيح", "ليست صحيحة",
        "مش صحيح", "مش حقيقي", "غير حقيقي", "ليس حقيقيا", "لا أساس له من الصحة", "عار عن الصحة",
        "عار من الصحة", "إشاعة", "شائعة", "معدل", "معدلة", "محرف", "محرفة", "معدل رقميا", "تلاعب",
        "احتيال", "ذكاء اصطناعي", "الذكاء الاصطناعي", "وليدة ذكاء اصطناعي", "وليد ذكاء اصطناعي",
        "مولد بالذكاء الاصطناعي", "مولدة بالذكاء الاصطناعي",
    ),
    "unverifiable": (
        "unproven", "unverified", "unverifiable", "no evidence", "unsupported", "unsubstantiated",
        "insufficient evidence", "not proven", "inconclusive", "cannot be verified", "غير مثبت",
        "غير مؤكد", "لا يوجد دليل", "لا دليل", "بلا دليل", "غير قابل للتحقق", "لا يمكن التحقق",
        "لم يثبت",
    ),
    "not_a_claim": (
        "satire", "satirical", "sarcastic", "sarcasm", "parody", "opinion", "not a claim", "ساخر",
        "ساخرة", "سخرية", "محتوى ساخر", "رأي", "ليس ادعاء",
    ),
}

# Words after which a long explanation states its verdict ("... تبين أنه مضلل").
CUES: tuple[str, ...] = (
    "أنه", "أنها", "بأنه", "بأنها", "الادعاء", "الخبر", "الفيديو", "الصورة", "النتيجة", "التصنيف",
    "rated", "verdict", "rating",
)
# fmt: on
