// The world results file read back with the HDF5 C API: run attributes, KPI table, summary, conservation, ledger
// sizes and stock series, as docs/outputs.md documents them.
#include "analysis/world_results.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/analysis/hdf5_reader.hpp"
#include "tests/analysis/scratch_dir.hpp"
#include "tests/analysis/tiny_world.hpp"

namespace chaintwin::analysis {
namespace {

using testing::h;

class WorldResultsTest : public testing::ScratchDirTest {
 protected:
  WorldResultsTest() {
    run_.scenario = "tiny flow";
    run_.seed = 99;
    run_.kpi.warm_up = h(24);
    run_.kpi.horizon = h(240);
    run_.kpi.stockout = world::StockoutMode::kBackorders;
    run_.kpi.promise_window = h(36);
    output_.stock_resolution = h(24);
    output_.stock_series_max_locations = 3;
    for (std::uint32_t r = 0; r < 3; ++r)
      replications_.push_back(analyse_replication(testing::flow_ledger(3 * r), network_, run_.kpi, output_, 1000 + r));
  }

  network::Network network_ = testing::tiny_network();
  WorldRunInfo run_;
  world::OutputConfig output_;
  std::vector<WorldReplication> replications_;
};

TEST(LedgerSummary, CountsRowsAndBytesPerTable) {
  const world::Ledger ledger = testing::flow_ledger();
  const LedgerSummary summary = summarise_ledger(ledger, 77);
  EXPECT_EQ(summary.events, 77u);
  for (std::size_t t = 0; t < world::kFactTableCount; ++t)
    EXPECT_EQ(summary.rows[t], ledger.row_count(static_cast<world::FactTable>(t)));
  EXPECT_EQ(summary.rows[static_cast<std::size_t>(world::FactTable::kStock)], 9u);
  EXPECT_EQ(summary.total_rows(), ledger.total_rows());
  EXPECT_EQ(summary.total_bytes(), ledger.memory_bytes());
  EXPECT_EQ(summary.bytes[static_cast<std::size_t>(world::FactTable::kStock)], 9u * 29u);  // 29 bytes a row
  EXPECT_EQ(summary.bytes[static_cast<std::size_t>(world::FactTable::kPositions)], 0u);
}

TEST_F(WorldResultsTest, WritesRunKpisSummaryConservationLedgerAndStock) {
  const auto path = dir_ / "world.h5";
  write_world_results(path, network_, run_, replications_);
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "world.h5.tmp"));

  testing::Hdf5Reader reader(path);
  EXPECT_EQ(reader.string_attribute("/", "chaintwin_version"), CHAINTWIN_VERSION);
  EXPECT_EQ(reader.string_attribute("/", "scenario"), "tiny flow");
  EXPECT_EQ(reader.string_attribute("/", "stockout"), "backorders");
  EXPECT_EQ(reader.string_attribute("/", "visibility"), "oracle");
  EXPECT_EQ(reader.attribute<std::uint64_t>("/", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64), 99u);
  EXPECT_EQ(reader.attribute<std::uint64_t>("/", "replications", H5T_STD_U64LE, H5T_NATIVE_UINT64), 3u);
  EXPECT_EQ(reader.attribute<double>("/", "horizon_days", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE), 10.0);
  EXPECT_EQ(reader.attribute<double>("/", "warm_up_days", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE), 1.0);
  EXPECT_EQ(reader.attribute<double>("/", "promise_window_hours", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE), 36.0);

  // One column per KPI, in kKpis order, after the replication index.
  std::vector<std::string> expected_columns = {"replication"};
  for (const KpiDefinition& kpi : kKpis) expected_columns.emplace_back(kpi.name);
  EXPECT_EQ(reader.children("/kpis"), expected_columns);
  EXPECT_EQ(reader.read<std::uint64_t>("/kpis/replication", H5T_NATIVE_UINT64), (std::vector<std::uint64_t>{0, 1, 2}));
  for (const KpiDefinition& kpi : kKpis) {
    const auto values = reader.read<double>("/kpis/" + std::string(kpi.name), H5T_NATIVE_DOUBLE);
    ASSERT_EQ(values.size(), 3u);
    for (std::size_t r = 0; r < 3; ++r) {
      const double expected = replications_[r].kpis.*kpi.member;
      if (std::isnan(expected))
        EXPECT_TRUE(std::isnan(values[r])) << kpi.name;
      else
        EXPECT_EQ(values[r], expected) << kpi.name;
    }
  }
  EXPECT_EQ(reader.string_attribute("/kpis/transit_mean_days", "unit"), "d");
  // Replication r sold 2 + 3r apples at 160h.
  EXPECT_EQ(reader.read<double>("/kpis/sold_units", H5T_NATIVE_DOUBLE), (std::vector<double>{2, 5, 8}));

  std::vector<std::string> names;
  for (const KpiDefinition& kpi : kKpis) names.emplace_back(kpi.name);
  EXPECT_EQ(reader.read_strings("/summary/kpi"), names);
  const auto mean = reader.read<double>("/summary/mean", H5T_NATIVE_DOUBLE);
  const auto half_width = reader.read<double>("/summary/half_width", H5T_NATIVE_DOUBLE);
  const auto n = reader.read<std::uint64_t>("/summary/n", H5T_NATIVE_UINT64);
  std::vector<WorldKpis> kpis;
  for (const auto& r : replications_) kpis.push_back(r.kpis);
  const auto intervals = summarise_kpis(kpis, 0.95);
  for (std::size_t i = 0; i < kKpiCount; ++i) {
    EXPECT_EQ(n[i], intervals[i].n) << names[i];
    if (intervals[i].n == 0) continue;
    EXPECT_EQ(mean[i], intervals[i].mean) << names[i];
    EXPECT_EQ(half_width[i], intervals[i].half_width) << names[i];
  }

  EXPECT_EQ(reader.children("/conservation").size(), 1 + std::size(kConservationFields));
  EXPECT_EQ(reader.read<std::int64_t>("/conservation/imbalance_units", H5T_NATIVE_INT64),
            (std::vector<std::int64_t>{0, 0, 0}));
  EXPECT_EQ(reader.read<std::int64_t>("/conservation/sold_units", H5T_NATIVE_INT64),
            (std::vector<std::int64_t>{2, 5, 8}));

  EXPECT_EQ(reader.read<std::uint64_t>("/ledger/events", H5T_NATIVE_UINT64),
            (std::vector<std::uint64_t>{1000, 1001, 1002}));
  EXPECT_EQ(reader.read<std::uint64_t>("/ledger/stock_rows", H5T_NATIVE_UINT64),
            (std::vector<std::uint64_t>{9, 9, 9}));
  EXPECT_EQ(reader.read<std::uint64_t>("/ledger/shipment_events_rows", H5T_NATIVE_UINT64),
            (std::vector<std::uint64_t>{8, 8, 8}));
  EXPECT_EQ(reader.read<std::uint64_t>("/ledger/total_bytes", H5T_NATIVE_UINT64)[0],
            replications_[0].ledger.total_bytes());

  // Stock: 11 daily samples (0..10 days) of DC apple, DC bread, Store-A apple.
  EXPECT_EQ(reader.attribute<double>("/stock", "resolution_hours", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE), 24.0);
  const auto days = reader.read<double>("/stock/time_days", H5T_NATIVE_DOUBLE);
  ASSERT_EQ(days.size(), 11u);
  EXPECT_EQ(days[10], 10.0);
  EXPECT_EQ(reader.read_strings("/stock/locations/site_name"), (std::vector<std::string>{"DC", "DC", "Store-A"}));
  EXPECT_EQ(reader.read_strings("/stock/locations/sku_name"), (std::vector<std::string>{"apple", "bread", "apple"}));
  EXPECT_EQ(reader.read<std::uint64_t>("/stock/locations/site", H5T_NATIVE_UINT64),
            (std::vector<std::uint64_t>{2, 2, 3}));
  EXPECT_EQ(reader.children("/stock/on_hand"), (std::vector<std::string>{"0", "1", "2"}));
  EXPECT_EQ(reader.shape("/stock/on_hand/1"), (std::vector<hsize_t>{11, 3}));
  const auto on_hand = reader.read<double>("/stock/on_hand/1", H5T_NATIVE_DOUBLE);
  EXPECT_EQ(on_hand, replications_[1].stock.on_hand);
  // Day 7 (168h): DC apple 50 + 100 - 20, DC bread 0, Store-A apple 20 - 5 sold at 160h.
  EXPECT_EQ(on_hand[7 * 3 + 0], 130.0);
  EXPECT_EQ(on_hand[7 * 3 + 1], 0.0);
  EXPECT_EQ(on_hand[7 * 3 + 2], 15.0);
}

TEST_F(WorldResultsTest, NoStockGroupWhenTheSeriesWasNotRecorded) {
  for (auto& r : replications_) r.stock = StockSeries{};
  const auto path = dir_ / "no_stock.h5";
  write_world_results(path, network_, run_, replications_);
  testing::Hdf5Reader reader(path);
  EXPECT_FALSE(reader.exists("/stock"));
  EXPECT_TRUE(reader.exists("/kpis/fill_rate_units"));
}

TEST_F(WorldResultsTest, DisagreeingStockSeriesWriteNothing) {
  replications_[2].stock = stock_series(testing::flow_ledger(), network_, h(12), h(240), 3);
  const auto path = dir_ / "bad.h5";
  EXPECT_THROW(write_world_results(path, network_, run_, replications_), std::invalid_argument);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "bad.h5.tmp"));
  EXPECT_THROW(write_world_results(path, network_, run_, {}), std::invalid_argument);
}

}  // namespace
}  // namespace chaintwin::analysis
