#pragma once
// Natural logarithm, exponential and the trigonometric functions that give the same bits on every IEEE-754 machine.
//
// Why not std::log and std::exp: the C library's versions are not correctly rounded, differ between libraries
// and versions, and x86-64 glibc picks an FMA variant at run time when the CPU has FMA, so the same binary can
// return a different last bit on another machine. A simulation that must replay exactly cannot depend on that.
//
// These are Sun's fdlibm 5.3 algorithms (e_log.c, e_exp.c; s_sin.c, s_cos.c, k_sin.c, k_cos.c and the
// Cody-Waite part of e_rem_pio2.c; e_asin.c, s_atan.c, e_atan2.c): the same reductions, polynomial coefficients and
// special-case handling, written with IEEE-754 +, -, *, / and bit manipulation only. Each step is a correctly
// rounded basic operation, and the build uses -ffp-contract=off, so no FMA is ever fused in: the result depends
// on the input alone. Accuracy is fdlibm's documented bound, an error below 1 ulp; against glibc's nearly
// correctly rounded versions they agree exactly for the vast majority of inputs and differ by at most 1 ulp.
//
// Special values follow C: log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf; exp(+inf) = +inf,
// exp(-inf) = +0, exp overflows to +inf above 709.78 and underflows through the subnormals to +0 below -745.13;
// NaN gives NaN. Floating-point exception flags are not a contract here.
//
// sin and cos reduce x by multiples of pi/2 with fdlibm's three-step Cody-Waite reduction (pi/2 split into 33-bit
// pieces) for |x| up to about 2^20 pi/2 = 1.6e6 (kTrigMaxArgument). Beyond that fdlibm switches to Payne-Hanek
// reduction with a 1584-bit table of 2/pi, which is not ported: no model needs angles of a million radians, so
// there sin and cos return NaN rather than a silently inaccurate value. sin(+-inf) = cos(+-inf) = NaN, sin(+-0) = +-0.
// asin(x) for |x| > 1 is NaN; asin(+-1) = +-pi/2. atan(+-inf) = +-pi/2. atan2 follows C's special cases
// (atan2(+-0, -0) = +-pi, atan2(+-inf, +-inf) = +-pi/4 or +-3pi/4, and so on).

namespace chaintwin::sim::portable {

double log(double x);
double exp(double x);

// The largest |x| that sin and cos reduce (fdlibm's medium range, high word 0x413921fb); NaN above.
inline constexpr double kTrigMaxArgument = 0x1.921fbffffffffp+20;

double sin(double x);
double cos(double x);
double asin(double x);
double atan(double x);
double atan2(double y, double x);

}  // namespace chaintwin::sim::portable
