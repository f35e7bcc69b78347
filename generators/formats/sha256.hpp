// SHA-256 (FIPS 180-4), for content-derived identifiers such as EPCIS eventIDs (ni:///sha-256;<hex>?ver=CBV2.0).
//
// Incremental: update() as often as needed, then finish(). No allocation; ~ a few hundred ns per 64-byte block.
// Not constant-time and not meant for secrets: it names messages, it does not protect them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace chaintwin::formats {

using Sha256Digest = std::array<std::uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // Pads and returns the digest; the object must not be updated afterwards.
  Sha256Digest finish();

 private:
  void compress(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_bytes_ = 0;
};

Sha256Digest sha256(std::string_view bytes);
// Appends the digest as 64 lower-case hex digits.
void append_hex(std::string& out, const Sha256Digest& digest);

}  // namespace chaintwin::formats
