#include "sim/core/portable_math.hpp"

#include <bit>
#include <cstdint>
#include <limits>

// A line-by-line port of fdlibm 5.3's e_log.c and e_exp.c, which carry these notices:
//
//   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//   Developed at SunSoft, a Sun Microsystems, Inc. business.
//   Permission to use, copy, modify, and distribute this software is freely granted, provided that this notice
//   is preserved.
//
//   Copyright (C) 2004 by Sun Microsystems, Inc. All rights reserved.
//   Permission to use, copy, modify, and distribute this software is freely granted, provided that this notice
//   is preserved.
//
// fdlibm works on the high and low 32-bit words of a double, and so does this port, so that each branch can be
// checked against the original. The constants are hexadecimal floats with exactly the bit patterns fdlibm gives
// in its comments.

namespace chaintwin::sim::portable {

namespace {

std::int32_t high_word(double x) { return static_cast<std::int32_t>(std::bit_cast<std::uint64_t>(x) >> 32); }

std::uint32_t low_word(double x) { return static_cast<std::uint32_t>(std::bit_cast<std::uint64_t>(x)); }

double with_high_word(double x, std::int32_t high) {
  return std::bit_cast<double>((std::uint64_t{static_cast<std::uint32_t>(high)} << 32) | low_word(x));
}

// x * 2^k by adding k to the exponent field: exact, for x and the result both normal.
double add_to_exponent(double x, int k) {
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) + (static_cast<std::uint64_t>(k) << 52));
}

constexpr double kLn2Hi = 0x1.62e42feep-1;        // ln 2 to 32 bits: k * kLn2Hi is exact for |k| < 2000
constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;  // ln 2 - kLn2Hi

}  // namespace

// e_log.c: x = 2^k (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2); with s = f / (2 + f),
// log(1 + f) = 2s + s R(s^2), R a degree-14 minimax polynomial in s (error below 2^-58.45), and
// log(x) = k ln2_hi + (f - (f^2/2 - (s (f^2/2 + R) + k ln2_lo))).
double log(double x) {
  constexpr double kTwo54 = 0x1p54;
  constexpr double kLg1 = 0x1.5555555555593p-1;
  constexpr double kLg2 = 0x1.999999997fa04p-2;
  constexpr double kLg3 = 0x1.2492494229359p-2;
  constexpr double kLg4 = 0x1.c71c51d8e78afp-3;
  constexpr double kLg5 = 0x1.7466496cb03dep-3;
  constexpr double kLg6 = 0x1.39a09d078c69fp-3;
  constexpr double kLg7 = 0x1.2f112df3e5244p-3;

  std::int32_t hx = high_word(x);
  const std::uint32_t lx = low_word(x);
  int k = 0;
  if (hx < 0x00100000) {  // x < 2^-1022, including the negatives
    if (((static_cast<std::uint32_t>(hx) & 0x7fffffff) | lx) == 0) return -std::numeric_limits<double>::infinity();
    if (hx < 0) return std::numeric_limits<double>::quiet_NaN();
    k -= 54;  // subnormal: scale into the normal range
    x *= kTwo54;
    hx = high_word(x);
  }
  if (hx >= 0x7ff00000) return x + x;  // +inf, or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const std::int32_t i = (hx + 0x95f64) & 0x100000;
  x = with_high_word(x, hx | (i ^ 0x3ff00000));  // normalizes x or x / 2 into [sqrt(2)/2, sqrt(2))
  k += i >> 20;
  const double f = x - 1.0;
  const double dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {  // -2^-20 <= f < 2^-20
    if (f == 0.0) return k == 0 ? 0.0 : dk * kLn2Hi + dk * kLn2Lo;
    const double r = f * f * (0.5 - 0x1.5555555555555p-2 * f);
    if (k == 0) return f - r;
    return dk * kLn2Hi - ((r - dk * kLn2Lo) - f);
  }
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  const double r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {  // f far from 0: the f^2/2 form is the more accurate
    const double hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + r));
    return dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
  }
  if (k == 0) return f - s * (f - r);
  return dk * kLn2Hi - ((s * (f - r) - dk * kLn2Lo) - f);
}

// e_exp.c: x = k ln2 + r with |r| <= ln2 / 2, r held as hi - lo; exp(r) = 1 + r + r c / (2 - c) with
// c = r - r^2 P(r^2), P a degree-5 minimax polynomial (error below 2^-59); exp(x) = 2^k exp(r).
double exp(double x) {
  constexpr double kOverflow = 0x1.62e42fefa39efp+9;    // 709.78: above, exp(x) overflows
  constexpr double kUnderflow = -0x1.74910d52d3051p+9;  // -745.13: below, exp(x) rounds to 0
  constexpr double kInvLn2 = 0x1.71547652b82fep+0;
  constexpr double kP1 = 0x1.555555555553ep-3;
  constexpr double kP2 = -0x1.6c16c16bebd93p-9;
  constexpr double kP3 = 0x1.1566aaf25de2cp-14;
  constexpr double kP4 = -0x1.bbd41c5d26bf1p-20;
  constexpr double kP5 = 0x1.6376972bea4d0p-25;
  constexpr double kTwoM1000 = 0x1p-1000;

  std::uint32_t hx = static_cast<std::uint32_t>(high_word(x));
  const bool negative = (hx >> 31) != 0;
  hx &= 0x7fffffff;  // high word of |x|

  if (hx >= 0x40862E42) {  // |x| >= 709.78, or not finite
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | low_word(x)) != 0) return x + x;  // NaN
      return negative ? 0.0 : x;                              // exp(-inf) = 0, exp(+inf) = +inf
    }
    if (x > kOverflow) return std::numeric_limits<double>::infinity();
    if (x < kUnderflow) return 0.0;
  }

  double hi = 0.0;
  double lo = 0.0;
  int k = 0;
  if (hx > 0x3fd62e42) {    // |x| > ln2 / 2
    if (hx < 0x3FF0A2B2) {  // and |x| < 1.5 ln2: k = +-1
      hi = negative ? x + kLn2Hi : x - kLn2Hi;
      lo = negative ? -kLn2Lo : kLn2Lo;
      k = negative ? -1 : 1;
    } else {
      k = static_cast<int>(kInvLn2 * x + (negative ? -0.5 : 0.5));
      const double t = k;
      hi = x - t * kLn2Hi;  // exact
      lo = t * kLn2Lo;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {  // |x| < 2^-28: 1 + x is exp(x) correctly rounded
    return 1.0 + x;
  }

  const double t = x * x;
  const double c = x - t * (kP1 + t * (kP2 + t * (kP3 + t * (kP4 + t * kP5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) return add_to_exponent(y, k);
  return add_to_exponent(y, k + 1000) * kTwoM1000;  // a subnormal result: one rounding, in this multiplication
}

}  // namespace chaintwin::sim::portable
