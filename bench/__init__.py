"""Performance measurements of gongjian on a synthetic city ledger (PRODUCT §9); never timed in tests.

`python -m bench.run` generates the city (`bench.generate`), times each workload against its floor and
its peers, and writes `bench/RESULTS.md`.
"""
