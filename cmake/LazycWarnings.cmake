# Warnings are errors for every target of the project (generated scanner and
# parser sources relax only what their generators cannot avoid).
add_compile_options(-Wall -Wextra -Werror)
# GCC 12 reports overlapping copies inside std::string's
# operator+(const char *, std::string &&) when it inlines it at -O3 (a
# Release build), which cannot happen (GCC bug 105651, fixed in GCC 13).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND
   CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict>)
endif()
