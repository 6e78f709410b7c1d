#include "hrstyle/Memory.h"

#include <cstdlib>  // defines __GLIBC__ on glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace hrstyle {

void configureAllocator() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_MAX, 0);        // large blocks from the heap: reused by the next step without page faults
    mallopt(M_TRIM_THRESHOLD, -1);  // as size_t: never on free(); releaseFreeMemory() trims between runs
    mallopt(M_ARENA_MAX, 1);       // the GUI trains on a worker thread; other arenas would mmap large blocks
#endif
}

void releaseFreeMemory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace hrstyle
