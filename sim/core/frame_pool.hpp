#pragma once
// Recycles coroutine frames. A model starts a process per truck, order or pallet, so frames are allocated and
// freed at event rate; a per-thread free list per size class turns each into a few instructions instead of a
// malloc/free pair. Frames above kMaxPooled bytes, and every frame in sanitizer builds (so that AddressSanitizer
// still sees use-after-free), go to the global allocator.
//
// Memory is kept per thread for reuse until the thread ends; a simulation runs on one thread, so its frames come
// back to the list they came from.

#include <cstddef>

namespace chaintwin::sim::frame_pool {

inline constexpr std::size_t kGranule = 32;
inline constexpr std::size_t kMaxPooled = 2048;

void* allocate(std::size_t bytes);
void deallocate(void* frame, std::size_t bytes) noexcept;

}  // namespace chaintwin::sim::frame_pool
