#pragma once
// Closed-form results of queueing theory that the simulator is tested against.

#include <cstdint>

namespace chaintwin::sim::theory {

// M/M/c with arrival rate lambda, service rate mu per server, c servers (requires lambda < c mu).
struct MmcSteadyState {
  double utilisation;         // rho = lambda / (c mu)
  double probability_wait;    // Erlang C: P(an arrival finds every server busy)
  double mean_wait_in_queue;  // Wq = C / (c mu - lambda), in the time unit of the rates
  double mean_queue_length;   // Lq = lambda Wq (Little's law)
};
// Erlang C by the numerically stable Erlang B recursion, B(k) = a B(k-1) / (k + a B(k-1)), valid for large c.
MmcSteadyState mmc_steady_state(std::int64_t servers, double arrival_rate, double service_rate);

}  // namespace chaintwin::sim::theory
