// An append-only sequence stored in fixed-size chunks: appending never moves existing elements (no
// doubling copies, no 2x peak memory), which matters for traces of millions of events. Chunks come from
// chunk_memory (huge pages natively).
#pragma once
#include <cstddef>
#include <cstring>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/assert.hpp"
#include "core/chunk_memory.hpp"

namespace coordlab {

// The chunk list and element count both containers keep. Moving leaves the source empty (a count with
// no chunks behind it would index out of bounds).
class ChunkStorage {
 public:
  ChunkStorage() = default;
  ChunkStorage(ChunkStorage&& other) noexcept : chunks_(std::move(other.chunks_)), size_(std::exchange(other.size_, 0)) {}
  ChunkStorage& operator=(ChunkStorage&& other) noexcept {
    chunks_ = std::move(other.chunks_);
    size_ = std::exchange(other.size_, 0);
    return *this;
  }

  std::size_t size() const { return size_; }

 protected:
  // Appends a chunk; every chunk after the first may use huge pages (see chunk_memory.hpp).
  void add_chunk() { chunks_.push_back(allocate_chunk(!chunks_.empty())); }

  std::vector<ChunkPointer> chunks_;  // every chunk but the last is full
  std::size_t size_ = 0;
};

template <typename T>
class ChunkedVector : public ChunkStorage {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "elements live in raw chunk memory");
  static_assert(alignof(T) <= alignof(std::max_align_t) && sizeof(T) <= kChunkBytes, "chunks are max_align_t-aligned blocks");

 public:
  static constexpr std::size_t kChunkSize = kChunkBytes / sizeof(T);  // elements per chunk

  bool empty() const { return size_ == 0; }
  void push_back(const T& value) {
    if (size_ == chunks_.size() * kChunkSize) add_chunk();
    new (slot(size_)) T(value);
    ++size_;
  }
  const T& operator[](std::size_t index) const { return *std::launder(reinterpret_cast<const T*>(slot(index))); }
  T& operator[](std::size_t index) { return *std::launder(reinterpret_cast<T*>(slot(index))); }
  const T& back() const {
    ENGINE_ASSERT(size_ > 0);
    return (*this)[size_ - 1];
  }
  // Shrinks to `count` elements, releasing whole chunks that are no longer needed.
  void truncate(std::size_t count) {
    ENGINE_ASSERT(count <= size_);
    size_ = count;
    chunks_.resize((count + kChunkSize - 1) / kChunkSize);
  }
  void clear() { truncate(0); }
  std::size_t memory_bytes() const { return chunks_.size() * kChunkBytes + chunks_.capacity() * sizeof(void*); }

  // Index of the first element greater than `value` (elements must be sorted).
  std::size_t upper_bound(const T& value) const {
    std::size_t low = 0, high = size_;
    while (low < high) {
      std::size_t middle = low + (high - low) / 2;
      if (value < (*this)[middle]) high = middle;
      else low = middle + 1;
    }
    return low;
  }

 private:
  std::byte* slot(std::size_t index) const { return chunks_[index / kChunkSize].get() + (index % kChunkSize) * sizeof(T); }
};

// Append-only bytes in chunks; each appended piece stays inside one chunk, so it can be viewed as one
// string_view. Offsets are global, so a piece is named by (offset, size).
class ByteArena : public ChunkStorage {
 public:
  // Appends `bytes` (at most kChunkBytes) and returns its offset.
  std::size_t append(std::string_view bytes) {
    ENGINE_ASSERT(bytes.size() <= kChunkBytes);
    std::size_t room = chunks_.size() * kChunkBytes - size_;
    if (bytes.size() > room) {
      size_ = chunks_.size() * kChunkBytes;  // skip the tail of the current chunk
      add_chunk();
    }
    const std::size_t offset = size_;
    if (!bytes.empty()) std::memcpy(chunks_[offset / kChunkBytes].get() + offset % kChunkBytes, bytes.data(), bytes.size());
    size_ += bytes.size();
    return offset;
  }
  std::string_view view(std::size_t offset, std::size_t count) const {
    if (count == 0) return {};
    ENGINE_ASSERT(offset + count <= size_);
    return std::string_view(reinterpret_cast<const char*>(chunks_[offset / kChunkBytes].get() + offset % kChunkBytes), count);
  }
  void truncate(std::size_t offset) {
    ENGINE_ASSERT(offset <= size_);
    size_ = offset;
    chunks_.resize((offset + kChunkBytes - 1) / kChunkBytes);
  }
  std::size_t memory_bytes() const { return chunks_.size() * kChunkBytes; }
};

}  // namespace coordlab
