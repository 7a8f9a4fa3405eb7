# -DLAZYC_SANITIZE=address,undefined (any list -fsanitize= takes) builds
# the compiler, the runtime and the tests with those sanitizers, and the
# executables such a lazyc links are linked with them too (by the C
# compiler of this build, whose sanitizer runtime the library needs).
# Every sanitizer report is fatal.
set(LAZYC_SANITIZE "" CACHE STRING
    "Sanitizers to build with, as -fsanitize= takes them (e.g. address,undefined)")
set(LAZYC_SANITIZE_FLAGS "")
if(LAZYC_SANITIZE)
  set(LAZYC_SANITIZE_FLAGS -fsanitize=${LAZYC_SANITIZE})
  add_compile_options(${LAZYC_SANITIZE_FLAGS} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(${LAZYC_SANITIZE_FLAGS})
endif()
