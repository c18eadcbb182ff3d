"""S4xx: what ``sage200cfg compile`` reports, kept apart so that explaining or
selecting them does not import the compiler itself."""

from __future__ import annotations

from ..codes import describe, table
from ..findings import Severity

__all__ = ["COMPILE_CODES"]

COMPILE_CODES = table(
    describe(
        "S401",
        "unusable-placeholder",
        "A url placeholder the runtime cannot fill.",
        "Unknown kinds, a bare ${date} (its format is undocumented), an unclosed ${ or a "
        "date format the engine rejects would send a broken query on every poll.",
    ),
    describe(
        "S402",
        "unusable-id-field",
        "idField is missing, empty or not a JSON path.",
        "Every event needs an objectId; without one the runtime could only quarantine "
        "every record.",
    ),
    describe(
        "S403",
        "missing-date-field",
        "The date the runtime filters and dedupes on is not configured.",
        "updatedDateField and updatedDateFormat are needed always, the created pair when "
        "filterByUpdatedDate is false; otherwise records cannot be filtered or typed.",
    ),
    describe(
        "S404",
        "invalid-setting",
        "A numeric or boolean setting has a value that is not one.",
        "pageSize, pollDelay, createdCheckTolerance, the refresh interval and the filter "
        "flags go into the plan as explicit numbers and booleans.",
    ),
    describe(
        "S405",
        "unusable-url",
        "A poller or callback URL the runtime cannot use.",
        "Poller urls are hub paths appended to the API base and must not carry the paging "
        "params the runtime sends; callbacks must be http(s) without credentials in them.",
    ),
    describe(
        "S406",
        "plain-secret",
        "A delivery secret is written in the config; the plan references an env var.",
        "Plans are committed and shared, so secrets are never copied into them. The "
        "runtime reads the value from the variable named in the message.",
        Severity.WARNING,
    ),
    describe(
        "S407",
        "events-disabled",
        "event.notification.enabled is not true, so the instance is left out of the plan.",
        "Cloud Elements does not poll such an instance either; say true to run it.",
        Severity.WARNING,
    ),
    describe(
        "S408",
        "duplicate-instance",
        "Two configs compile to the same instance name.",
        "Instance names key the runtime's state and event ids; they must be unique.",
    ),
    describe(
        "S409",
        "no-poller-config",
        "event.poller.configuration is missing, empty or not an object.",
        "Without resources there is nothing to poll.",
    ),
    describe(
        "S410",
        "bad-secret-reference",
        "A secret written as ${...} that is not ${env:NAME}.",
        "Only environment references are resolved at run time; anything else would be "
        "sent literally as the password or key.",
    ),
    describe(
        "S411",
        "not-natively-pollable",
        "For --transport sage200: Sage 200 itself has no list of this resource to poll.",
        "Some hub resources have no native GET list (invoices and payments are POST-only "
        "in Sage 200: sales_invoices, sales_payments). The message names what to poll "
        "instead (transactions: sales_posted_transactions, where posted invoices and "
        "payments appear).",
    ),
    describe(
        "S412",
        "no-native-filter",
        "For --transport sage200: the where clause has no faithful OData $filter form.",
        "The native transport sends where as $filter (eq/ne/gt/ge/lt/le, and/or, brackets, "
        "date-times in UTC with Z). LIKE, a placeholder inside other text, a dotted field "
        "or another hub parameter would need a different query; a wrong one is worse than "
        "none.",
    ),
    describe(
        "S413",
        "no-native-paging",
        "For --transport sage200: idField or the updated date is not a top-level field.",
        "The native transport pages by key ($orderby=updated,id and a condition after the "
        "last record), which needs both as top-level fields of the record.",
    ),
)
