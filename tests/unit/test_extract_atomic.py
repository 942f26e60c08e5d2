"""One fact per claim (docs/ANNOTATION.md): clause splitting, speakers that distribute,
quotations kept whole, embedded relatives, location claims, datelines, context."""

from __future__ import annotations

from datetime import date

from claimtrack.models import Article, Claim
from claimtrack.pipeline.extract import extract_claims
from claimtrack.pipeline.extract.clauses import split_clauses
from claimtrack.pipeline.extract.lexicon import lexicon, tokenize

PUBLISHED = date(2024, 5, 2)  # a Thursday


def _claims(text: str, language: str, published: date | None = PUBLISHED) -> list[Claim]:
    claims = extract_claims(Article("t", text, language, published=published))
    for c in claims:  # the span property holds for every claim
        assert text[c.char_start : c.char_end] == c.text
        assert c.context_start is not None and c.context_end is not None
        assert c.context_start <= c.char_start and c.char_end <= c.context_end
    return claims


def _texts(claims: list[Claim]) -> list[str]:
    return [c.text for c in claims]


def _clauses(text: str, language: str) -> list[tuple[str, str]]:
    tokens = tokenize(text)
    out = split_clauses(text, 0, len(text), tokens, lexicon(language), language)
    return [(text[c.start : c.end], c.opening) for c in out]


def test_arabic_coordinated_clauses_split() -> None:
    text = (
        "وصل الوزير خالد حداد إلى عمّان أمس الأربعاء، وعقد الطرفان اجتماعاً مغلقاً، "
        "وبعد ذلك أجرى الوفدان مباحثات موسعة، ثم غادر حداد إلى بيروت."
    )
    assert _clauses(text, "ar") == [
        ("وصل الوزير خالد حداد إلى عمّان أمس الأربعاء", "start"),
        ("وعقد الطرفان اجتماعاً مغلقاً", "coordinate"),
        ("وبعد ذلك أجرى الوفدان مباحثات موسعة", "coordinate"),
        ("ثم غادر حداد إلى بيروت.", "coordinate"),
    ]
    assert len(_claims(text, "ar")) == 4


def test_noun_lists_and_prepositional_phrases_are_not_cut() -> None:
    text = "بحث الرئيسان التعاون الاقتصادي، والقضايا الإنسانية، والوضع في المنطقة، بحسب الكرملين."
    assert len(_clauses(text, "ar")) == 1
    english = "The ministers discussed trade, energy, and security, according to officials."
    assert len(_clauses(english, "en")) == 1


def test_report_distributes_over_its_content_clauses() -> None:
    text = (
        "وأعلنت وزارة الدفاع أنّ قواتها سيطرت على المطار، وأنها ستفتح الطريق الساحلي "
        "يوم السبت، وفق وكالة الأنباء الرسمية."
    )
    claims = _claims(text, "ar")
    assert _texts(claims) == [
        "وأعلنت وزارة الدفاع أنّ قواتها سيطرت على المطار",
        "وأنها ستفتح الطريق الساحلي يوم السبت، وفق وكالة الأنباء الرسمية.",
    ]
    assert {c.speaker for c in claims} == {"وزارة الدفاع"}
    english = (
        "The mayor said the bridge had reopened on Monday, but the tunnel will stay closed "
        "until June."
    )
    first, second = _claims(english, "en")
    assert first.speaker == second.speaker == "mayor"
    assert second.text.startswith("but the tunnel") and second.claim_type == "commitment"
    that = "The agency said that 40 homes were damaged, and that two bridges collapsed."
    assert [c.speaker for c in _claims(that, "en")] == ["The agency", "The agency"]


def test_narrated_speech_act_takes_the_previous_speaker() -> None:
    text = (
        "وقال رئيس الوزراء سامي نصار إنّ الحكومة “ستدعم المزارعين”، كما أشاد بالجيش، ثم غادر القاعة."
    )
    claims = _claims(text, "ar")
    praised = next(c for c in claims if c.text == "كما أشاد بالجيش")
    assert praised.speaker_canonical == "سامي نصار"


def test_contrast_and_relative_clauses_do_not_inherit_the_speaker() -> None:
    text = (
        "Finance Minister Ana Ruiz said exports rose 8% in March, while imports fell 3% "
        "to $2 billion."
    )
    claims = _claims(text, "en")
    assert claims[0].speaker_canonical == "Ana Ruiz"
    assert claims[1].text.startswith("while imports") and claims[1].speaker is None


def test_quotations_are_never_cut() -> None:
    text = (
        'The governor said: "We rebuilt 300 homes, and we will rebuild 200 more, but the '
        'funds are late." Officials confirmed the figures.'
    )
    claims = _claims(text, "en")
    assert claims[0].text.endswith('funds are late."')
    # A comma closing a quotation cuts after the closing mark.
    text = 'Lee said that "the port is open," but that "ships are still waiting outside."'
    first, second = _claims(text, "en")
    assert first.text.endswith('open,"') and second.text.startswith("but that")
    assert first.speaker == second.speaker == "Lee"


def test_embedded_relative_clause_is_an_extra_claim() -> None:
    text = (
        "والتقى الوزير كريم بنعلي نظيره عادل فهمي، الذي يزور المغرب لأول مرة منذ عام 2015، "
        "في قصر الضيافة بالرباط."
    )
    claims = _claims(text, "ar")
    main = next(c for c in claims if c.text.startswith("والتقى"))
    relative = next(c for c in claims if c.text.startswith("الذي يزور"))
    assert main.text.endswith("بالرباط.")  # the main clause keeps its full span around it
    assert main.char_start < relative.char_start < relative.char_end < main.char_end
    assert relative.speaker is None and any(v["value"] == 2015 for v in relative.values)


def test_time_clause_set_off_by_a_comma_is_its_own_claim() -> None:
    text = (
        "President Omar Said denied the report, just days after the Press Freedom Council "
        "ranked the country last in the region."
    )
    claims = _claims(text, "en")
    assert [c.text.split()[0] for c in claims] == ["President", "just"]
    assert claims[1].claim_type == "comparison"


def test_location_claims() -> None:
    english = _claims(
        "Rescuers reached the town of Ilmar in northern Zelvia on Tuesday, officials said.", "en"
    )
    location = next(c for c in english if c.claim_type == "location")
    assert location.text == "the town of Ilmar in northern Zelvia"
    assert location.speaker is None
    arabic = _claims("وزار الرئيس ميناء “نيرا” البحري في مدينة طرابلس شمالي البلاد.", "ar")
    place = next(c for c in arabic if c.claim_type == "location")
    assert place.text == "ميناء “نيرا” البحري في مدينة طرابلس شمالي البلاد"
    # A single place or a person in a place is no location claim.
    for text in ("Putin met Kim in Moscow on Tuesday.", "وصل بوتين إلى موسكو يوم الثلاثاء."):
        language = "ar" if "بوتين" in text else "en"
        assert all(c.claim_type != "location" for c in _claims(text, language))


def test_arabic_and_its_noun_opens_a_statement_of_its_own() -> None:
    # "، وسعتهما تقدر 24 مليون متر مكعب": "and their capacity is ..." states another fact.
    text = "بنتهما شركة أجنبية في سبعينيات القرن الماضي، وسعتهما تقدر 24 مليون متر مكعب."
    assert _clauses(text, "ar") == [
        ("بنتهما شركة أجنبية في سبعينيات القرن الماضي", "start"),
        ("وسعتهما تقدر 24 مليون متر مكعب.", "coordinate"),
    ]
    # A quantifier or preposition with a pronoun qualifies; a noun with teh marbuta
    # ("ومدينة", folded like a pronoun "ه") or no verb or figure after it does not cut.
    for sentence in (
        "قتل 30 شخصا في الهجوم، ومعظمهم من النساء.",
        "قتل 30 شخصا في الهجوم، ومنهم 5 أطفال.",
        "زار الوزير مدينة زالفيا، ومدينة 2 أخرى.",
        "زار الوزير مدينة زالفيا، وسكانها من الصيادين.",
    ):
        assert len(_clauses(sentence, "ar")) == 1, sentence


def test_time_and_depth_of_an_event_are_claims_of_their_own() -> None:
    text = (
        "The quake hit 44 miles (71 kilometres) southwest of Ilmar at a depth of 18.5 "
        "kilometers at 11:11 pm (2211 GMT)."
    )
    claims = _claims(text, "en")
    assert _texts(claims) == [
        # the facets closed the clause: what is left states where the quake hit
        "The quake hit 44 miles (71 kilometres) southwest of Ilmar",
        "at a depth of 18.5 kilometers",
        "at 11:11 pm (2211 GMT)",
    ]
    assert [v["value"] for v in claims[0].values] == [44, 71]  # the depth and time left it
    assert [c.claim_type for c in claims[1:]] == ["quantity", "temporal"]
    assert [v["counts"] for v in claims[1].values if v.get("counts")] == ["depth"]
    assert [v["kind"] for v in claims[2].values] == ["time", "time"]
    said = _claims(
        "The survey said the quake had a preliminary magnitude of 6.8 and occurred about 18 "
        "kilometers (11 miles) below the surface.",
        "en",
    )
    # the depth is cut out, and the verb that led into it goes with it; the magnitude is
    # not cut (it mostly names the event)
    assert _texts(said) == [
        "The survey said the quake had a preliminary magnitude of 6.8",
        "about 18 kilometers (11 miles) below the surface",
    ]
    assert {c.speaker for c in said} == {"The survey"}  # attribution distributes
    arabic = _claims(
        "يذكر أن الزلزال وقع نحو الساعة 11:10 مساء أمس الجمعة، في منطقة جنوب غربي زالفيا على "
        "عمق 8 كيلومترات، وأحس به سكان أغلب المدن. وضرب زلزال بقوة 7 درجات على مقياس ريختر "
        "إقليم الحوز ليل الجمعة.",
        "ar",
    )
    assert _texts(arabic)[1:3] == ["نحو الساعة 11:10 مساء", "على عمق 8 كيلومترات"]
    # followed by more of the clause ("، وأحس به ..."), the facets trim nothing
    assert _texts(arabic)[0].endswith("وأحس به سكان أغلب المدن.")
    assert not any(c.text.startswith("زلزال بقوة") for c in arabic)


def test_a_clause_that_only_dates_or_measures_is_not_cut() -> None:
    for text, language in (
        ("The quake took place at a depth of 10 km.", "en"),
        ("The rescue teams arrived at 10 am.", "en"),
        ("وأفادت الهيئة أن الزلزال وقع على عمق 18.5 كيلومترا.", "ar"),
    ):
        assert len(_claims(text, language)) == 1, text
    # Quoted words stay whole: no facet is cut out of a direct quotation.
    quoted = _claims('"Around 11 a.m., the team was attacked and 8 were killed," he said.', "en")
    assert all(not c.text.startswith("Around") for c in quoted)


def test_dateline_and_byline_are_not_claims_nor_places() -> None:
    text = (
        "SEOUL, Sept. 14 (Yonhap) -- Officials said 12 people were injured in a fire in the "
        "port city on Wednesday.\nBy Jane Doe\nPublished: 14 September 2023"
    )
    claims = _claims(text, "en")
    assert len(claims) == 1
    assert claims[0].text.startswith("Officials said 12 people")
    assert all(e["canonical"] != "Seoul" for e in claims[0].entities)
    ar = _claims(
        "موسكو (وكالات) - أعلن الكرملين أن الرئيس سيزور بكين الأسبوع المقبل.\nالمصدر: وكالات",
        "ar",
    )
    assert len(ar) == 1 and ar[0].text.startswith("أعلن الكرملين")
    assert all(e["canonical"] != "Moscow" for e in ar[0].entities)


def test_dateline_date_resolves_relative_dates_of_an_undated_article() -> None:
    text = "Washington, D.C., June 25, 2008 - The agency said 40 people were hurt on Monday."
    claim = _claims(text, "en", published=None)[0]
    assert any(v["kind"] == "date" and v["value"] == "2008-06-23" for v in claim.values)
    # A dateline without a year gives no date: "Monday" stays unresolved.
    claim = _claims("SEOUL, Sept. 14 (Yonhap) -- 40 people were hurt on Monday.", "en", None)[0]
    assert not any(v["kind"] == "date" for v in claim.values)


def test_hedged_tolls_are_not_negated_claims() -> None:
    claims = _claims("قتل 53 شخصا وأصيب أكثر من 60 آخرين في حصيلة غير نهائية.", "ar")
    assert claims and not claims[0].negated
    claims = _claims("At least 41 people were killed, no more than 3 of them children.", "en")
    assert claims and not any(c.negated for c in claims)


def test_ids_are_stable_and_distinct() -> None:
    text = "وعقد الطرفان اجتماعاً في القاهرة، وأعلن الوزير أن الاتفاق سيوقع يوم الأحد."
    first = [c.claim_id for c in _claims(text, "ar")]
    assert first == [c.claim_id for c in _claims(text, "ar")]
    assert len(set(first)) == len(first) == 2


def test_a_thousands_separator_does_not_end_an_embedded_clause() -> None:
    text = (
        "In Derna, which has an estimated population of at least 120,000, whole streets were lost."
    )
    texts = _texts(_claims(text, "en"))
    assert "which has an estimated population of at least 120,000" in texts
    assert not any(t.endswith("at least 120") for t in texts)


def test_arabic_mimma_consequence_opens_its_own_claim() -> None:
    text = (
        "وكان عدد سكان المدينة حوالي 100 ألف نسمة قبل الكارثة، مما دفع السلطات إلى القول "
        "إن 10 آلاف ما زالوا في عداد المفقودين."
    )
    texts = _texts(_claims(text, "ar"))
    assert "وكان عدد سكان المدينة حوالي 100 ألف نسمة قبل الكارثة" in texts
    assert any(t.startswith("مما دفع السلطات") for t in texts)


def test_a_consequence_participle_is_a_claim_of_its_own() -> None:
    text = "The storm hit the coast on September 10, killing 1,300 people, officials said."
    claims = _claims(text, "en")
    assert _texts(claims)[:2] == [
        "The storm hit the coast on September 10",
        "killing 1,300 people, officials said.",
    ]
    arabic = "ضرب زلزال بقوة 6 درجات المنطقة، مخلفا أكثر من 200 قتيل."
    assert _texts(_claims(arabic, "ar")) == [
        "ضرب زلزال بقوة 6 درجات المنطقة",
        "مخلفا أكثر من 200 قتيل.",
    ]
    led_to = "ضربت العاصفة المدينة يوم 10 سبتمبر، ما أدى إلى مقتل 5300 شخص."
    assert _texts(_claims(led_to, "ar")) == [
        "ضربت العاصفة المدينة يوم 10 سبتمبر",
        "ما أدى إلى مقتل 5300 شخص.",
    ]
    resulting = (
        "The quake, with a magnitude of 6.1, struck late on Tuesday, resulting in a toll of "
        "at least 300 dead."
    )
    assert _texts(_claims(resulting, "en"))[:2] == [
        "The quake, with a magnitude of 6.1, struck late on Tuesday",
        "resulting in a toll of at least 300 dead.",
    ]
    # "، ما يعني" (which means) is no consequence clause.
    assert len(_claims("ضربت العاصفة المدينة يوم 10 سبتمبر، ما يعني أن 5300 شخص قتلوا.", "ar")) == 1


def test_a_figure_and_a_bare_participle_stay_in_their_list() -> None:
    """ ", and 1,059 injured" has no verb of its own: the next item of one verb's object list
    (docs/ANNOTATION.md section 2), not a clause; ", and 200 were injured" is one."""
    listed = "So far, the quake claimed 1,012 deaths, and 1,059 injured, including 404 gravely."
    assert _texts(_claims(listed, "en")) == [listed]
    others = "The quake killed 300 people, and 200 others injured in the city."
    assert _texts(_claims(others, "en")) == [others]
    clause = "The storm killed 300 people, and 200 were injured."
    assert _texts(_claims(clause, "en")) == ["The storm killed 300 people", "and 200 were injured."]
    missing = "At least 300 people died, and 200 people are missing."
    assert len(_claims(missing, "en")) == 2


def test_a_decision_about_aid_is_an_event_claim() -> None:
    """ "X accepted / refused offers of assistance from Y" names who did what: a checkable
    event, which the extractor dropped (no figure, no event verb it knew)."""
    for text, language in (
        ("Tunisia has accepted offers of assistance from Italy, Malta and Algeria.", "en"),
        ("Tunisia declined an offer of help from France.", "en"),
        ("رفضت تونس عرض المساعدة الذي قدمته فرنسا", "ar"),
        ("استجابت تونس لعروض المساعدة التي قدمتها إيطاليا ومالطا والجزائر", "ar"),
    ):
        claims = _claims(text, language)
        assert [c.text for c in claims] == [text], text
        assert "event" in (claims[0].claim_type, *claims[0].secondary_types)
