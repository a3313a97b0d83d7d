"""ORCID's failure answers, worded as ORCID words them, so the pipeline's error handling is tested
against the real texts (the 9021 put-code, the 9007 primary iD) rather than against our guesses.

Codes and HTTP statuses follow `OrcidCoreExceptionMapper`; messages follow `api_en.properties`
with the "Full validation error" suffix ORCID appends (shared/reference/orcid-api.md §1.5).
Three body shapes exist: the v3.0 error object, the OAuth `{error, error_description}` object of
the token layer, and nginx's plain-text pages for the rate limits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

MORE_INFO = "https://members.orcid.org/api/resources/troubleshooting"
CLIENT_NAME_PLACEHOLDER = "${clientName}"
"""What ORCID leaves in a user message when it has no client name (an anonymous reader)."""
RETRY_MESSAGE = (
    "There was an error when updating the record. Please try again. "
    "If the error persists, please contact {client} for assistance."
)
JSON_UTF8 = "application/json;charset=UTF-8"


class ApiFailure(Exception):
    """Any answer that ends a request early; the app turns it into its response in one place."""

    def response(self) -> Response:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class OrcidError:
    status: int
    code: int
    developer_message: str
    user_message: str

    def body(self) -> dict[str, Any]:
        """The five keys of error-3.0.xsd; a bulk answer nests the same object per failed item."""
        return {
            "response-code": self.status,
            "developer-message": self.developer_message,
            "user-message": self.user_message,
            "error-code": self.code,
            "more-info": MORE_INFO,
        }


class OrcidApiError(ApiFailure):
    def __init__(self, error: OrcidError, headers: dict[str, str] | None = None) -> None:
        super().__init__(error.developer_message)
        self.error = error
        self.headers = headers or {}

    def response(self) -> Response:
        return Response(
            json.dumps(self.error.body()),
            status_code=self.error.status,
            media_type=JSON_UTF8,
            headers=self.headers,
        )


class OAuthError(ApiFailure):
    """The token layer's failures (Spring Security OAuth), which carry no ORCID error code."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description

    def response(self) -> Response:
        body = {"error": self.error, "error_description": self.description}
        return Response(json.dumps(body), status_code=self.status, media_type=JSON_UTF8)


class PlainTextError(ApiFailure):
    """nginx's 503 and the daily-quota filter's 429 answer in plain text, not ORCID JSON."""

    def __init__(self, status: int, text: str) -> None:
        super().__init__(text)
        self.status = status
        self.text = text

    def response(self) -> Response:
        return Response(self.text, status_code=self.status, media_type="text/plain")


def _client(client_name: str | None) -> str:
    return client_name or CLIENT_NAME_PLACEHOLDER


def unrouted(status: int, detail: str) -> OrcidError:
    return OrcidError(
        status,
        9001,
        "400 Bad Request: There is an issue with your data or the API endpoint. "
        "405 Method Not Allowed: Endpoint and method mismatch. "
        "415 Unsupported Media Type: data must be in XML or JSON format. "
        f"Full validation error: {detail}",
        "ORCID could not process the data, because they were invalid.",
    )


def not_acceptable(accept: str) -> OrcidError:
    return unrouted(
        406, f"HTTP 406 Not Acceptable (the simulator serves JSON only; Accept: {accept or '-'})"
    )


def not_found() -> OrcidError:
    return OrcidError(
        404, 9016, "404 Not Found: The resource was not found.", "The resource was not found."
    )


def deprecated(orcid: str, primary: str, status: int) -> OrcidError:
    """301 on reads (with a Location header), 409 on writes, same body (§2.6)."""
    reason = "301 Moved Permanently" if status == 301 else "409 Conflict"
    return OrcidError(
        status,
        9007,
        f"{reason}: This account is deprecated. Please refer to account: "
        f"https://orcid.org/{primary}. ORCID https://orcid.org/{orcid}",
        f"This account is deprecated. Please refer to account: https://orcid.org/{primary}.",
    )


def deactivated(orcid: str) -> OrcidError:
    return OrcidError(
        409,
        9044,
        "409 Conflict: The ORCID record is deactivated and cannot be edited. "
        f"Full validation error: {orcid} is deactivated",
        "The ORCID record is deactivated.",
    )


def not_public() -> OrcidError:
    return OrcidError(
        403,
        9039,
        "403 Forbidden: The item is not public and cannot be accessed with the Public API.",
        "The client application is forbidden to perform the action.",
    )


def missing_scope() -> OrcidError:
    """9038: ORCID's text says 409 Conflict although the status it maps to is 403."""
    return OrcidError(
        403,
        9038,
        "409 Conflict: The item has a limited or private visibility and your request doesn't "
        "have the required scope.",
        "You don't have the permissions to execute this action.",
    )


def private_item() -> OrcidError:
    return OrcidError(
        403,
        9013,
        "403 Forbidden: The item is private and you are not the source.",
        "The client application is forbidden to perform the action.",
    )


def other_record() -> OrcidError:
    return OrcidError(
        401,
        9017,
        "401 Unauthorized: The client application is not authorized for this ORCID record. "
        "Full validation error: Access token is for a different record",
        "The client application is not authorized.",
    )


def wrong_source() -> OrcidError:
    return OrcidError(
        403,
        9010,
        "403 Forbidden: You are not the source of the work, so you are not allowed to update it.",
        "The client application is not the source of the resource it is trying to access.",
    )


def visibility_change(client_name: str | None) -> OrcidError:
    return OrcidError(
        403,
        9035,
        "403 Forbidden: You can't change the visibility of an item, please remove the "
        "visibility or set it to the current value.",
        RETRY_MESSAGE.format(client=_client(client_name)),
    )


def duplicate(put_code: int, client_name: str | None) -> OrcidError:
    """The existing put-code is in the text because clients parse it to switch to PUT (§5)."""
    return OrcidError(
        409,
        9021,
        "409 Conflict: You have already added this activity (matched by external identifiers), "
        f"please see element with put-code {put_code}. "
        "If you are trying to edit the item, please use PUT instead of POST.",
        RETRY_MESSAGE.format(client=_client(client_name)),
    )


def too_many_put_codes(limit: int) -> OrcidError:
    return OrcidError(
        400,
        9042,
        "org.orcid.core.exception.ExceedMaxNumberOfPutCodesException Full validation error: "
        f"Too many put codes specified: maximum is {limit}",
        "Too many put codes supplied",
    )


def invalid_put_code(put_code: str, client_name: str | None) -> OrcidError:
    return OrcidError(
        400,
        9034,
        "400 Bad Request: The put code provided is not valid. "
        f"Full validation error: '{put_code}' is not a valid put code",
        RETRY_MESSAGE.format(client=_client(client_name)),
    )


def bad_request(detail: str) -> OrcidError:
    """9006, ORCID's answer to any IllegalArgumentException (a non-numeric put-code, a bulk
    body over the limit)."""
    return OrcidError(
        400,
        9006,
        f"The client application sent a bad request to ORCID. Full validation error: {detail}",
        "The client application sent a bad request to ORCID.",
    )


def bad_search(detail: str) -> OrcidError:
    return OrcidError(
        400,
        9012,
        f"400 Bad Request: {detail}",
        "The client application made a bad request to the ORCID API.",
    )


def search_start_too_large() -> OrcidError:
    text = (
        "The start parameter for API users without credentials must be an integer "
        "between 0 and 10,000"
    )
    return OrcidError(400, 9043, f"400 Bad Request: {text}", text)


def invalid_json(detail: str) -> OrcidError:
    return unrouted(400, detail)


def put_code_mismatch(url_put_code: int, body_put_code: int | None) -> OrcidError:
    body = "null" if body_put_code is None else str(body_put_code)
    return OrcidError(
        400,
        9019,
        f"400 Bad Request: The put code in the URL was {url_put_code} whereas the one in the "
        f"body was {body}.",
        "The put code in the URL did not match that in the body of the message.",
    )


def put_code_on_create(client_name: str | None) -> OrcidError:
    return OrcidError(
        400,
        9024,
        "400 Bad Request: Put-code is included when not expected. When posting new activities, "
        "the put code should be omitted.",
        RETRY_MESSAGE.format(client=_client(client_name)),
    )


def title_required() -> OrcidError:
    return OrcidError(
        400,
        9022,
        "400 Bad Request: Invalid activity, a title is required.",
        "Invalid activity:  A title is required.",
    )


def external_id_required() -> OrcidError:
    return OrcidError(
        400,
        9023,
        "400 Bad Request: Invalid activity, an external identifier is required.",
        "Invalid activity: an external identifier is required.",
    )


def invalid_enum(kind: str, valid: list[str]) -> OrcidError:
    return OrcidError(
        400,
        9037,
        f"Invalid {kind}, valid values are: {', '.join(valid)}.",
        "Please specify a work type.",
    )


def invalid_message(detail: str) -> OrcidError:
    return OrcidError(
        400,
        9020,
        f"400 Bad Request: Invalid incoming message. Full validation error: {detail}",
        "Invalid incoming message.",
    )


def too_many_works(limit: int) -> OrcidError:
    return OrcidError(
        409,
        9048,
        "409 Conflict: The maximum number of works that can be connected to an ORCID record "
        f"is {limit:,}",
        f"The maximum number of works that can be connected to an ORCID record is {limit:,} and "
        "you have now exceeded this limit. Please remove some works and try again.",
    )
