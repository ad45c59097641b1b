# Empty compiler generated dependencies file for libtorch_bench.
# This may be replaced when dependencies are built.
