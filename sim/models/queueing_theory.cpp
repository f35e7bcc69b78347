#include "sim/models/queueing_theory.hpp"

#include <stdexcept>

namespace chaintwin::sim::theory {

MmcSteadyState mmc_steady_state(std::int64_t servers, double arrival_rate, double service_rate) {
  if (servers < 1 || !(arrival_rate > 0.0) || !(service_rate > 0.0))
    throw std::invalid_argument("M/M/c needs c >= 1 and positive rates");
  const double c = static_cast<double>(servers);
  const double a = arrival_rate / service_rate;  // offered load in Erlangs
  const double rho = a / c;
  if (rho >= 1.0) throw std::invalid_argument("M/M/c is unstable: utilisation must be below 1");
  double erlang_b = 1.0;
  for (std::int64_t k = 1; k <= servers; ++k) erlang_b = a * erlang_b / (static_cast<double>(k) + a * erlang_b);
  const double erlang_c = erlang_b / (1.0 - rho * (1.0 - erlang_b));
  const double wq = erlang_c / (c * service_rate - arrival_rate);
  return {rho, erlang_c, wq, arrival_rate * wq};
}

}  // namespace chaintwin::sim::theory
