// Benchmarks are subcommands of this executable; see bench/README.md. Never run by the test suite.
print("usage: axon-bench <benchmark>")
