"""`report year` works out the problems' figures (and the inactive units) on another connection, beside the rest
(`reports.figures.alongside`): the same report as worked out on one connection, every figure; an error
met there reaches the caller as it would have on one connection."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import asdict

import pytest

from gongjian.ledger import Ledger
from gongjian.reports import assessment as assessing
from gongjian.store.db import Store
from gongjian.tickets.tickets import Tickets


def plain(report: dict) -> dict:
    return {**report, "findings": [asdict(f) for f in report["findings"]]}


@pytest.fixture
def one_connection(monkeypatch):
    """Make `Store.snapshots` give no other connection: everything is worked out on the ledger's own."""

    def alone(self, more):
        @contextmanager
        def single():
            with self.snapshot():
                yield []

        return single()

    return lambda: monkeypatch.setattr(Store, "snapshots", alone)


def test_the_report_worked_out_beside_is_the_report_worked_out_alone(demo_db, one_connection, monkeypatch):
    given = []
    snapshots = Store.snapshots

    @contextmanager
    def counted(self, more):
        with snapshots(self, more) as others:
            given.append(len(others))
            yield others

    monkeypatch.setattr(Store, "snapshots", counted)
    with Ledger.open(demo_db) as ledger:
        years = [
            y for (y,) in ledger.store.conn.execute("SELECT DISTINCT year FROM activities ORDER BY year")
        ]
        assert years
        beside = {
            (y, c): plain(assessing.year_report(ledger, y, community=c)) for y in years for c in (None, "BC")
        }
        assert set(given) == {1}  # every report had its other connection
        one_connection()
        alone = {
            (y, c): plain(assessing.year_report(ledger, y, community=c)) for y in years for c in (None, "BC")
        }
    assert beside == alone
    assert any(r["figures"]["totals"]["members_met_target"] for r in alone.values())
    assert any(r["ticket_sources"] for r in alone.values())


def test_an_error_met_beside_reaches_the_caller(demo_db, monkeypatch):
    def broken(self, *args, **kwargs):
        raise ZeroDivisionError("工单统计出错")

    monkeypatch.setattr(Tickets, "ticket_figures_by", broken)
    with Ledger.open(demo_db) as ledger:
        with pytest.raises(ZeroDivisionError, match="工单统计出错"):
            assessing.year_report(ledger, 2016)
        assert not ledger.store.conn.in_transaction
