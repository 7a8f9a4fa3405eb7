# Every target of the project is compiled with -Wall -Wextra (generated
# scanner and parser sources relax only what their generators cannot avoid),
# warning-free with g++ 12 and clang-19 in every build type. Warnings are
# errors with LAZYC_WERROR, as in CI and for developers; off by default, so
# that a user's compiler, newer than ours, cannot break the build.
option(LAZYC_WERROR "Treat compiler warnings as errors" OFF)
set(LAZYC_WERROR_FLAG "")
if(LAZYC_WERROR)
  set(LAZYC_WERROR_FLAG -Werror)
endif()
add_compile_options(-Wall -Wextra ${LAZYC_WERROR_FLAG})
# GCC 12 reports overlapping copies inside std::string's
# operator+(const char *, std::string &&) when it inlines it at -O3 (a
# Release build), which cannot happen (GCC bug 105651, fixed in GCC 13).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND
   CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict>)
endif()
