"""Which Sage 200 site and company an instance polls: ``GET /sites`` by company name.

``/sites`` is the one request sent without ``X-Site``/``X-Company``; it lists
``site_id``, ``company_id`` and ``company_name``. The instance's
``company.name`` must name exactly one; otherwise the error lists them all.
An empty list is what an on-premise site whose tunnel was lost answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ApiError, SetupError

__all__ = ["Site", "pick_site"]


@dataclass(frozen=True)
class Site:
    site_id: str
    company_id: str
    company_name: str

    def headers(self) -> dict[str, str]:
        return {"X-Site": self.site_id, "X-Company": self.company_id}


def _sites(records: list[object]) -> list[Site]:
    out = []
    for record in records:
        if not isinstance(record, dict) or "site_id" not in record or "company_id" not in record:
            raise ApiError("GET /sites answered records without site_id and company_id")
        out.append(Site(str(record["site_id"]), str(record["company_id"]),
                        str(record.get("company_name", ""))))
    return out


def pick_site(records: list[object], company: str, instance: str) -> Site:
    """The one site whose company is ``company``; SetupError listing them otherwise."""
    sites = _sites(records)
    if not sites:
        raise SetupError("GET /sites lists no companies (for an on-premise site: is the "
                         "Sage 200 API tunnel set up?)")
    exact = [s for s in sites if s.company_name == company]
    found = exact or [s for s in sites if s.company_name.casefold() == company.casefold()]
    if len(found) == 1:
        return found[0]
    listing = "; ".join(f"{s.company_name!r} (company {s.company_id}, site {s.site_id})"
                        for s in sites)
    what = "matches more than one company" if found else "matches no company"
    raise SetupError(f"instance {instance!r}: company.name {company!r} {what}; "
                     f"the companies are: {listing}")
