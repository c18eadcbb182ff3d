"""Explanations for Java's legacy three-letter zone IDs, whose meaning surprises people.

Java keeps the JDK 1.1 IDs (``ZoneId.SHORT_IDS``). Most name a region whose abbreviation
differs from the ID, and a few are fixed offsets without DST. The targets quoted here are
checked against Java's own table in the tests.
"""

from __future__ import annotations

__all__ = ["ambiguity"]

_NOTES = {
    "BST": "BST is Asia/Dhaka (Bangladesh Standard Time, UTC+6) in Java, not British Summer "
    "Time; use Europe/London.",
    "IST": "IST is Asia/Kolkata (India, UTC+5:30) in Java, not Irish or Israel Standard Time; "
    "use Europe/Dublin or Asia/Jerusalem for those.",
    "CST": "CST is America/Chicago in Java (and so switches to CDT in summer), not China or "
    "Cuba Standard Time; use Asia/Shanghai or America/Havana for those.",
    "EST": "EST is a fixed UTC-05:00 in Java with no daylight saving; use America/New_York "
    "for US Eastern time.",
    "MST": "MST is a fixed UTC-07:00 in Java with no daylight saving; use America/Denver for "
    "US Mountain time.",
    "HST": "HST is a fixed UTC-10:00 in Java with no daylight saving; use Pacific/Honolulu.",
    "PST": "PST is America/Los_Angeles in Java, so it means PDT (UTC-7) in summer; write "
    "America/Los_Angeles.",
    "AST": "AST is America/Anchorage (Alaska) in Java, not Atlantic Standard Time; use "
    "America/Halifax for Atlantic time.",
    "ECT": "ECT is Europe/Paris in Java, not Ecuador Time; use America/Guayaquil for Ecuador.",
    "NST": "NST is Pacific/Auckland (New Zealand) in Java, not Newfoundland; use "
    "America/St_Johns for Newfoundland.",
    "SST": "SST is Pacific/Guadalcanal (Solomon Islands) in Java, not Samoa or Singapore; "
    "use Pacific/Pago_Pago or Asia/Singapore.",
    "ART": "ART is Africa/Cairo (Egypt) in Java, not Argentina Time; use "
    "America/Argentina/Buenos_Aires.",
    "AGT": "AGT is America/Argentina/Buenos_Aires in Java; write the region ID.",
    "MIT": "MIT is Pacific/Apia (Samoa) in Java; write the region ID.",
    "CAT": "CAT is Africa/Harare in Java; write the region ID.",
    "EAT": "EAT is Africa/Addis_Ababa in Java; write the region ID.",
    "NET": "NET is Asia/Yerevan (Armenia) in Java; write the region ID.",
    "PLT": "PLT is Asia/Karachi (Pakistan) in Java; write the region ID.",
    "PNT": "PNT is America/Phoenix (no DST) in Java; write the region ID.",
    "PRT": "PRT is America/Puerto_Rico in Java; write the region ID.",
    "IET": "IET is America/Indiana/Indianapolis in Java; write the region ID.",
    "BET": "BET is America/Sao_Paulo (Brazil) in Java; write the region ID.",
    "CNT": "CNT is America/St_Johns (Newfoundland) in Java; write the region ID.",
    "CTT": "CTT is Asia/Shanghai (China) in Java; write the region ID.",
    "JST": "JST is Asia/Tokyo in Java; write the region ID.",
    "ACT": "ACT is Australia/Darwin in Java, not Australian Capital Territory (Sydney time); "
    "write the region ID.",
    "AET": "AET is Australia/Sydney in Java; write the region ID.",
    "VST": "VST is Asia/Ho_Chi_Minh (Vietnam) in Java; write the region ID.",
}


def ambiguity(zone_id: str) -> str | None:
    """Why a legacy three-letter ID may not mean what the author thinks, or None."""
    return _NOTES.get(zone_id)
