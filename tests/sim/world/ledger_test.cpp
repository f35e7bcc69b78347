#include "sim/world/ledger.hpp"

#include <gtest/gtest.h>

namespace chaintwin::world {
namespace {

using network::SiteId;
using network::SkuId;
using sim::hours;

TEST(Ledger, RowsBetweenTimesAreFoundByBinarySearch) {
  Ledger ledger;
  for (int h = 0; h < 10; ++h) ledger.stock(hours(h), SiteId(1), SkuId(2), -1, StockReason::kSold, kNone);
  const auto [first, last] = Ledger::rows(ledger.stock().time, hours(3), hours(7));
  EXPECT_EQ(first, 3u);
  EXPECT_EQ(last, 7u);
  EXPECT_EQ(ledger.row_count(FactTable::kStock), 10u);
}

TEST(Ledger, FactIdsNameTableAndRow) {
  Ledger ledger;
  ledger.temperature(hours(1), SiteId(0), network::TemperatureClass::kChilled, 4.5f);
  const FactId id = ledger.temperature(hours(2), SiteId(0), network::TemperatureClass::kChilled, 4.7f);
  EXPECT_EQ(id.table(), FactTable::kTemperatures);
  EXPECT_EQ(id.row(), 1u);
}

TEST(Ledger, OrdersKeepTheirLinesAndHashesSeeEveryColumn) {
  Ledger a;
  const OrderLine lines[] = {{SkuId(3), 10}, {SkuId(5), 2}};
  const OrderId order = a.new_order({OrderKind::kPurchase, SiteId(0), SiteId(1), hours(1), hours(50), 0, 0}, lines);
  ASSERT_EQ(a.lines_of(order).size(), 2u);
  EXPECT_EQ(a.lines_of(order)[1].quantity, 2u);
  Ledger b = a;
  EXPECT_EQ(a.hash(), b.hash());
  b.order_event(hours(2), order, OrderState::kConfirmed, 12);
  EXPECT_NE(a.hash(), b.hash());
}

}  // namespace
}  // namespace chaintwin::world
