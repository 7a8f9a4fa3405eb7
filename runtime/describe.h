/* describe - telling valgrind's memcheck which cells are nodes.
 *
 * Blocks are mapped whole, so without help valgrind sees every cell as
 * addressable.  Free cells are described as inaccessible and a cell as
 * undefined when it becomes a node, so that a node used after the collector
 * freed it is an invalid access, as with malloc and free.  Without the
 * valgrind headers these do nothing.
 */
#ifndef LAZYC_DESCRIBE_H
#define LAZYC_DESCRIBE_H

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define LAZYC_HAVE_VALGRIND 1
#endif
#endif

#include <stdlib.h>
#include <string.h>

/* Memcheck, not another valgrind tool (callgrind, massif...), which would
 * only be slowed down and misled by one-cell allocation runs. */
static inline int describe_running_on_memcheck(void) {
#ifdef LAZYC_HAVE_VALGRIND
  const char *preload = getenv("LD_PRELOAD");
  return RUNNING_ON_VALGRIND != 0 && preload &&
         strstr(preload, "vgpreload_memcheck") != NULL;
#else
  return 0;
#endif
}

#ifdef LAZYC_HAVE_VALGRIND
#define describe_free(address, bytes) VALGRIND_MAKE_MEM_NOACCESS(address, bytes)
#define describe_allocated(address, bytes)                                    \
  VALGRIND_MAKE_MEM_UNDEFINED(address, bytes)
#else
#define describe_free(address, bytes) ((void)(address), (void)(bytes))
#define describe_allocated(address, bytes) ((void)(address), (void)(bytes))
#endif

#endif
