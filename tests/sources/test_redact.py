"""Secrets out of kept text: ORCID's error texts quote the token they refuse."""

from pipeline.sources.redact import REDACTED, redact


def test_known_secrets_and_token_shaped_text_are_taken_out() -> None:
    text = (
        "Invalid access token: 1f0c2b8e-5a0d-4c59-9d3e-2f1b0c9a8e7d; "
        "refresh s3cr3t; key AbCdEf0123456789AbCdEf0123456789=="
    )
    cleaned = redact(text, ["s3cr3t", None])
    assert "1f0c2b8e" not in cleaned
    assert "s3cr3t" not in cleaned
    assert "AbCdEf0123456789" not in cleaned
    assert cleaned.count(REDACTED) == 3


def test_orcid_ids_paths_and_words_are_kept() -> None:
    text = "0000-0002-1825-0097: GET /0000-0002-1825-0097/works: Full-authentication-required"
    assert redact(text) == text
