"""The rule registry: an explicit list, no discovery magic (yamllint style).

Each rule is a module with ``CODE``, ``NAME``, ``SEVERITY``, a docstring that
is its documentation, and ``check(ctx) -> Iterator[Violation]``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from ...findings import Severity
from ..context import LintContext, Violation
from . import (
    s201_url_resource_mismatch,
    s202_duplicate_poll_url,
    s203_absolute_poll_url,
    s204_unknown_hub,
    s205_foreign_element_key,
    s210_unknown_placeholder,
    s211_legacy_date_placeholder,
    s212_unclosed_placeholder,
    s213_invalid_placeholder_pattern,
    s214_missing_placeholder,
    s220_unbalanced_where_quotes,
    s221_unknown_where_operator,
    s222_where_field_mismatch,
    s223_strict_where_comparison,
    s224_unbalanced_where_parentheses,
    s230_invalid_date_pattern,
    s231_minute_as_month,
    s232_week_year_pattern,
    s233_twelve_hour_without_marker,
    s234_fraction_not_milliseconds,
    s235_day_of_year_pattern,
    s236_no_date_field,
    s237_literal_zone_with_non_utc_zone,
    s240_unknown_time_zone,
    s241_ambiguous_time_zone,
    s250_unknown_resource,
    s251_unknown_field,
    s252_unparseable_date_format,
    s253_resource_not_pollable,
    s254_placeholder_without_utc_marker,
    s260_created_equals_updated,
    s261_missing_updated_field,
    s262_missing_created_tolerance,
    s270_out_of_range_refresh_interval,
    s271_invalid_callback_url,
    s272_insecure_callback_url,
    s273_missing_callback_url,
    s274_unpaired_basic_auth,
    s275_plaintext_secret,
    s276_empty_value,
    s277_polling_while_disabled,
    s278_empty_id_field,
    s279_invalid_env_reference,
)

__all__ = ["RULES", "Rule", "get"]


class Rule(Protocol):
    CODE: str
    NAME: str
    SEVERITY: Severity
    __doc__: str | None

    def check(self, ctx: LintContext) -> Iterator[Violation]: ...


_MODULES: tuple[Rule, ...] = (
    s201_url_resource_mismatch,
    s202_duplicate_poll_url,
    s203_absolute_poll_url,
    s204_unknown_hub,
    s205_foreign_element_key,
    s210_unknown_placeholder,
    s211_legacy_date_placeholder,
    s212_unclosed_placeholder,
    s213_invalid_placeholder_pattern,
    s214_missing_placeholder,
    s220_unbalanced_where_quotes,
    s221_unknown_where_operator,
    s222_where_field_mismatch,
    s223_strict_where_comparison,
    s224_unbalanced_where_parentheses,
    s230_invalid_date_pattern,
    s231_minute_as_month,
    s232_week_year_pattern,
    s233_twelve_hour_without_marker,
    s234_fraction_not_milliseconds,
    s235_day_of_year_pattern,
    s236_no_date_field,
    s237_literal_zone_with_non_utc_zone,
    s240_unknown_time_zone,
    s241_ambiguous_time_zone,
    s250_unknown_resource,
    s251_unknown_field,
    s252_unparseable_date_format,
    s253_resource_not_pollable,
    s254_placeholder_without_utc_marker,
    s260_created_equals_updated,
    s261_missing_updated_field,
    s262_missing_created_tolerance,
    s270_out_of_range_refresh_interval,
    s271_invalid_callback_url,
    s272_insecure_callback_url,
    s273_missing_callback_url,
    s274_unpaired_basic_auth,
    s275_plaintext_secret,
    s276_empty_value,
    s277_polling_while_disabled,
    s278_empty_id_field,
    s279_invalid_env_reference,
)

RULES: dict[str, Rule] = {rule.CODE: rule for rule in _MODULES}


def get(code: str) -> Rule:
    """The rule with ``code``; ``KeyError`` names the unknown code."""
    try:
        return RULES[code.upper()]
    except KeyError:
        raise KeyError(f"unknown rule {code!r}") from None
