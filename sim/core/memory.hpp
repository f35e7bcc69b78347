#pragma once
// Memory hints for the big, randomly accessed arrays of large models.

#include <cstddef>
#include <vector>

namespace chaintwin::sim {

// Asks the operating system to back [data, data + bytes) with transparent huge pages (2 MiB on x86-64), where it
// allows them on request (Linux's "madvise" mode, the common default). A national world reads per-SKU-location state
// at random across a hundred megabytes: with 4 KiB pages nearly every such read also misses the TLB, with huge
// pages almost none does, and a column the ledger appends to takes one page fault per 2 MiB instead of per 4 KiB.
// Only whole huge pages inside the range are advised; elsewhere, or where unsupported, it does nothing.
void advise_huge_pages(const void* data, std::size_t bytes);

// Reserves room for n elements in an empty vector and advises huge pages for it before anything is written, so
// the pages are huge from their first touch. The vector must not reallocate afterwards for the advice to hold.
template <class T, class A>
void reserve_huge(std::vector<T, A>& v, std::size_t n) {
  v.reserve(n);
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace chaintwin::sim
