#include "core/chunk_memory.hpp"

#include <cstdlib>
#include <new>

#include "core/assert.hpp"

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#define COORDLAB_HUGE_PAGES 1
#endif

namespace coordlab {

void ChunkRelease::operator()(std::byte* chunk) const { std::free(chunk); }

ChunkPointer allocate_chunk(bool huge) {
  void* memory = nullptr;
#if defined(COORDLAB_HUGE_PAGES)
  if (huge) {
    const int status = posix_memalign(&memory, kChunkBytes, kChunkBytes);
    ENGINE_ASSERT_MSG(status == 0, "out of memory for a trace chunk");
    // Advice only: without transparent huge pages the chunk still works, with 4 KiB pages.
    (void)madvise(memory, kChunkBytes, MADV_HUGEPAGE);
    return ChunkPointer(static_cast<std::byte*>(memory));
  }
#else
  (void)huge;
#endif
  memory = std::malloc(kChunkBytes);
  ENGINE_ASSERT_MSG(memory != nullptr, "out of memory for a trace chunk");
  return ChunkPointer(static_cast<std::byte*>(memory));
}

}  // namespace coordlab
