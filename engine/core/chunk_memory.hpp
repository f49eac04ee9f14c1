// Memory for the trace's append-only chunks. A long run writes tens of megabytes of fresh memory, and on
// a virtual machine each 4 KiB page fault costs microseconds (a sixth of the PBFT benchmark's time was
// page faults). Natively on Linux, every chunk after a container's first is 2 MiB aligned and asks for
// transparent huge pages, so one fault maps 2 MiB; a first chunk stays on 4 KiB pages, so the many small
// traces of tests and lessons do not each zero five huge pages. Elsewhere (the web build) chunks are
// plain allocations. Memory is never initialised here: pages are touched by the writes.
#pragma once
#include <cstddef>
#include <memory>

namespace coordlab {

// Bytes per chunk: one huge page natively, 1 MiB in the web build (whose memory grows in whole chunks).
#if defined(__EMSCRIPTEN__)
inline constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
#else
inline constexpr std::size_t kChunkBytes = std::size_t{2} << 20;
#endif

struct ChunkRelease {
  void operator()(std::byte* chunk) const;
};
using ChunkPointer = std::unique_ptr<std::byte[], ChunkRelease>;

// kChunkBytes of uninitialised memory, aligned for any type (max_align_t); on huge pages if `huge` and
// the platform has them.
ChunkPointer allocate_chunk(bool huge);

}  // namespace coordlab
