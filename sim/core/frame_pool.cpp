#include "sim/core/frame_pool.hpp"

#include <array>
#include <new>

namespace chaintwin::sim::frame_pool {

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPooling = false;
#else
constexpr bool kPooling = true;
#endif

struct FreeBlock {
  FreeBlock* next;
};

class ThreadLists {
 public:
  ThreadLists() = default;
  ThreadLists(const ThreadLists&) = delete;
  ThreadLists& operator=(const ThreadLists&) = delete;
  ~ThreadLists() {
    for (FreeBlock* head : heads_) {
      while (head != nullptr) {
        FreeBlock* next = head->next;
        ::operator delete(static_cast<void*>(head));
        head = next;
      }
    }
  }
  FreeBlock*& head(std::size_t size_class) { return heads_[size_class]; }

 private:
  std::array<FreeBlock*, kMaxPooled / kGranule> heads_{};
};

thread_local ThreadLists lists;

constexpr std::size_t size_class(std::size_t bytes) { return (bytes - 1) / kGranule; }

}  // namespace

void* allocate(std::size_t bytes) {
  if (!kPooling || bytes == 0 || bytes > kMaxPooled) return ::operator new(bytes);
  const std::size_t c = size_class(bytes);
  FreeBlock*& head = lists.head(c);
  if (head != nullptr) {
    FreeBlock* block = head;
    head = block->next;
    return block;
  }
  return ::operator new((c + 1) * kGranule);
}

void deallocate(void* frame, std::size_t bytes) noexcept {
  if (!kPooling || bytes == 0 || bytes > kMaxPooled) {
    ::operator delete(frame);
    return;
  }
  FreeBlock*& head = lists.head(size_class(bytes));
  head = ::new (frame) FreeBlock{head};
}

}  // namespace chaintwin::sim::frame_pool
