"""gongjian 共建台账: a command-line ledger for urban community co-building (社区共建)."""

__version__ = "0.1.0"
