#include <memory>

#include "sim/world/world.hpp"

namespace chaintwin::world {
namespace {

// (s,S): order up to S once the position has fallen to s or below.
class MinMaxPolicy final : public InventoryPolicy {
 public:
  std::int64_t order_quantity(const StockPosition& p, const PolicyLevels& l) const override {
    const std::int64_t ip = p.inventory_position();
    return ip <= l.reorder_point ? l.order_up_to - ip : 0;
  }
};

// (R,Q): order the smallest multiple of Q that lifts the position above R.
class ReorderPointPolicy final : public InventoryPolicy {
 public:
  std::int64_t order_quantity(const StockPosition& p, const PolicyLevels& l) const override {
    const std::int64_t ip = p.inventory_position();
    if (ip > l.reorder_point || l.order_quantity <= 0) return 0;
    const std::int64_t batches = (l.reorder_point - ip) / l.order_quantity + 1;
    return batches * l.order_quantity;
  }
};

// Base-stock and (R,S) both restore the position to S; they differ only in when they are asked (continuously, or
// at each review), which the world decides from the review period.
class OrderUpToPolicy final : public InventoryPolicy {
 public:
  std::int64_t order_quantity(const StockPosition& p, const PolicyLevels& l) const override {
    const std::int64_t ip = p.inventory_position();
    return ip < l.order_up_to ? l.order_up_to - ip : 0;
  }
};

}  // namespace

std::unique_ptr<InventoryPolicy> make_policy(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kMinMax: return std::make_unique<MinMaxPolicy>();
    case PolicyKind::kReorderPoint: return std::make_unique<ReorderPointPolicy>();
    case PolicyKind::kBaseStock:
    case PolicyKind::kPeriodicOrderUpTo: return std::make_unique<OrderUpToPolicy>();
  }
  return std::make_unique<MinMaxPolicy>();
}

}  // namespace chaintwin::world
