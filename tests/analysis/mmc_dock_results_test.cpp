#include "analysis/mmc_dock_results.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/core/statistics.hpp"
#include "tests/analysis/hdf5_reader.hpp"
#include "tests/analysis/scratch_dir.hpp"

namespace chaintwin::analysis {
namespace {

using MmcDockResultsTest = testing::ScratchDirTest;

sim::models::MmcDockResult replication(std::uint64_t k) {
  sim::models::MmcDockResult r;
  r.trucks_arrived = 100 + k;
  r.trucks_waited = 70 + 3 * k;
  r.trucks_served = 120 + k;
  r.wait_hours.add(1.5 + static_cast<double>(k));
  r.wait_hours.add(2.0);
  r.mean_queue_length = 3.25 - 0.5 * static_cast<double>(k);
  r.door_utilisation = 0.875 + 0.01 * static_cast<double>(k);
  r.events = 1000 * k + 7;
  r.trajectory_hash = 0xfedcba9876543210u + k;
  return r;
}

TEST_F(MmcDockResultsTest, WritesReplicationsSummaryAndRunParameters) {
  const auto path = dir_ / "demo.h5";
  sim::models::MmcDockConfig config;
  config.doors = 4;
  config.arrivals_per_hour = 3.6;
  config.unloads_per_hour = 1.0;
  config.horizon = sim::days(20);
  config.warm_up = sim::days(2);
  const std::vector<sim::models::MmcDockResult> runs = {replication(0), replication(1), replication(2)};
  const sim::theory::MmcSteadyState theory{0.9, 0.7878, 0.5, 1.8};
  write_mmc_dock_results(path, config, 42, runs, theory);

  testing::Hdf5Reader reader(path);
  EXPECT_EQ(reader.string_attribute("/", "chaintwin_version"), CHAINTWIN_VERSION);
  EXPECT_EQ(reader.children("/replications"),
            (std::vector<std::string>{"replication", "probability_wait", "mean_wait_hours", "mean_queue_length",
                                      "utilisation", "trucks_served", "events", "trajectory_hash"}));
  EXPECT_EQ(reader.read<std::uint64_t>("/replications/replication", H5T_NATIVE_UINT64),
            (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_EQ(reader.read<double>("/replications/probability_wait", H5T_NATIVE_DOUBLE),
            (std::vector<double>{0.70, 73.0 / 101.0, 76.0 / 102.0}));
  EXPECT_EQ(reader.read<double>("/replications/mean_wait_hours", H5T_NATIVE_DOUBLE),
            (std::vector<double>{1.75, 2.25, 2.75}));
  EXPECT_EQ(reader.read<std::uint64_t>("/replications/trajectory_hash", H5T_NATIVE_UINT64),
            (std::vector<std::uint64_t>{0xfedcba9876543210u, 0xfedcba9876543211u, 0xfedcba9876543212u}));
  EXPECT_EQ(reader.read<std::uint64_t>("/replications/events", H5T_NATIVE_UINT64),
            (std::vector<std::uint64_t>{7, 1007, 2007}));
  EXPECT_EQ(reader.string_attribute("/replications/mean_wait_hours", "unit"), "h");

  EXPECT_EQ(reader.read_strings("/summary/quantity"),
            (std::vector<std::string>{"probability_wait", "mean_wait_hours", "mean_queue_length", "utilisation"}));
  EXPECT_EQ(reader.read<double>("/summary/erlang_c", H5T_NATIVE_DOUBLE), (std::vector<double>{0.7878, 0.5, 1.8, 0.9}));
  const std::vector<double> queue = {3.25, 2.75, 2.25};
  const auto ci = sim::student_t_interval(queue, 0.95);
  const auto mean = reader.read<double>("/summary/mean", H5T_NATIVE_DOUBLE);
  const auto half_width = reader.read<double>("/summary/half_width", H5T_NATIVE_DOUBLE);
  EXPECT_EQ(mean[2], ci.mean);
  EXPECT_EQ(half_width[2], ci.half_width);
  EXPECT_EQ(reader.read<double>("/summary/lower", H5T_NATIVE_DOUBLE)[2], ci.lower());
  EXPECT_EQ(reader.attribute<std::int64_t>("/summary", "doors", H5T_STD_I64LE, H5T_NATIVE_INT64), 4);
  EXPECT_EQ(reader.attribute<double>("/summary", "arrivals_per_hour", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE), 3.6);
  EXPECT_EQ(reader.attribute<double>("/summary", "days", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE), 20.0);
  EXPECT_EQ(reader.attribute<std::uint64_t>("/summary", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64), 42u);
  EXPECT_EQ(reader.attribute<std::uint64_t>("/summary", "replications", H5T_STD_U64LE, H5T_NATIVE_UINT64), 3u);
}

}  // namespace
}  // namespace chaintwin::analysis
