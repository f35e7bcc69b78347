#include "pipeline/signals/signal_operators.hpp"

#include <algorithm>

namespace chaintwin::pipeline {

SignalOperators::SignalOperators(SignalConfig config)
    : demand_(config.demand), orders_(config.orders), impacts_(config.impacts), replenishment_(config.replenishment) {}

void SignalOperators::apply(const DecodedEvent& e) {
  switch (e.signal) {
    case Signal::kDemand:
      demand_.add(e);
      return;
    case Signal::kOrderStatus:
    case Signal::kOrderLine:
    case Signal::kShipmentStatus:
    case Signal::kSupplierStatus:
    case Signal::kPortStatus:
    case Signal::kPortCongestion:
      pending_.push_back({e.event_time_ns, arrivals_++, e});
      return;
    default:
      return;
  }
}

void SignalOperators::position(const PositionUpdate& u) {
  DecodedEvent e;
  e.signal = Signal::kStockCount;
  e.event_time_ns = u.as_of_ns;
  e.location = u.location;
  e.sku = u.sku;
  e.quantity = u.on_hand;
  pending_.push_back({u.as_of_ns, arrivals_++, e});
}

void SignalOperators::advance(std::int64_t watermark_ns, SignalBatch& out) {
  if (watermark_ns == INT64_MIN) return;
  std::sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
    return a.time_ns != b.time_ns ? a.time_ns < b.time_ns : a.arrival < b.arrival;
  });
  const auto end = std::upper_bound(pending_.begin(), pending_.end(), watermark_ns,
                                    [](std::int64_t w, const Pending& p) { return w < p.time_ns; });
  for (auto it = pending_.begin(); it != end; ++it) {
    const DecodedEvent& e = it->event;
    switch (e.signal) {
      case Signal::kStockCount:
        replenishment_.position(e.location, e.sku, e.event_time_ns, e.quantity, demand_, orders_, watermark_ns,
                                out.replenishment);
        break;
      case Signal::kSupplierStatus:
      case Signal::kPortStatus:
      case Signal::kPortCongestion:
        impacts_.apply(e, orders_, watermark_ns, out.impacts);
        break;
      default:
        orders_.apply(e);
        break;
    }
  }
  pending_.erase(pending_.begin(), end);
  demand_.close_until(watermark_ns, out.demand);
}

void SignalOperators::save(CheckpointWriter& out) const {
  out.put(arrivals_);
  out.put<std::uint64_t>(pending_.size());
  for (const Pending& p : pending_) {
    out.put(p.time_ns);
    out.put(p.arrival);
    out.put(p.event);
  }
  demand_.save(out);
  orders_.save(out);
  impacts_.save(out);
  replenishment_.save(out);
}

void SignalOperators::load(CheckpointReader& in) {
  arrivals_ = in.get<std::uint64_t>();
  pending_.clear();
  const std::uint64_t n = in.get_count(16 + sizeof(DecodedEvent));
  for (std::uint64_t i = 0; i < n; ++i) {
    Pending p{};
    p.time_ns = in.get<std::int64_t>();
    p.arrival = in.get<std::uint64_t>();
    p.event = in.get<DecodedEvent>();
    pending_.push_back(p);
  }
  demand_.load(in);
  orders_.load(in);
  impacts_.load(in);
  replenishment_.load(in);
}

}  // namespace chaintwin::pipeline
