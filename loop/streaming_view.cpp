#include "loop/streaming_view.hpp"

#include <algorithm>
#include <limits>

namespace chaintwin::loop {

StreamingView::StreamingView(const world::World& world, std::int64_t epoch_unix_ns)
    : world_(world), epoch_unix_ns_(epoch_unix_ns) {
  const std::uint32_t n = world.locations().size();
  on_hand_.resize(n);
  for (std::uint32_t l = 0; l < n; ++l) on_hand_[l] = world.truth().position(l).on_hand;
  on_hand_as_of_ns_.assign(n, std::numeric_limits<std::int64_t>::min());
  record_orders(world.now());
}

void StreamingView::record_orders(sim::SimTime now) {
  OrderBook book;
  book.at_ns = now.ns();
  const std::uint32_t n = world_.locations().size();
  book.on_order.resize(n);
  book.backlog.resize(n);
  book.ordered.resize(n);
  book.true_on_hand.resize(n);
  const world::VisibilityView& truth = world_.truth();
  for (std::uint32_t l = 0; l < n; ++l) {
    const world::StockPosition p = truth.position(l);
    book.true_on_hand[l] = p.on_hand;
    book.on_order[l] = p.on_order;
    book.backlog[l] = p.backlog;
    book.ordered[l] = world_.ordered_units(l);
  }
  books_.push_back(std::move(book));
}

void StreamingView::apply(const pipeline::StockPositionRecord& record) {
  const network::Network& net = world_.network();
  const auto site = net.find_site(record.location);
  const auto sku = net.find_sku(record.sku);
  const std::uint32_t l = site && sku ? world_.locations().find(*site, *sku) : world::kNone;
  if (l == world::kNone) {
    ++counters_.unknown;
    return;
  }
  ++counters_.positions;
  const Published p{record.as_of_unix_ns - epoch_unix_ns_, l, record.on_hand};
  if (p.as_of_ns <= books_.front().at_ns)
    take(p);
  else
    waiting_.push_back(p);
}

void StreamingView::take(const Published& p) {
  // The latest asOf at or before the view's time counts; at one asOf, the later record (a revision).
  if (p.as_of_ns < on_hand_as_of_ns_[p.location]) return;
  on_hand_[p.location] = p.on_hand;
  on_hand_as_of_ns_[p.location] = p.as_of_ns;
}

void StreamingView::advance_to(std::int64_t watermark_unix_ns) {
  if (watermark_unix_ns == std::numeric_limits<std::int64_t>::min()) return;  // no progress yet
  const std::int64_t watermark_ns = watermark_unix_ns - epoch_unix_ns_;
  if (books_.size() < 2 || books_[1].at_ns > watermark_ns) return;
  while (books_.size() > 1 && books_[1].at_ns <= watermark_ns) books_.pop_front();
  const std::int64_t at = books_.front().at_ns;
  std::size_t kept = 0;
  for (const Published& p : waiting_) {
    if (p.as_of_ns <= at)
      take(p);
    else
      waiting_[kept++] = p;
  }
  waiting_.resize(kept);
}

void StreamingView::check() {
  const std::vector<std::int64_t>& truth = books_.front().true_on_hand;
  for (std::size_t l = 0; l < truth.size(); ++l) {
    const std::int64_t error = on_hand_[l] - truth[l];
    counters_.exact += error == 0 ? 1 : 0;
    counters_.absolute_error += error < 0 ? -error : error;
  }
  counters_.checked += truth.size();
}

world::StockPosition StreamingView::position(std::uint32_t location) const {
  const OrderBook& book = books_.front();
  return {on_hand_[location], book.on_order[location] + world_.ordered_units(location) - book.ordered[location],
          book.backlog[location]};
}

}  // namespace chaintwin::loop
