#pragma once
// Natural logarithm and exponential that give the same bits on every IEEE-754 machine.
//
// Why not std::log and std::exp: the C library's versions are not correctly rounded, differ between libraries
// and versions, and x86-64 glibc picks an FMA variant at run time when the CPU has FMA, so the same binary can
// return a different last bit on another machine. A simulation that must replay exactly cannot depend on that.
//
// These are Sun's fdlibm 5.3 algorithms (e_log.c, e_exp.c): the same reductions, polynomial coefficients and
// special-case handling, written with IEEE-754 +, -, *, / and bit manipulation only. Each step is a correctly
// rounded basic operation, and the build uses -ffp-contract=off, so no FMA is ever fused in: the result depends
// on the input alone. Accuracy is fdlibm's documented bound, an error below 1 ulp; against glibc's nearly
// correctly rounded versions they agree exactly for the vast majority of inputs and differ by at most 1 ulp.
//
// Special values follow C: log(+-0) = -inf, log(x < 0) = NaN, log(+inf) = +inf; exp(+inf) = +inf,
// exp(-inf) = +0, exp overflows to +inf above 709.78 and underflows through the subnormals to +0 below -745.13;
// NaN gives NaN. Floating-point exception flags are not a contract here.

namespace chaintwin::sim::portable {

double log(double x);
double exp(double x);

}  // namespace chaintwin::sim::portable
