"""kb.dates: date expressions become honest spans, in running text and across languages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.dates import Found, Span, Undated, find_dates, parse_edtf, resolve

D = dt.date
T = dt.datetime
UTC = dt.UTC
PLUS7 = dt.timezone(dt.timedelta(hours=7))
REF = T(2025, 3, 13, 8, 47)  # the sample article's publication: a Thursday; its week is 10–16 March
REF7 = T(2025, 3, 13, 8, 47, tzinfo=PLUS7)
ARTICLE = Path(__file__).resolve().parent.parent / "kb" / "data" / "sample" / "article-2025-03-13.txt"

# fmt: off
TABLE = [
    # expression, reference, language, earliest, latest, precision
    ("March 12", REF, "en", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("on March 12", REF, "en", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("March 12, 2025", REF, "en", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("12 March 2025", REF, "en", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("the 12th of March", REF, "en", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("Wednesday, March 12, 2025", REF, "en", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("12.03.2025", REF, "en", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("2025-03-12", REF, "en", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("13/03/2025", REF, "en", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("04/13/2025", REF, "en", D(2025, 4, 13), D(2025, 4, 13), "day"),
    ("this weekend", REF, "en", D(2025, 3, 15), D(2025, 3, 16), "week"),
    ("the coming weekend", REF, "en", D(2025, 3, 15), D(2025, 3, 16), "week"),
    ("last weekend", REF, "en", D(2025, 3, 8), D(2025, 3, 9), "week"),
    ("next weekend", REF, "en", D(2025, 3, 22), D(2025, 3, 23), "week"),
    ("next week", REF, "en", D(2025, 3, 17), D(2025, 3, 23), "week"),
    ("this week", REF, "en", D(2025, 3, 10), D(2025, 3, 16), "week"),
    ("last week", REF, "en", D(2025, 3, 3), D(2025, 3, 9), "week"),
    ("last year", REF, "en", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("this year", REF, "en", D(2025, 1, 1), D(2025, 12, 31), "year"),
    ("next year", REF, "en", D(2026, 1, 1), D(2026, 12, 31), "year"),
    ("in 2019", REF, "en", D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("2019", REF, "en", D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("in March", REF, "en", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("March 2025", REF, "en", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("in December", REF, "en", D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("in June", REF, "en", D(2025, 6, 1), D(2025, 6, 30), "month"),
    ("early March", REF, "en", D(2025, 3, 1), D(2025, 3, 10), "month"),
    ("mid-March", REF, "en", D(2025, 3, 11), D(2025, 3, 20), "month"),
    ("late March", REF, "en", D(2025, 3, 21), D(2025, 3, 31), "month"),
    ("the end of March", REF, "en", D(2025, 3, 21), D(2025, 3, 31), "month"),
    ("the beginning of April", REF, "en", D(2025, 4, 1), D(2025, 4, 10), "month"),
    ("mid-2025", REF, "en", D(2025, 5, 1), D(2025, 8, 31), "year"),
    ("early 2026", REF, "en", D(2026, 1, 1), D(2026, 4, 30), "year"),
    ("late last year", REF, "en", D(2024, 9, 1), D(2024, 12, 31), "year"),
    ("by 2022", REF, "en", None, D(2022, 12, 31), "year"),
    ("by March 20", REF, "en", None, D(2025, 3, 20), "day"),
    ("by the end of the year", REF, "en", None, D(2025, 12, 31), "year"),
    ("until Friday", REF, "en", None, D(2025, 3, 14), "day"),
    ("before March 12", REF, "en", None, D(2025, 3, 11), "day"),
    ("since 2014", REF, "en", D(2014, 1, 1), None, "year"),
    ("since March 12", REF, "en", D(2025, 3, 12), None, "day"),
    ("after March 12", REF, "en", D(2025, 3, 13), None, "day"),
    ("in the coming days", REF, "en", D(2025, 3, 13), D(2025, 3, 20), "week"),
    ("in the coming weeks", REF, "en", D(2025, 3, 13), D(2025, 4, 10), "month"),
    ("in the coming months", REF, "en", D(2025, 3, 13), D(2025, 9, 13), "year"),
    ("in the next two weeks", REF, "en", D(2025, 3, 13), D(2025, 3, 27), "month"),
    ("soon", REF, "en", D(2025, 3, 13), D(2025, 4, 12), "month"),
    ("in recent days", REF, "en", D(2025, 3, 6), D(2025, 3, 13), "week"),
    ("over the past two weeks", REF, "en", D(2025, 2, 27), D(2025, 3, 13), "month"),
    ("recently", REF, "en", D(2025, 2, 11), D(2025, 3, 13), "month"),
    ("between 10 and 12 March", REF, "en", D(2025, 3, 10), D(2025, 3, 12), "day"),
    ("10-12 March", REF, "en", D(2025, 3, 10), D(2025, 3, 12), "day"),
    ("from 10 to 12 March", REF, "en", D(2025, 3, 10), D(2025, 3, 12), "day"),
    ("March 10-12", REF, "en", D(2025, 3, 10), D(2025, 3, 12), "day"),
    ("March 10-12, 2024", REF, "en", D(2024, 3, 10), D(2024, 3, 12), "day"),
    ("between March 10 and March 12", REF, "en", D(2025, 3, 10), D(2025, 3, 12), "day"),
    ("12 and 13 March", REF, "en", D(2025, 3, 12), D(2025, 3, 13), "day"),
    ("from March to May", REF, "en", D(2025, 3, 1), D(2025, 5, 31), "month"),
    ("from December to February", REF, "en", D(2024, 12, 1), D(2025, 2, 28), "month"),
    ("2014-2016", REF, "en", D(2014, 1, 1), D(2016, 12, 31), "year"),
    ("from Monday to Wednesday", REF, "en", D(2025, 3, 10), D(2025, 3, 12), "day"),
    ("yesterday", REF, "en", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("today", REF, "en", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("tomorrow", REF, "en", D(2025, 3, 14), D(2025, 3, 14), "day"),
    ("the day after tomorrow", REF, "en", D(2025, 3, 15), D(2025, 3, 15), "day"),
    ("on Monday", REF, "en", D(2025, 3, 10), D(2025, 3, 10), "day"),
    ("on Sunday", REF, "en", D(2025, 3, 16), D(2025, 3, 16), "day"),
    ("last Tuesday", REF, "en", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("next Friday", REF, "en", D(2025, 3, 14), D(2025, 3, 14), "day"),
    ("this Tuesday", REF, "en", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("Tuesday next week", REF, "en", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("two days ago", REF, "en", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("three weeks ago", REF, "en", D(2025, 2, 17), D(2025, 2, 23), "week"),
    ("a month ago", REF, "en", D(2025, 2, 1), D(2025, 2, 28), "month"),
    ("two years ago", REF, "en", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("in two days", REF, "en", D(2025, 3, 15), D(2025, 3, 15), "day"),
    ("in three weeks", REF, "en", D(2025, 3, 31), D(2025, 4, 6), "week"),
    ("Q1 2025", REF, "en", D(2025, 1, 1), D(2025, 3, 31), "month"),
    ("the first quarter of 2025", REF, "en", D(2025, 1, 1), D(2025, 3, 31), "month"),
    ("Q4 2024", REF, "en", D(2024, 10, 1), D(2024, 12, 31), "month"),
    ("the first half of 2025", REF, "en", D(2025, 1, 1), D(2025, 6, 30), "month"),
    ("last March", REF, "en", D(2024, 3, 1), D(2024, 3, 31), "month"),
    ("next March", REF, "en", D(2026, 3, 1), D(2026, 3, 31), "month"),
    ("earlier this week", REF, "en", D(2025, 3, 10), D(2025, 3, 13), "week"),
    ("later this month", REF, "en", D(2025, 3, 13), D(2025, 3, 31), "month"),
    ("early next week", REF, "en", D(2025, 3, 17), D(2025, 3, 19), "week"),
    ("at 14:00 GMT on 12 March", REF, "en", T(2025, 3, 12, 14, tzinfo=UTC), T(2025, 3, 12, 14, tzinfo=UTC), "day"),
    ("12 March 2025 at 14:00 GMT", REF, "en", T(2025, 3, 12, 14, tzinfo=UTC), T(2025, 3, 12, 14, tzinfo=UTC), "day"),
    ("March 12 at 10 a.m.", REF, "en", T(2025, 3, 12, 10), T(2025, 3, 12, 10), "day"),
    ("tomorrow at 3 p.m.", REF, "en", T(2025, 3, 14, 15), T(2025, 3, 14, 15), "day"),
    ("at 14:00 on 12 March", REF7, "en", T(2025, 3, 12, 14, tzinfo=PLUS7), T(2025, 3, 12, 14, tzinfo=PLUS7), "day"),
    ("December 30", D(2025, 1, 5), "en", D(2024, 12, 30), D(2024, 12, 30), "day"),
    ("January 2", D(2024, 12, 30), "en", D(2025, 1, 2), D(2025, 1, 2), "day"),
    ("next week", D(2024, 12, 30), "en", D(2025, 1, 6), D(2025, 1, 12), "week"),
    ("last year", D(2025, 1, 1), "en", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("next month", D(2024, 12, 15), "en", D(2025, 1, 1), D(2025, 1, 31), "month"),
    ("last week", D(2025, 1, 2), "en", D(2024, 12, 23), D(2024, 12, 29), "week"),
    ("this weekend", D(2025, 3, 15), "en", D(2025, 3, 15), D(2025, 3, 16), "week"),
    ("this weekend", D(2025, 3, 16), "en", D(2025, 3, 15), D(2025, 3, 16), "week"),
    ("last weekend", D(2025, 3, 16), "en", D(2025, 3, 8), D(2025, 3, 9), "week"),
    ("next weekend", D(2025, 3, 15), "en", D(2025, 3, 22), D(2025, 3, 23), "week"),
    ("February 29", D(2024, 3, 1), "en", D(2024, 2, 29), D(2024, 2, 29), "day"),
    ("February 29", REF, "en", D(2024, 2, 29), D(2024, 2, 29), "day"),
    ("late February", D(2024, 2, 10), "en", D(2024, 2, 21), D(2024, 2, 29), "month"),
    ("the end of February", REF, "en", D(2025, 2, 21), D(2025, 2, 28), "month"),
    ("yesterday", D(2024, 3, 1), "en", D(2024, 2, 29), D(2024, 2, 29), "day"),
    ("tomorrow", D(2024, 12, 31), "en", D(2025, 1, 1), D(2025, 1, 1), "day"),
    ("in the coming days", D(2024, 12, 28), "en", D(2024, 12, 28), D(2025, 1, 4), "week"),
    ("this year", D(2024, 12, 31), "en", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("13 марта 2025 года", REF, "ru", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("13 марта", REF, "ru", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("вчера", REF, "ru", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("завтра", REF, "ru", D(2025, 3, 14), D(2025, 3, 14), "day"),
    ("на следующей неделе", REF, "ru", D(2025, 3, 17), D(2025, 3, 23), "week"),
    ("на прошлой неделе", REF, "ru", D(2025, 3, 3), D(2025, 3, 9), "week"),
    ("в прошлом году", REF, "ru", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("в марте", REF, "ru", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("в начале марта", REF, "ru", D(2025, 3, 1), D(2025, 3, 10), "month"),
    ("в середине марта", REF, "ru", D(2025, 3, 11), D(2025, 3, 20), "month"),
    ("в конце марта", REF, "ru", D(2025, 3, 21), D(2025, 3, 31), "month"),
    ("к 2022 году", REF, "ru", None, D(2022, 12, 31), "year"),
    ("с 2014 года", REF, "ru", D(2014, 1, 1), None, "year"),
    ("с 10 по 12 марта", REF, "ru", D(2025, 3, 10), D(2025, 3, 12), "day"),
    ("в эти выходные", REF, "ru", D(2025, 3, 15), D(2025, 3, 16), "week"),
    ("в ближайшие дни", REF, "ru", D(2025, 3, 13), D(2025, 3, 20), "week"),
    ("в среду", REF, "ru", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("в первом квартале 2025 года", REF, "ru", D(2025, 1, 1), D(2025, 3, 31), "month"),
    ("в марте прошлого года", REF, "ru", D(2024, 3, 1), D(2024, 3, 31), "month"),
    ("два дня назад", REF, "ru", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("в следующем месяце", REF, "ru", D(2025, 4, 1), D(2025, 4, 30), "month"),
    ("пять дней назад", REF, "ru", D(2025, 3, 8), D(2025, 3, 8), "day"),
    ("через три месяца", REF, "ru", D(2025, 6, 1), D(2025, 6, 30), "month"),
    ("13 березня 2025", REF, "uk", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("13 березня 2025 року", REF, "uk", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("вчора", REF, "uk", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("наступного тижня", REF, "uk", D(2025, 3, 17), D(2025, 3, 23), "week"),
    ("минулого тижня", REF, "uk", D(2025, 3, 3), D(2025, 3, 9), "week"),
    ("минулого року", REF, "uk", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("торік", REF, "uk", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("у березні", REF, "uk", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("наприкінці березня", REF, "uk", D(2025, 3, 21), D(2025, 3, 31), "month"),
    ("на початку квітня", REF, "uk", D(2025, 4, 1), D(2025, 4, 10), "month"),
    ("цими вихідними", REF, "uk", D(2025, 3, 15), D(2025, 3, 16), "week"),
    ("найближчими днями", REF, "uk", D(2025, 3, 13), D(2025, 3, 20), "week"),
    ("до 2022 року", REF, "uk", None, D(2022, 12, 31), "year"),
    ("з 2014 року", REF, "uk", D(2014, 1, 1), None, "year"),
    ("у середу", REF, "uk", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("два дні тому", REF, "uk", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("три тижні тому", REF, "uk", D(2025, 2, 17), D(2025, 2, 23), "week"),
    ("тиждень тому", REF, "uk", D(2025, 3, 3), D(2025, 3, 9), "week"),
    ("13 mars 2025", REF, "fr", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("le 12 mars", REF, "fr", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("1er mars 2025", REF, "fr", D(2025, 3, 1), D(2025, 3, 1), "day"),
    ("hier", REF, "fr", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("demain", REF, "fr", D(2025, 3, 14), D(2025, 3, 14), "day"),
    ("aujourd'hui", REF, "fr", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("la semaine prochaine", REF, "fr", D(2025, 3, 17), D(2025, 3, 23), "week"),
    ("la semaine dernière", REF, "fr", D(2025, 3, 3), D(2025, 3, 9), "week"),
    ("l'année dernière", REF, "fr", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("l'an dernier", REF, "fr", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("le mois prochain", REF, "fr", D(2025, 4, 1), D(2025, 4, 30), "month"),
    ("en mars", REF, "fr", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("début mars", REF, "fr", D(2025, 3, 1), D(2025, 3, 10), "month"),
    ("mi-mars", REF, "fr", D(2025, 3, 11), D(2025, 3, 20), "month"),
    ("fin mars", REF, "fr", D(2025, 3, 21), D(2025, 3, 31), "month"),
    ("d'ici 2022", REF, "fr", None, D(2022, 12, 31), "year"),
    ("depuis 2014", REF, "fr", D(2014, 1, 1), None, "year"),
    ("ce week-end", REF, "fr", D(2025, 3, 15), D(2025, 3, 16), "week"),
    ("le week-end dernier", REF, "fr", D(2025, 3, 8), D(2025, 3, 9), "week"),
    ("dans les prochains jours", REF, "fr", D(2025, 3, 13), D(2025, 3, 20), "week"),
    ("du 10 au 12 mars", REF, "fr", D(2025, 3, 10), D(2025, 3, 12), "day"),
    ("mardi dernier", REF, "fr", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("mardi prochain", REF, "fr", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("il y a deux jours", REF, "fr", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("il y a trois semaines", REF, "fr", D(2025, 2, 17), D(2025, 2, 23), "week"),
    ("au premier trimestre 2025", REF, "fr", D(2025, 1, 1), D(2025, 3, 31), "month"),
    ("le 12 mars à 14h", REF, "fr", T(2025, 3, 12, 14), T(2025, 3, 12, 14), "day"),
    ("13. März 2025", REF, "de", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("am 12. März", REF, "de", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("gestern", REF, "de", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("morgen", REF, "de", D(2025, 3, 14), D(2025, 3, 14), "day"),
    ("heute", REF, "de", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("nächste Woche", REF, "de", D(2025, 3, 17), D(2025, 3, 23), "week"),
    ("letzte Woche", REF, "de", D(2025, 3, 3), D(2025, 3, 9), "week"),
    ("letztes Jahr", REF, "de", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("nächstes Jahr", REF, "de", D(2026, 1, 1), D(2026, 12, 31), "year"),
    ("im März", REF, "de", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("Anfang März", REF, "de", D(2025, 3, 1), D(2025, 3, 10), "month"),
    ("Mitte März", REF, "de", D(2025, 3, 11), D(2025, 3, 20), "month"),
    ("Ende März", REF, "de", D(2025, 3, 21), D(2025, 3, 31), "month"),
    ("bis 2022", REF, "de", None, D(2022, 12, 31), "year"),
    ("seit 2014", REF, "de", D(2014, 1, 1), None, "year"),
    ("dieses Wochenende", REF, "de", D(2025, 3, 15), D(2025, 3, 16), "week"),
    ("am vergangenen Wochenende", REF, "de", D(2025, 3, 8), D(2025, 3, 9), "week"),
    ("in den kommenden Tagen", REF, "de", D(2025, 3, 13), D(2025, 3, 20), "week"),
    ("vom 10. bis 12. März", REF, "de", D(2025, 3, 10), D(2025, 3, 12), "day"),
    ("am Montag", REF, "de", D(2025, 3, 10), D(2025, 3, 10), "day"),
    ("letzten Dienstag", REF, "de", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("vor zwei Tagen", REF, "de", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("vor drei Monaten", REF, "de", D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("im ersten Quartal 2025", REF, "de", D(2025, 1, 1), D(2025, 3, 31), "month"),
    ("12. März um 14 Uhr", REF, "de", T(2025, 3, 12, 14), T(2025, 3, 12, 14), "day"),
    ("Ende des Jahres", REF, "de", D(2025, 9, 1), D(2025, 12, 31), "year"),
    ("13 مارس 2025", REF, "ar", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("١٣ مارس ٢٠٢٥", REF, "ar", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("12 آذار 2025", REF, "ar", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("أمس", REF, "ar", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("غدا", REF, "ar", D(2025, 3, 14), D(2025, 3, 14), "day"),
    ("الأسبوع المقبل", REF, "ar", D(2025, 3, 17), D(2025, 3, 23), "week"),
    ("الأسبوع الماضي", REF, "ar", D(2025, 3, 3), D(2025, 3, 9), "week"),
    ("العام الماضي", REF, "ar", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("الشهر المقبل", REF, "ar", D(2025, 4, 1), D(2025, 4, 30), "month"),
    ("في مارس", REF, "ar", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("أوائل مارس", REF, "ar", D(2025, 3, 1), D(2025, 3, 10), "month"),
    ("منتصف مارس", REF, "ar", D(2025, 3, 11), D(2025, 3, 20), "month"),
    ("أواخر مارس", REF, "ar", D(2025, 3, 21), D(2025, 3, 31), "month"),
    ("منذ 2014", REF, "ar", D(2014, 1, 1), None, "year"),
    ("بحلول عام 2022", REF, "ar", None, D(2022, 12, 31), "year"),
    ("نهاية هذا الأسبوع", REF, "ar", D(2025, 3, 15), D(2025, 3, 16), "week"),
    ("في الأيام المقبلة", REF, "ar", D(2025, 3, 13), D(2025, 3, 20), "week"),
    ("بين 10 و12 مارس", REF, "ar", D(2025, 3, 10), D(2025, 3, 12), "day"),
    ("يوم الثلاثاء", REF, "ar", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("الثلاثاء الماضي", REF, "ar", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("قبل يومين", REF, "ar", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("في عام 2019", REF, "ar", D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("ngày 13 tháng 3 năm 2025", REF, "vi", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("13/3/2025", REF, "vi", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("ngày 12/3", REF, "vi", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("hôm qua", REF, "vi", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("ngày mai", REF, "vi", D(2025, 3, 14), D(2025, 3, 14), "day"),
    ("tuần tới", REF, "vi", D(2025, 3, 17), D(2025, 3, 23), "week"),
    ("tuần trước", REF, "vi", D(2025, 3, 3), D(2025, 3, 9), "week"),
    ("năm ngoái", REF, "vi", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("tháng 3", REF, "vi", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("tháng 3 năm 2025", REF, "vi", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("năm 2019", REF, "vi", D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("đầu tháng 3", REF, "vi", D(2025, 3, 1), D(2025, 3, 10), "month"),
    ("cuối tháng 3", REF, "vi", D(2025, 3, 21), D(2025, 3, 31), "month"),
    ("cuối tuần này", REF, "vi", D(2025, 3, 15), D(2025, 3, 16), "week"),
    ("trong những ngày tới", REF, "vi", D(2025, 3, 13), D(2025, 3, 20), "week"),
    ("thứ Ba", REF, "vi", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("thứ Ba tuần tới", REF, "vi", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("trước năm 2022", REF, "vi", None, D(2021, 12, 31), "year"),
    ("từ năm 2014", REF, "vi", D(2014, 1, 1), None, "year"),
    ("quý 1 năm 2025", REF, "vi", D(2025, 1, 1), D(2025, 3, 31), "month"),
    ("3 ngày trước", REF, "vi", D(2025, 3, 10), D(2025, 3, 10), "day"),
    ("2025年3月13日", REF, "zh", D(2025, 3, 13), D(2025, 3, 13), "day"),
    ("3月12日", REF, "zh", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("3月12号", REF, "zh", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("三月十二日", REF, "zh", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("昨天", REF, "zh", D(2025, 3, 12), D(2025, 3, 12), "day"),
    ("明天", REF, "zh", D(2025, 3, 14), D(2025, 3, 14), "day"),
    ("下周", REF, "zh", D(2025, 3, 17), D(2025, 3, 23), "week"),
    ("上周", REF, "zh", D(2025, 3, 3), D(2025, 3, 9), "week"),
    ("本周", REF, "zh", D(2025, 3, 10), D(2025, 3, 16), "week"),
    ("去年", REF, "zh", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("明年", REF, "zh", D(2026, 1, 1), D(2026, 12, 31), "year"),
    ("下个月", REF, "zh", D(2025, 4, 1), D(2025, 4, 30), "month"),
    ("2025年3月", REF, "zh", D(2025, 3, 1), D(2025, 3, 31), "month"),
    ("2019年", REF, "zh", D(2019, 1, 1), D(2019, 12, 31), "year"),
    ("周二", REF, "zh", D(2025, 3, 11), D(2025, 3, 11), "day"),
    ("上周二", REF, "zh", D(2025, 3, 4), D(2025, 3, 4), "day"),
    ("下周二", REF, "zh", D(2025, 3, 18), D(2025, 3, 18), "day"),
    ("这个周末", REF, "zh", D(2025, 3, 15), D(2025, 3, 16), "week"),
    ("3月初", REF, "zh", D(2025, 3, 1), D(2025, 3, 10), "month"),
    ("3月中旬", REF, "zh", D(2025, 3, 11), D(2025, 3, 20), "month"),
    ("3月底", REF, "zh", D(2025, 3, 21), D(2025, 3, 31), "month"),
    ("2022年前", REF, "zh", None, D(2021, 12, 31), "year"),
    ("2014年以来", REF, "zh", D(2014, 1, 1), None, "year"),
    ("未来几天", REF, "zh", D(2025, 3, 13), D(2025, 3, 20), "week"),
    ("2025年第一季度", REF, "zh", D(2025, 1, 1), D(2025, 3, 31), "month"),
    ("3月10日至12日", REF, "zh", D(2025, 3, 10), D(2025, 3, 12), "day"),
    ("3天前", REF, "zh", D(2025, 3, 10), D(2025, 3, 10), "day"),
    ("2年前", REF, "zh", D(2023, 1, 1), D(2023, 12, 31), "year"),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "reference", "language", "earliest", "latest", "precision"),
    TABLE,
    ids=[f"{row[2]}:{row[0]}@{row[1]:%Y-%m-%d}" for row in TABLE],
)
def test_expression_becomes_its_span(text, reference, language, earliest, latest, precision):
    span = resolve(text, reference, [language])
    assert span, span.reason
    assert (span.earliest, span.latest, span.precision, span.text) == (earliest, latest, precision, text)


def test_the_table_covers_the_languages():
    assert len(TABLE) >= 150
    assert {row[2] for row in TABLE} >= {"en", "ru", "uk", "fr", "de", "ar", "vi", "zh"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("13 марта 2025 года", "ru"),
        ("13 березня 2025", "uk"),
        ("13 mars 2025", "fr"),
        ("13. März 2025", "de"),
        ("13 مارس 2025", "ar"),
        ("ngày 13 tháng 3 năm 2025", "vi"),
        ("2025年3月13日", "zh"),
        ("March 13, 2025", "en"),
    ],
)
def test_languages_are_found_from_the_script_when_not_given(text, language):
    assert resolve(text, REF).edtf == resolve(text, REF, [language]).edtf == "2025-03-13"


def test_other_dateparser_languages_work_when_named():
    assert resolve("el 13 de marzo de 2025", REF, ["es"]).edtf == "2025-03-13"
    assert resolve("la próxima semana", REF, ["es"]).edtf == "2025-03-17/2025-03-23"
    assert resolve("13 marca 2025", REF, ["pl"]).edtf == "2025-03-13"


def test_unknown_languages_are_refused():
    with pytest.raises(ValueError):
        resolve("next week", REF, ["xx"])


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Tuesday", "past", "2025-03-11"),
        ("Tuesday", "future", "2025-03-18"),
        ("Tuesday", None, "2025-03-11"),
        ("Friday", None, "2025-03-14"),
        ("Thursday", "past", "2025-03-13"),
        ("the weekend", "past", "2025-03-08/2025-03-09"),
        ("the weekend", "future", "2025-03-15/2025-03-16"),
        ("in February", "future", "2026-02"),
        ("in February", None, "2025-02"),
        ("in April", "past", "2024-04"),
        ("March 12", "future", "2025-03-12"),  # a day before the reference is still this year's
    ],
)
def test_tense_picks_the_sensible_one(text, tense, expected):
    assert resolve(text, REF, ["en"], tense=tense).edtf == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("the talks", "no date in 'the talks'"),
        ("", "no date in an empty text"),
        ("30", "no date in '30'"),
        ("the 12th", "no date in 'the 12th'"),
        ("03/04/2025", "ambiguous: 03/04/2025 may be month/day/year or day/month/year"),
        ("March 12 and March 14", "ambiguous: several dates in 'March 12 and March 14': 'March 12', 'March 14'"),
        ("31 April 2025", "not a date: '31 April 2025' (day is out of range for month)"),
        ("Tuesday, March 12, 2025", "inconsistent: 2025-03-12 is not a Tuesday"),
    ],
)
def test_what_cannot_be_dated_says_why(text, reason):
    result = resolve(text, REF, ["en"])
    assert isinstance(result, Undated) and not result
    assert (result.text, result.reason) == (text, reason)


def test_a_slashed_date_outside_english_is_day_month_year():
    assert resolve("03/04/2025", REF, ["fr"]).edtf == "2025-04-03"


def test_a_bad_reference_is_a_type_error():
    with pytest.raises(TypeError):
        resolve("next week", "2025-03-13")  # type: ignore[arg-type]


# --- Running text ---------------------------------------------------------------------------

SPLIT = re.compile(r"(?<!Mr\.)(?<!Mrs\.)(?<!Dr\.)(?<=[.!?])\s+|\n+")  # sentences, not "Mr." alone
SENTENCES = [s for s in SPLIT.split(ARTICLE.read_text(encoding="utf-8")) if s.strip()]


def _sentence_with(words: str) -> str:
    return next(s for s in SENTENCES if words in s)


@pytest.mark.parametrize(
    ("sentence", "words", "edtf", "precision"),
    [
        ("Secretary of State Rubio confirmed", "March 12", "2025-03-12", "day"),
        ("Witkoff is expected to travel", "this weekend", "2025-03-15/2025-03-16", "week"),
        ("Ukraine said it would continue", "next week", "2025-03-17/2025-03-23", "week"),
        ("since Kiev’s surprise attack", "last year", "2024", "year"),
        ("ceding full control over four regions", "by 2022", "../2022", "year"),
        ("Mr. Peskov emphasized that", "in the coming days", "2025-03-13/2025-03-20", "week"),
    ],
)
def test_the_sample_articles_dates_are_found(sentence, words, edtf, precision):
    text = _sentence_with(sentence)
    (found,) = find_dates(text, REF, ["en"])
    assert (text[found.start : found.end], found.span.text) == (words, words)
    assert (found.span.edtf, found.span.precision) == (edtf, precision)


@pytest.mark.parametrize(
    "sentence",
    [
        "stressing that the key to the peace process now lies with Moscow",
        "the entire town of Sudzha is now under Russian control",
        "He also said that the Kremlin could arrange a phone call",
        "Russia’s willingness to accept a ceasefire remains unclear",
    ],
)
def test_sample_sentences_without_dates_give_none(sentence):
    assert find_dates(_sentence_with(sentence), REF, ["en"]) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("They met on Tuesday.", [("Tuesday", "2025-03-11")]),
        ("They will meet on Tuesday.", [("Tuesday", "2025-03-18")]),
        ("Talks are expected to resume on Monday.", [("Monday", "2025-03-17")]),
        ("Kyiv plans to send a delegation on Saturday.", [("Saturday", "2025-03-15")]),
        ("On Tuesday, the minister said talks would resume.", [("Tuesday", "2025-03-11")]),
        (
            "Putin said on Monday that he will meet Trump on Friday.",
            [("Monday", "2025-03-10"), ("Friday", "2025-03-14")],
        ),
        ("Witkoff met Putin over the weekend.", [("the weekend", "2025-03-08/2025-03-09")]),
        ("Witkoff will meet Putin over the weekend.", [("the weekend", "2025-03-15/2025-03-16")]),
        ("The summit will take place in February.", [("February", "2026-02")]),
        ("The summit took place in April.", [("April", "2024-04")]),
        (
            "Песков заявил в среду, что переговоры пройдут на следующей неделе.",
            [("среду", "2025-03-12"), ("на следующей неделе", "2025-03-17/2025-03-23")],
        ),
        ("Die Gespräche sollen am Freitag beginnen.", [("Freitag", "2025-03-14")]),
        ("Russia said on Tuesday it would not accept the plan.", [("Tuesday", "2025-03-11")]),
    ],
)
def test_weekdays_follow_the_tense_of_their_sentence(sentence, expected):
    assert [(sentence[f.start : f.end], f.span.edtf) for f in find_dates(sentence, REF)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia may agree to a 30-day ceasefire, officials said on Tuesday.", ["Tuesday"]),
        ("Protesters will march on the capital in May, and 2 million people could join.", ["May"]),
        ("Theresa May met 2000 troops in 2019.", ["2019"]),
        ("Kyiv said some 1900 soldiers had left by late last year.", ["by late last year"]),
        ("In a statement on Monday, the ministry said 12 soldiers were killed.", ["Monday"]),
        ("Sales rose 2024 percent, as soon as the deal was signed.", []),
        ("Окружающая среда страдает с 2014 года.", ["с 2014 года"]),
        ("Lần thứ hai họ gặp nhau vào thứ Ba.", ["thứ Ba"]),
        ("Hier ist die Lage ruhig, sagte er gestern.", ["gestern"]),
        ("Am Morgen war es ruhig, morgen wird verhandelt.", ["morgen"]),
        ("مارس الضغط على الحكومة في مارس الماضي.", ["مارس الماضي"]),
    ],
)
def test_false_matches_are_dropped(sentence, expected):
    assert [sentence[f.start : f.end] for f in find_dates(sentence, REF)] == expected


def test_several_dates_left_to_right_with_their_offsets():
    sentence = "The talks, stalled since 2014, are expected to resume between 10 and 12 March or early April."
    found = find_dates(sentence, REF, ["en"])
    assert [(sentence[f.start : f.end], f.span.edtf) for f in found] == [
        ("since 2014", "2014/.."),
        ("between 10 and 12 March", "2025-03-10/2025-03-12"),
        ("early April", "2025-04-01/2025-04-10"),
    ]
    assert all(isinstance(f, Found) and f.span.text == sentence[f.start : f.end] for f in found)


def test_times_and_zones_are_kept():
    sentence = "He will arrive at 14:00 GMT on 12 March, and the vote is on March 14 at 10 a.m. local time."
    found = find_dates(sentence, REF7, ["en"])
    assert [f.span.earliest for f in found] == [T(2025, 3, 12, 14, tzinfo=UTC), T(2025, 3, 14, 10, tzinfo=PLUS7)]


# --- EDTF -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-12", (D(2025, 3, 12), D(2025, 3, 12), "day")),
        ("2025-03", (D(2025, 3, 1), D(2025, 3, 31), "month")),
        ("2024-02", (D(2024, 2, 1), D(2024, 2, 29), "month")),
        ("2024", (D(2024, 1, 1), D(2024, 12, 31), "year")),
        ("2025-03-15/2025-03-16", (D(2025, 3, 15), D(2025, 3, 16), "day")),
        ("2025-01/2025-03", (D(2025, 1, 1), D(2025, 3, 31), "month")),
        ("2014/2016", (D(2014, 1, 1), D(2016, 12, 31), "year")),
        ("../2022", (None, D(2022, 12, 31), "year")),
        ("2025-03-13/..", (D(2025, 3, 13), None, "day")),
        ("2025-03-12T14:00:00+00:00", (T(2025, 3, 12, 14, tzinfo=UTC), T(2025, 3, 12, 14, tzinfo=UTC), "day")),
        ("2025-03-12T14:00:00", (T(2025, 3, 12, 14), T(2025, 3, 12, 14), "day")),
    ],
)
def test_parse_edtf_reads_what_span_edtf_writes(value, expected):
    assert parse_edtf(value) == expected


@pytest.mark.parametrize(
    "value", ["", "..", "../..", "2025-13", "2025-02-30", "25", "2025/2024", "2025-03/2025-03-05", "2025?", "a/b/c"]
)
def test_parse_edtf_refuses_the_rest(value):
    with pytest.raises(ValueError):
        parse_edtf(value)


# --- Properties -----------------------------------------------------------------------------

REFERENCES = st.one_of(
    st.dates(min_value=D(1950, 1, 1), max_value=D(2090, 12, 31)),
    st.datetimes(
        min_value=T(1950, 1, 1),
        max_value=T(2090, 12, 31),
        timezones=st.sampled_from([None, UTC, PLUS7, dt.timezone(dt.timedelta(hours=-5))]),
    ),
)
LANGUAGES = st.sampled_from([None, ["en"], ["ru"], ["uk"], ["fr"], ["de"], ["ar"], ["vi"], ["zh"], ["en", "fr", "de"]])
MODIFIERS = ["", "by ", "since ", "before ", "after ", "early ", "mid-", "late ", "the end of ", "until "]
EXPRESSIONS = st.one_of(
    st.sampled_from([(row[0], [row[2]]) for row in TABLE]),
    st.builds(lambda m, row: (m + row[0], [row[2]]), st.sampled_from(MODIFIERS), st.sampled_from(TABLE)),
    st.builds(
        lambda a, b, month, year: (f"between {a} and {b} {month} {year}", ["en"]),
        st.integers(1, 31),
        st.integers(1, 31),
        st.sampled_from(["March", "February", "December"]),
        st.integers(1990, 2060),
    ),
)


# deadline=None: dateparser's first call in a language loads its data; no example database in the repository
PROPERTY = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _aligned(span: Span) -> bool:
    """Whether EDTF carries the span's precision: a day, or bounds on the edges of months or years."""
    if span.precision == "day":
        return True
    if span.precision not in ("month", "year") or isinstance(span.earliest or span.latest, dt.datetime):
        return False
    starts = span.earliest is None or (
        span.earliest.day == 1 and (span.precision == "month" or span.earliest.month == 1)
    )
    ends = span.latest is None or (
        (span.latest + dt.timedelta(days=1)).day == 1 and (span.precision == "month" or span.latest.month == 12)
    )
    return starts and ends


def _check(span: Span) -> None:
    if span.earliest is not None and span.latest is not None:
        assert span.earliest <= span.latest, span
    assert span.precision in ("day", "week", "month", "year", "unknown")
    earliest, latest, precision = parse_edtf(span.edtf)
    assert (earliest, latest) == (span.earliest, span.latest), span.edtf
    if _aligned(span):
        assert precision == span.precision, span.edtf


@settings(PROPERTY, max_examples=2000)
@given(text=st.text(), reference=REFERENCES, languages=LANGUAGES)
def test_resolve_never_raises(text, reference, languages):
    result = resolve(text, reference, languages)
    assert isinstance(result, (Span, Undated))
    assert result.text == text
    if isinstance(result, Span):
        _check(result)


@settings(PROPERTY, max_examples=2000)
@given(expression=EXPRESSIONS, reference=REFERENCES)
def test_spans_are_ordered_and_their_edtf_reads_back(expression, reference):
    text, languages = expression
    result = resolve(text, reference, languages)
    if isinstance(result, Span):
        _check(result)


@settings(PROPERTY, max_examples=500)
@given(
    first=st.dates(min_value=D(1000, 1, 1), max_value=D(9990, 12, 31)),
    days=st.integers(0, 800),
    precision=st.sampled_from(["day", "week", "month", "year"]),
    open_end=st.sampled_from([None, "earliest", "latest"]),
)
def test_any_span_edtf_reads_back(first, days, precision, open_end):
    last = first + dt.timedelta(days=days)
    if precision == "month":
        first, last = (
            first.replace(day=1),
            (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1),
        )
    if precision == "year":
        first, last = first.replace(month=1, day=1), last.replace(month=12, day=31)
    span = Span(None if open_end == "earliest" else first, None if open_end == "latest" else last, precision, "x")
    _check(span)


@settings(PROPERTY, max_examples=1500)
@given(
    words=st.lists(
        st.one_of(st.text(max_size=12), st.sampled_from([row[0] for row in TABLE] + ["now", "may", "March", "2000"])),
        max_size=8,
    ),
    reference=REFERENCES,
    languages=LANGUAGES,
)
def test_find_dates_never_raises_and_points_into_the_text(words, reference, languages):
    sentence = " ".join(words)
    found = find_dates(sentence, reference, languages)
    assert [f.start for f in found] == sorted(f.start for f in found)
    for f in found:
        assert 0 <= f.start < f.end <= len(sentence)
        assert f.span.text == sentence[f.start : f.end]
        _check(f.span)


@settings(PROPERTY, max_examples=500)
@given(value=st.text(max_size=30))
def test_parse_edtf_reads_or_raises_value_error(value):
    try:
        earliest, latest, _ = parse_edtf(value)
    except ValueError:
        return
    assert earliest is not None or latest is not None


# --- Tense in long sentences: found once per sentence, the same answer as a plain scan -------

def _tense_by_scanning(text, node, g):
    """The plain reading of "the nearest cue": every cue scanned afresh for the one date (the
    way kb.dates once did it, quadratic in the dates of a sentence), kept as the oracle."""
    from kb.dates import _CLAUSE

    cues = []
    for tense, pattern in (("future", g.future), ("past", g.past)):
        for match in pattern.finditer(text) if pattern else ():
            overlaps = any(s < match.end() and match.start() < e for s, e, _ in cues)
            inside = node.start < match.end() and match.start() < node.end
            if not overlaps and not inside:
                cues.append((match.start(), match.end(), tense))
    if not cues:
        return None
    edges = [(m.start(), m.end()) for m in _CLAUSE.finditer(text)]
    lo = max((e for s, e in edges if e <= node.start), default=0)
    hi = min((s for s, e in edges if s >= node.end), default=len(text))
    pool = [c for c in cues if c[0] >= lo and c[1] <= hi] or cues
    return min(pool, key=lambda c: node.start - c[1] if c[1] <= node.start else c[0] - node.end + 3)[2]


CUE_WORDS = ["will", "would", "said", "met", "last", "next", "ago", "plans to", "was to", "is expected to", "that",
             "but", ";", ", ", " - ", "(", ")", "Tuesday", "March 12", "the weekend", "talks", "x", "vont", "a dit"]


@settings(PROPERTY, max_examples=1500)
@given(words=st.lists(st.sampled_from(CUE_WORDS), max_size=30), data=st.data(),
       languages=st.sampled_from([("en",), ("fr",), ("ru",), ("en", "fr", "de")]))
def test_the_tense_of_a_date_is_the_plain_scans(words, data, languages):
    from kb.dates import _Cues, _grammar, _Node

    text, g = " ".join(words), _grammar(languages)
    cues = _Cues(text, g)
    for _ in range(5):
        start = data.draw(st.integers(0, max(len(text) - 1, 0)))
        node = _Node(start, data.draw(st.integers(start + 1, len(text) + 1)), "core", "day")
        assert cues.tense_at(node) == _tense_by_scanning(text, node, g)


def test_find_dates_reads_a_sentence_of_thousands_of_dates_scanning_it_once(monkeypatch):
    import kb.dates

    scans = []

    class Counting:  # the clause edges: the plain scan read the whole sentence once per date
        def finditer(self, text):
            scans.append(len(text))
            return clause.finditer(text)

    clause = kb.dates._CLAUSE
    monkeypatch.setattr(kb.dates, "_CLAUSE", Counting())
    sentence = " ".join(["They met on Tuesday and will meet on Tuesday;"] * 2500)  # 5,000 dates, 115 kB
    found = find_dates(sentence, REF)
    assert len(found) == 5000 and len(scans) == 1  # a plain scan per date: 5,000 scans of 115 kB, and cues²
    assert {f.span.edtf for f in found[0::2]} == {"2025-03-11"} and {f.span.edtf for f in found[1::2]} == {"2025-03-18"}
