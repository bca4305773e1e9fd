"""The timeline's dates in words: ``?when=March 2025`` becomes the days it means, in the address."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest


def _params(response) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(response.headers["Location"]).query))


@pytest.mark.parametrize("words, days", [
    ("March 2025", {"from": "2025-03-01", "to": "2025-03-31"}),
    ("13 March 2025", {"from": "2025-03-13", "to": "2025-03-13"}),
    ("by 2022", {"to": "2022-12-31"}),
    ("since March 2025", {"from": "2025-03-01"}),
])
def test_words_become_the_days_they_mean(client, words, days):
    response = client.get("/", query_string={"when": words, "actor": "actor:russia", "from": "1999-01-01",
                                             "page": "3"})
    assert response.status_code == 302
    assert _params(response) == {"actor": "actor:russia", **days}  # the old days and page give way
    page = client.get(response.headers["Location"])
    assert page.status_code == 200


def test_relative_words_are_read_as_of_today(client):
    response = client.get("/", query_string={"when": "yesterday"})
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert _params(response) == {"from": yesterday, "to": yesterday}


def test_the_march_2025_talks_are_found_by_words(client):
    page = client.get("/", query_string={"when": "March 2025"}, follow_redirects=True).get_data(as_text=True)
    assert "Witkoff" in page


def test_words_that_are_no_date_get_a_clear_message(client):
    response = client.get("/", query_string={"when": "<b>the talks</b>"})
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "is not a date or period" in text and "<b>the talks</b>" not in text  # escaped


def test_the_filter_form_offers_dates_in_words(client):
    page = client.get("/").get_data(as_text=True)
    assert 'name="when"' in page


def test_other_parameters_cannot_steer_the_redirect(client):
    """Only the selection's own parameters are carried over: not Flask's (``_external``,
    ``_anchor``) nor unknown ones."""
    response = client.get("/", query_string={"when": "March 2025", "endpoint": "x", "_external": "1",
                                             "_anchor": "top", "kind": "neg:Proposal"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/?")
    assert _params(response) == {"kind": "neg:Proposal", "from": "2025-03-01", "to": "2025-03-31"}
