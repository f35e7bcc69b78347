#pragma once
// Action: a move-only `void()` callable with inline storage, the payload of a scheduled event.
//
// std::function would do, but it demands copyable callables (a coroutine resumer or a lambda owning a unique_ptr
// are not) and stores only 16 bytes inline in libstdc++. Here any callable up to kInlineSize bytes (a captured
// `this` plus five words) with at most 8-byte alignment lives inside the event slot; others go to the heap, which
// the engine's hot paths never need. 56 bytes in all, so that an event slot (this plus its 8-byte tag) is exactly
// one cache line.

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace chaintwin::sim {

class Action {
 public:
  static constexpr std::size_t kInlineSize = 48;

  Action() = default;
  Action(std::nullptr_t) {}  // NOLINT(google-explicit-constructor): lets `action = nullptr` reset

  template <class F>
  requires(!std::is_same_v<std::decay_t<F>, Action> && std::is_invocable_r_v<void, std::decay_t<F>&>)
      Action(F&& f) {  // NOLINT(google-explicit-constructor): scheduling a lambda should read naturally
    construct(std::forward<F>(f));
  }

  Action(Action&& other) noexcept : ops_(other.ops_) {
    if (ops_ != nullptr) {
      ops_->move(other.storage_, storage_);
      other.ops_ = nullptr;
    }
  }
  Action& operator=(Action&& other) noexcept {
    if (this != &other) {
      reset();
      ops_ = other.ops_;
      if (ops_ != nullptr) {
        ops_->move(other.storage_, storage_);
        other.ops_ = nullptr;
      }
    }
    return *this;
  }
  Action(const Action&) = delete;
  Action& operator=(const Action&) = delete;
  ~Action() { reset(); }

  // Replaces the held callable without a temporary Action: what the engine uses to fill an event slot.
  template <class F>
  void emplace(F&& f) {
    if constexpr (std::is_same_v<std::decay_t<F>, Action>) {
      *this = std::forward<F>(f);
    } else {
      reset();
      construct(std::forward<F>(f));
    }
  }

  void operator()() { ops_->invoke(storage_); }
  explicit operator bool() const { return ops_ != nullptr; }
  void reset() {
    if (ops_ != nullptr) {
      if (ops_->destroy != nullptr) ops_->destroy(storage_);
      ops_ = nullptr;
    }
  }

 private:
  struct Ops {
    void (*invoke)(void*);
    void (*move)(void* from, void* to) noexcept;  // move-constructs into `to` and destroys `from`
    void (*destroy)(void*) noexcept;  // null when there is nothing to destroy (trivially destructible callables)
  };

  template <class F>
  void construct(F&& f) {
    using Fn = std::decay_t<F>;
    if constexpr (fits_inline<Fn>()) {
      ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
      ops_ = &inline_ops<Fn>;
    } else {
      ::new (static_cast<void*>(storage_)) Fn*(new Fn(std::forward<F>(f)));
      ops_ = &heap_ops<Fn>;
    }
  }

  template <class Fn>
  static constexpr bool fits_inline() {
    return sizeof(Fn) <= kInlineSize && alignof(Fn) <= kInlineAlign && std::is_nothrow_move_constructible_v<Fn>;
  }

  template <class Fn>
  static constexpr Ops inline_ops = {
      [](void* p) { (*std::launder(static_cast<Fn*>(p)))(); },
      [](void* from, void* to) noexcept {
        Fn* f = std::launder(static_cast<Fn*>(from));
        ::new (to) Fn(std::move(*f));
        f->~Fn();
      },
      std::is_trivially_destructible_v<Fn> ? nullptr
                                           : +[](void* p) noexcept { std::launder(static_cast<Fn*>(p))->~Fn(); },
  };
  template <class Fn>
  static constexpr Ops heap_ops = {
      [](void* p) { (**std::launder(static_cast<Fn**>(p)))(); },
      [](void* from, void* to) noexcept { ::new (to) Fn*(*std::launder(static_cast<Fn**>(from))); },
      [](void* p) noexcept { delete *std::launder(static_cast<Fn**>(p)); },
  };

  static constexpr std::size_t kInlineAlign = alignof(void*);

  const Ops* ops_ = nullptr;
  alignas(kInlineAlign) unsigned char storage_[kInlineSize];
};

static_assert(sizeof(Action) == 56);

}  // namespace chaintwin::sim
