file(REMOVE_RECURSE
  "CMakeFiles/libtorch_bench.dir/libtorch_bench.cpp.o"
  "CMakeFiles/libtorch_bench.dir/libtorch_bench.cpp.o.d"
  "libtorch_bench"
  "libtorch_bench.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/libtorch_bench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
