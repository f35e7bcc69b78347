#include "generators/formats/sha256.hpp"

#include <gtest/gtest.h>

namespace chaintwin::formats {
namespace {

std::string hex(const Sha256Digest& d) {
  std::string out;
  append_hex(out, d);
  return out;
}

// FIPS 180-4 / NIST CAVP examples.
TEST(Sha256, NistVectors) {
  EXPECT_EQ(hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(hex(sha256("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                       "mnopqrstnopqrstu")),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256, OneMillionAInUnevenChunks) {
  Sha256 hasher;
  const std::string chunk(997, 'a');
  std::size_t total = 0;
  while (total + chunk.size() <= 1'000'000) {
    hasher.update(chunk);
    total += chunk.size();
  }
  hasher.update(std::string(1'000'000 - total, 'a'));
  EXPECT_EQ(hex(hasher.finish()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PaddingBoundaries) {
  // 55, 56 and 64 bytes straddle the length field; compare incremental and one-shot hashing.
  for (std::size_t n : {55u, 56u, 63u, 64u, 65u, 119u, 120u}) {
    const std::string text(n, 'x');
    Sha256 split;
    split.update(text.substr(0, n / 3));
    split.update(text.substr(n / 3));
    EXPECT_EQ(hex(split.finish()), hex(sha256(text))) << n;
  }
  EXPECT_EQ(hex(sha256(std::string(64, 'a'))), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

}  // namespace
}  // namespace chaintwin::formats
