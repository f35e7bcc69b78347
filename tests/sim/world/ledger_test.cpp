#include "sim/world/ledger.hpp"

#include <gtest/gtest.h>

#include <tuple>
#include <vector>

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

// (time in hours, delta, table) of every movement, in the order StockMovements replays them.
std::vector<std::tuple<double, std::int32_t, FactTable>> movements(const Ledger& ledger) {
  std::vector<std::tuple<double, std::int32_t, FactTable>> out;
  for (StockMovements m(ledger); !m.done();) {
    const StockMovement x = m.next();
    out.emplace_back(sim::SimTime::from_ns(x.time).to_hours(), x.delta, x.table);
  }
  return out;
}

TEST(Ledger, ImmediateSalesAreMergedIntoStockMovementsInExecutionOrder) {
  Ledger ledger;
  ledger.stock(hours(0), SiteId(1), SkuId(2), 5, StockReason::kInitial, kNone);
  ledger.demand(hours(1), SiteId(1), SkuId(2), 2, 2);
  ledger.demand(hours(2), SiteId(1), SkuId(2), 4, 0);  // lost: no movement
  ledger.demand(hours(3), SiteId(1), SkuId(2), 3, 3);  // empties the shelf...
  ledger.stock(hours(3), SiteId(1), SkuId(2), 4, StockReason::kReceived, 0);  // ...refilled at the same instant
  ledger.demand(hours(3), SiteId(1), SkuId(2), 1, 1);  // and sold from again
  using T = FactTable;
  EXPECT_EQ(movements(ledger), (std::vector<std::tuple<double, std::int32_t, FactTable>>{
                                   {0, 5, T::kStock}, {1, -2, T::kDemand}, {3, -3, T::kDemand},
                                   {3, 4, T::kStock}, {3, -1, T::kDemand}}));
  StockMovements m(ledger);
  m.next();
  const StockMovement sale = m.next();
  EXPECT_EQ(sale.reason, StockReason::kSold);
  EXPECT_EQ(sale.ref, 0u);  // its DemandId
  EXPECT_EQ(sale.row, 0u);
}

TEST(Ledger, BatchedDemandsGoBeforeStockRowsOfLaterTimesOnly) {
  Ledger ledger;
  ledger.stock(hours(0), SiteId(1), SkuId(2), 5, StockReason::kInitial, kNone);
  ledger.stock(hours(2), SiteId(1), SkuId(2), 4, StockReason::kReceived, 0);
  const DemandRow batch[] = {{hours(1).ns(), SiteId(1), SkuId(2), 1, 1},
                             {hours(2).ns(), SiteId(1), SkuId(2), 2, 2},  // same time as the receipt: after it
                             {hours(3).ns(), SiteId(1), SkuId(2), 3, 3}};
  ledger.append_demands(batch);
  EXPECT_EQ(ledger.stock().demand_rows_before, (std::vector<std::uint32_t>{0, 1}));
  ledger.stock(hours(4), SiteId(1), SkuId(2), -1, StockReason::kSpoiled, kNone);
  ledger.append_demands({});
  EXPECT_EQ(ledger.stock().demand_rows_before, (std::vector<std::uint32_t>{0, 1, 3}));
  EXPECT_EQ(ledger.row_count(FactTable::kDemand), 3u);
}

}  // namespace
}  // namespace chaintwin::world
