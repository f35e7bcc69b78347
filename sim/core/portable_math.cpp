#include "sim/core/portable_math.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

// A line-by-line port of fdlibm 5.3's e_log.c, e_exp.c, s_sin.c, s_cos.c, k_sin.c, k_cos.c, e_rem_pio2.c (its
// Cody-Waite part), e_asin.c, s_atan.c and e_atan2.c, which carry these notices:
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

double with_low_word_zero(double x) {
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(x) & 0xffffffff00000000);
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

namespace {

constexpr double kPio2Hi = 0x1.921fb54442d18p+0;   // pi/2 rounded to double
constexpr double kPio2Lo = 0x1.1a62633145c07p-54;  // pi/2 - kPio2Hi
constexpr double kPio4Hi = 0x1.921fb54442d18p-1;

// k_sin.c: sin(x + y) on [-pi/4, pi/4], y the tail of x (y_is_zero when it is 0). sin(x) ~ x + S1 x^3 + ... + S6 x^13
// (error below 2^-58), and sin(x + y) ~ sin(x) + (1 - x^2/2) y.
double kernel_sin(double x, double y, bool y_is_zero) {
  constexpr double kS1 = -0x1.5555555555549p-3;
  constexpr double kS2 = 0x1.111111110f8a6p-7;
  constexpr double kS3 = -0x1.a01a019c161d5p-13;
  constexpr double kS4 = 0x1.71de357b1fe7dp-19;
  constexpr double kS5 = -0x1.ae5e68a2b9cebp-26;
  constexpr double kS6 = 0x1.5d93a5acfd57cp-33;
  if ((high_word(x) & 0x7fffffff) < 0x3e400000) return x;  // |x| < 2^-27: sin(x) rounds to x
  const double z = x * x;
  const double v = z * x;
  const double r = kS2 + z * (kS3 + z * (kS4 + z * (kS5 + z * kS6)));
  if (y_is_zero) return x + v * (kS1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * kS1);
}

// k_cos.c: cos(x + y) on [-pi/4, pi/4]. cos(x) ~ 1 - x^2/2 + C1 x^4 + ... + C6 x^14 (error below 2^-58); for
// |x| >= 0.3 an exact qx near x^2/2 is taken out first so that the final subtraction loses nothing.
double kernel_cos(double x, double y) {
  constexpr double kC1 = 0x1.555555555554cp-5;
  constexpr double kC2 = -0x1.6c16c16c15177p-10;
  constexpr double kC3 = 0x1.a01a019cb1590p-16;
  constexpr double kC4 = -0x1.27e4f809c52adp-22;
  constexpr double kC5 = 0x1.1ee9ebdb4b1c4p-29;
  constexpr double kC6 = -0x1.8fae9be8838d4p-37;
  const std::int32_t ix = high_word(x) & 0x7fffffff;
  if (ix < 0x3e400000) return 1.0;  // |x| < 2^-27
  const double z = x * x;
  const double r = z * (kC1 + z * (kC2 + z * (kC3 + z * (kC4 + z * (kC5 + z * kC6)))));
  if (ix < 0x3fd33333) return 1.0 - (0.5 * z - (z * r - x * y));  // |x| < 0.3
  // fdlibm sets qx's high word to ix - 2^21 and its low word to 0: |x| / 4 with the low word cleared, exactly.
  const double qx = ix > 0x3fe90000 ? 0.28125 : 0.25 * with_low_word_zero(std::fabs(x));  // 0.28125 for |x| > 0.78125
  const double hz = 0.5 * z - qx;
  const double a = 1.0 - qx;
  return a - (hz - (z * r - x * y));
}

// x = n pi/2 + (y0 + y1) with |y0 + y1| <= pi/4, for |x| <= kTrigMaxArgument and finite: e_rem_pio2.c without its
// large-argument branch. pi/2 is split into three 33-bit pieces, each with a 53-bit tail; n * piece is exact for
// n < 2^20, and a second and third step are taken only when cancellation has eaten the bits of the first.
struct Reduced {
  int n;
  double y0;
  double y1;
};

Reduced rem_pio2(double x) {
  constexpr double kInvPio2 = 0x1.45f306dc9c883p-1;
  constexpr double kPio2_1 = 0x1.921fb54400000p+0;
  constexpr double kPio2_1t = 0x1.0b4611a626331p-34;
  constexpr double kPio2_2 = 0x1.0b4611a600000p-34;
  constexpr double kPio2_2t = 0x1.3198a2e037073p-69;
  constexpr double kPio2_3 = 0x1.3198a2e000000p-69;
  constexpr double kPio2_3t = 0x1.b839a252049c1p-104;
  // High words of n pi/2 for n = 1..32: an argument this close to a multiple of pi/2 needs the careful path.
  constexpr std::array<std::int32_t, 32> kNpio2HighWords = {
      0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C, 0x4025FDBB, 0x402921FB,
      0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C, 0x40346B9C, 0x4035FDBB, 0x40378FDB, 0x403921FB,
      0x403AB41B, 0x403C463A, 0x403DD85A, 0x403F6A7A, 0x40407E4C, 0x4041475C, 0x4042106C, 0x4042D97C,
      0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB, 0x4046C6CB, 0x40478FDB, 0x404858EB, 0x404921FB};

  const std::int32_t hx = high_word(x);
  const std::int32_t ix = hx & 0x7fffffff;
  if (ix < 0x4002d97c) {  // |x| < 3pi/4: n = +-1
    const double sign = hx > 0 ? 1.0 : -1.0;
    double z = x - sign * kPio2_1;
    double tail = kPio2_1t;
    if (ix == 0x3ff921fb) {  // near pi/2: 33 + 33 + 53 bits of pi/2
      z -= sign * kPio2_2;
      tail = kPio2_2t;
    }
    const double y0 = z - sign * tail;
    return {hx > 0 ? 1 : -1, y0, (z - y0) - sign * tail};
  }
  const double t = std::fabs(x);
  const int n = static_cast<int>(t * kInvPio2 + 0.5);
  const double fn = n;
  double r = t - fn * kPio2_1;
  double w = fn * kPio2_1t;  // first step: good to 85 bits
  double y0 = r - w;
  if (n >= 32 || ix == kNpio2HighWords[static_cast<std::size_t>(n - 1)]) {
    const std::int32_t j = ix >> 20;
    if (j - ((high_word(y0) >> 20) & 0x7ff) > 16) {  // second step: good to 118 bits
      double u = r;
      w = fn * kPio2_2;
      r = u - w;
      w = fn * kPio2_2t - ((u - r) - w);
      y0 = r - w;
      if (j - ((high_word(y0) >> 20) & 0x7ff) > 49) {  // third step: 151 bits, covers every case
        u = r;
        w = fn * kPio2_3;
        r = u - w;
        w = fn * kPio2_3t - ((u - r) - w);
        y0 = r - w;
      }
    }
  }
  const double y1 = (r - y0) - w;
  if (hx < 0) return {-n, -y0, -y1};
  return {n, y0, y1};
}

// s_atan.c's reduction points atan(0.5), atan(1), atan(1.5), atan(inf), each as hi + lo.
constexpr std::array<double, 4> kAtanHi = {0x1.dac670561bb4fp-2, 0x1.921fb54442d18p-1, 0x1.f730bd281f69bp-1,
                                           0x1.921fb54442d18p+0};
constexpr std::array<double, 4> kAtanLo = {0x1.a2b7f222f65e2p-56, 0x1.1a62633145c07p-55, 0x1.007887af0cbbdp-56,
                                           0x1.1a62633145c07p-54};

}  // namespace

// s_sin.c: reduce to [-pi/4, pi/4] and pick the kernel and sign by n mod 4.
double sin(double x) {
  const std::int32_t ix = high_word(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernel_sin(x, 0.0, true);                 // |x| <= pi/4
  if (ix >= 0x7ff00000) return x - x;                                    // inf or NaN: NaN
  if (ix > 0x413921fb) return std::numeric_limits<double>::quiet_NaN();  // beyond kTrigMaxArgument
  const Reduced r = rem_pio2(x);
  switch (r.n & 3) {
    case 0:
      return kernel_sin(r.y0, r.y1, false);
    case 1:
      return kernel_cos(r.y0, r.y1);
    case 2:
      return -kernel_sin(r.y0, r.y1, false);
    default:
      return -kernel_cos(r.y0, r.y1);
  }
}

// s_cos.c.
double cos(double x) {
  const std::int32_t ix = high_word(x) & 0x7fffffff;
  if (ix <= 0x3fe921fb) return kernel_cos(x, 0.0);
  if (ix >= 0x7ff00000) return x - x;
  if (ix > 0x413921fb) return std::numeric_limits<double>::quiet_NaN();
  const Reduced r = rem_pio2(x);
  switch (r.n & 3) {
    case 0:
      return kernel_cos(r.y0, r.y1);
    case 1:
      return -kernel_sin(r.y0, r.y1, false);
    case 2:
      return -kernel_cos(r.y0, r.y1);
    default:
      return kernel_sin(r.y0, r.y1, false);
  }
}

// e_asin.c: on [0, 0.5], asin(x) = x + x^3 R(x^2) with R rational (error below 2^-58.75); on [0.5, 1],
// asin(x) = pi/2 - 2 asin(sqrt((1 - x) / 2)), with sqrt's head and tail split for x <= 0.975.
double asin(double x) {
  constexpr double kPS0 = 0x1.5555555555555p-3;
  constexpr double kPS1 = -0x1.4d61203eb6f7dp-2;
  constexpr double kPS2 = 0x1.9c1550e884455p-3;
  constexpr double kPS3 = -0x1.48228b5688f3bp-5;
  constexpr double kPS4 = 0x1.9efe07501b288p-11;
  constexpr double kPS5 = 0x1.23de10dfdf709p-15;
  constexpr double kQS1 = -0x1.33a271c8a2d4bp+1;
  constexpr double kQS2 = 0x1.02ae59c598ac8p+1;
  constexpr double kQS3 = -0x1.6066c1b8d0159p-1;
  constexpr double kQS4 = 0x1.3b8c5b12e9282p-4;
  const auto ratio = [&](double t) {
    const double p = t * (kPS0 + t * (kPS1 + t * (kPS2 + t * (kPS3 + t * (kPS4 + t * kPS5)))));
    const double q = 1.0 + t * (kQS1 + t * (kQS2 + t * (kQS3 + t * kQS4)));
    return p / q;
  };

  const std::int32_t hx = high_word(x);
  const std::int32_t ix = hx & 0x7fffffff;
  if (ix >= 0x3ff00000) {  // |x| >= 1, or not finite
    if (((ix - 0x3ff00000) | static_cast<std::int32_t>(low_word(x))) == 0) return x * kPio2Hi + x * kPio2Lo;
    return std::isnan(x) ? x + x : std::numeric_limits<double>::quiet_NaN();
  }
  if (ix < 0x3fe00000) {            // |x| < 0.5
    if (ix < 0x3e400000) return x;  // |x| < 2^-27
    return x + x * ratio(x * x);
  }
  const double t = (1.0 - std::fabs(x)) * 0.5;
  const double s = std::sqrt(t);
  double result = 0.0;
  if (ix >= 0x3FEF3333) {  // |x| > 0.975
    result = kPio2Hi - (2.0 * (s + s * ratio(t)) - kPio2Lo);
  } else {
    const double f = with_low_word_zero(s);  // s = f + c exactly enough: c = (t - f^2) / (s + f)
    const double c = (t - f * f) / (s + f);
    const double p = 2.0 * s * ratio(t) - (kPio2Lo - 2.0 * c);
    const double q = kPio4Hi - 2.0 * f;
    result = kPio4Hi - (p - q);
  }
  return hx > 0 ? result : -result;
}

// s_atan.c: atan(x) = atan(c) + atan((x - c) / (1 + x c)) for c in {0, 0.5, 1, 1.5, inf} by the range of |x|,
// then an odd polynomial of degree 23 on |t| < 7/16.
double atan(double x) {
  constexpr std::array<double, 11> kAT = {0x1.555555555550dp-2,  -0x1.999999998ebc4p-3, 0x1.24924920083ffp-3,
                                          -0x1.c71c6fe231671p-4, 0x1.745cdc54c206ep-4,  -0x1.3b0f2af749a6dp-4,
                                          0x1.10d66a0d03d51p-4,  -0x1.dde2d52defd9ap-5, 0x1.97b4b24760debp-5,
                                          -0x1.2b4442c6a6c2fp-5, 0x1.0ad3ae322da11p-6};

  const std::int32_t hx = high_word(x);
  const std::int32_t ix = hx & 0x7fffffff;
  int id = -1;
  if (ix >= 0x44100000) {  // |x| >= 2^66, or not finite
    if (std::isnan(x)) return x + x;
    return hx > 0 ? kAtanHi[3] + kAtanLo[3] : -kAtanHi[3] - kAtanLo[3];
  }
  if (ix < 0x3fdc0000) {            // |x| < 7/16
    if (ix < 0x3e200000) return x;  // |x| < 2^-29
  } else {
    x = std::fabs(x);
    if (ix < 0x3ff30000) {    // |x| < 19/16
      if (ix < 0x3fe60000) {  // 7/16 <= |x| < 11/16
        id = 0;
        x = (2.0 * x - 1.0) / (2.0 + x);
      } else {  // 11/16 <= |x| < 19/16
        id = 1;
        x = (x - 1.0) / (x + 1.0);
      }
    } else if (ix < 0x40038000) {  // 19/16 <= |x| < 39/16
      id = 2;
      x = (x - 1.5) / (1.0 + 1.5 * x);
    } else {  // 39/16 <= |x| < 2^66
      id = 3;
      x = -1.0 / x;
    }
  }
  const double z = x * x;
  const double w = z * z;
  // The sum of kAT[i] z^(i+1), split into odd and even terms.
  const double s1 = z * (kAT[0] + w * (kAT[2] + w * (kAT[4] + w * (kAT[6] + w * (kAT[8] + w * kAT[10])))));
  const double s2 = w * (kAT[1] + w * (kAT[3] + w * (kAT[5] + w * (kAT[7] + w * kAT[9]))));
  if (id < 0) return x - x * (s1 + s2);
  const auto k = static_cast<std::size_t>(id);
  const double result = kAtanHi[k] - ((x * (s1 + s2) - kAtanLo[k]) - x);
  return hx < 0 ? -result : result;
}

// e_atan2.c: the special cases of C, then atan(|y / x|) moved into the right quadrant with pi as hi + lo.
double atan2(double y, double x) {
  constexpr double kPi = 0x1.921fb54442d18p+1;
  constexpr double kPiLo = 0x1.1a62633145c07p-53;
  constexpr double kPio4 = 0x1.921fb54442d18p-1;

  if (std::isnan(x) || std::isnan(y)) return x + y;
  const std::int32_t hx = high_word(x);
  const std::int32_t ix = hx & 0x7fffffff;
  const std::uint32_t lx = low_word(x);
  const std::int32_t hy = high_word(y);
  const std::int32_t iy = hy & 0x7fffffff;
  const std::uint32_t ly = low_word(y);
  if (x == 1.0) return atan(y);
  const int m = ((hy >> 31) & 1) | ((hx >> 30) & 2);  // 2 sign(x) + sign(y)

  if ((static_cast<std::uint32_t>(iy) | ly) == 0) {  // y = +-0
    switch (m) {
      case 0:
      case 1:
        return y;  // atan2(+-0, +anything) = +-0
      case 2:
        return kPi;
      default:
        return -kPi;
    }
  }
  if ((static_cast<std::uint32_t>(ix) | lx) == 0) return hy < 0 ? -kPio2Hi : kPio2Hi;  // x = +-0
  if (ix == 0x7ff00000) {                                                              // x = +-inf
    if (iy == 0x7ff00000) {
      switch (m) {
        case 0:
          return kPio4;
        case 1:
          return -kPio4;
        case 2:
          return 3.0 * kPio4;
        default:
          return -3.0 * kPio4;
      }
    }
    switch (m) {
      case 0:
        return 0.0;
      case 1:
        return -0.0;
      case 2:
        return kPi;
      default:
        return -kPi;
    }
  }
  if (iy == 0x7ff00000) return hy < 0 ? -kPio2Hi : kPio2Hi;  // y = +-inf

  const std::int32_t k = (iy - ix) >> 20;
  double z = 0.0;
  if (k > 60) {
    z = kPio2Hi + 0.5 * kPiLo;  // |y / x| > 2^60
  } else if (hx < 0 && k < -60) {
    z = 0.0;  // |y| / x < -2^60
  } else {
    z = atan(std::fabs(y / x));
  }
  switch (m) {
    case 0:
      return z;
    case 1:
      return -z;
    case 2:
      return kPi - (z - kPiLo);
    default:
      return (z - kPiLo) - kPi;
  }
}

}  // namespace chaintwin::sim::portable
