#include "analysis/results_file.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/analysis/hdf5_reader.hpp"
#include "tests/analysis/scratch_dir.hpp"

namespace chaintwin::analysis {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::Hdf5Reader;
using ::testing::StartsWith;

using ResultsFileTest = testing::ScratchDirTest;

std::vector<std::uint64_t> bits(const std::vector<double>& values) {
  std::vector<std::uint64_t> out;
  for (const double v : values) out.push_back(std::bit_cast<std::uint64_t>(v));
  return out;
}

fs::path tmp_of(const fs::path& path) { return fs::path(path.string() + ".tmp"); }

TEST_F(ResultsFileTest, RoundTripsEveryDatasetKindExactly) {
  const auto path = dir_ / "results.h5";
  using Real = std::numeric_limits<double>;
  const std::vector<double> reals = {0.0, -0.0, 1.0 / 3.0, 1e-310, Real::max(), -Real::infinity(), Real::quiet_NaN()};
  const std::vector<std::int64_t> signed_values = {std::numeric_limits<std::int64_t>::min(), -1, 0, 1,
                                                   std::numeric_limits<std::int64_t>::max()};
  const std::vector<std::uint64_t> unsigned_values = {0, 1, std::numeric_limits<std::uint64_t>::max()};
  const std::vector<std::string> strings = {"", "door 1", "K\xc3\xb6ln \xe2\x86\x92 Duisburg"};
  std::vector<double> matrix(20000 * 3);  // several chunks of 2730 rows
  for (std::size_t i = 0; i < matrix.size(); ++i) matrix[i] = static_cast<double>(i) * 0.1 - 7.0;
  {
    ResultsFile file(path);
    file.write("/kpi/fill_rate", reals);
    file.write("/kpi/backorders", signed_values);
    file.write("/kpi/trucks", unsigned_values);
    file.write("/kpi/site", strings);
    file.write("/kpi/empty", std::vector<double>{});
    file.write_matrix("/timeseries/stock/levels", matrix, 20000, 3);
    file.create_group("/timeseries/orders");
    file.commit();
  }
  Hdf5Reader reader(path);
  EXPECT_TRUE(reader.has_type("/kpi/fill_rate", H5T_IEEE_F64LE));
  EXPECT_EQ(bits(reader.read<double>("/kpi/fill_rate", H5T_NATIVE_DOUBLE)), bits(reals));
  EXPECT_TRUE(reader.has_type("/kpi/backorders", H5T_STD_I64LE));
  EXPECT_EQ(reader.read<std::int64_t>("/kpi/backorders", H5T_NATIVE_INT64), signed_values);
  EXPECT_TRUE(reader.has_type("/kpi/trucks", H5T_STD_U64LE));
  EXPECT_EQ(reader.read<std::uint64_t>("/kpi/trucks", H5T_NATIVE_UINT64), unsigned_values);
  EXPECT_EQ(reader.read_strings("/kpi/site"), strings);
  EXPECT_EQ(reader.shape("/kpi/empty"), std::vector<hsize_t>{0});
  EXPECT_TRUE(reader.exists("/timeseries/orders"));

  EXPECT_EQ(reader.shape("/timeseries/stock/levels"), (std::vector<hsize_t>{20000, 3}));
  EXPECT_EQ(bits(reader.read<double>("/timeseries/stock/levels", H5T_NATIVE_DOUBLE)), bits(matrix));
  const auto properties = reader.creation_properties("/timeseries/stock/levels");
  EXPECT_EQ(H5Pget_layout(properties.get()), H5D_CHUNKED);
  bool gzip = false;
  for (int i = 0; i < H5Pget_nfilters(properties.get()); ++i) {
    unsigned flags = 0;
    std::size_t count = 0;
    gzip |= H5Pget_filter2(properties.get(), static_cast<unsigned>(i), &flags, &count, nullptr, 0, nullptr, nullptr) ==
            H5Z_FILTER_DEFLATE;
  }
  EXPECT_TRUE(gzip);
}

TEST_F(ResultsFileTest, RoundTripsAttributesOnTheFileGroupsAndDatasets) {
  const auto path = dir_ / "results.h5";
  {
    ResultsFile file(path);
    file.write("/kpi/fill_rate", std::vector<double>{0.97});
    file.set_attribute("/", "version", std::string("0.1.0"));
    file.set_attribute("/kpi", "seed", std::uint64_t{18446744073709551615u});
    file.set_attribute("/kpi", "doors", std::int64_t{-4});
    file.set_attribute("/kpi/fill_rate", "target", 0.95);
    file.set_attribute("/kpi/fill_rate", "unit", std::string("1"));
    file.set_attribute("/kpi/fill_rate", "unit", std::string("fraction"));  // replaces
    file.set_attribute("/kpi/fill_rate", "target", std::int64_t{1});        // replaces, with another type
    file.commit();
  }
  Hdf5Reader reader(path);
  EXPECT_EQ(reader.string_attribute("/", "version"), "0.1.0");
  EXPECT_EQ(reader.attribute<std::uint64_t>("/kpi", "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64),
            std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(reader.attribute<std::int64_t>("/kpi", "doors", H5T_STD_I64LE, H5T_NATIVE_INT64), -4);
  EXPECT_EQ(reader.string_attribute("/kpi/fill_rate", "unit"), "fraction");
  EXPECT_EQ(reader.attribute<std::int64_t>("/kpi/fill_rate", "target", H5T_STD_I64LE, H5T_NATIVE_INT64), 1);
}

TEST_F(ResultsFileTest, DoubleAttributeIsExact) {
  const auto path = dir_ / "results.h5";
  {
    ResultsFile file(path);
    file.set_attribute("/", "rate", 0.1);
    file.commit();
  }
  EXPECT_EQ(Hdf5Reader(path).attribute<double>("/", "rate", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE), 0.1);
}

TEST_F(ResultsFileTest, TableWritesColumnsInOrderWithUnits) {
  const auto path = dir_ / "results.h5";
  {
    ResultsFile file(path);
    const Column columns[] = {
        {"site", std::vector<std::string>{"a", "b"}, "", "site name"},
        {"fill_rate", std::vector<double>{0.5, 0.25}, "1", ""},
        {"orders", std::vector<std::uint64_t>{3, 4}, "orders", "orders placed"},
        {"backlog", std::vector<std::int64_t>{-1, 2}, "", ""},
    };
    file.write_table("/sites", columns);
    file.commit();
  }
  Hdf5Reader reader(path);
  EXPECT_EQ(reader.children("/sites"), (std::vector<std::string>{"site", "fill_rate", "orders", "backlog"}));
  EXPECT_EQ(reader.read_strings("/sites/site"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(reader.read<double>("/sites/fill_rate", H5T_NATIVE_DOUBLE), (std::vector<double>{0.5, 0.25}));
  EXPECT_EQ(reader.read<std::uint64_t>("/sites/orders", H5T_NATIVE_UINT64), (std::vector<std::uint64_t>{3, 4}));
  EXPECT_EQ(reader.read<std::int64_t>("/sites/backlog", H5T_NATIVE_INT64), (std::vector<std::int64_t>{-1, 2}));
  EXPECT_EQ(reader.string_attribute("/sites/fill_rate", "unit"), "1");
  EXPECT_EQ(reader.string_attribute("/sites/orders", "description"), "orders placed");
  EXPECT_THROW(reader.string_attribute("/sites/backlog", "unit"), std::runtime_error);  // empty: not written
}

TEST_F(ResultsFileTest, TableWithColumnsOfDifferentLengthsIsRejectedBeforeAnythingIsWritten) {
  const auto path = dir_ / "results.h5";
  {
    ResultsFile file(path);
    const Column columns[] = {{"a", std::vector<double>{1, 2, 3}, "", ""}, {"b", std::vector<double>{1, 2}, "", ""}};
    try {
      file.write_table("/t", columns);
      FAIL() << "expected ResultsError";
    } catch (const ResultsError& e) {
      EXPECT_EQ(std::string(e.what()),
                "cannot write table /t in " + path.string() + ": column 'b' has 2 rows, column 'a' has 3");
    }
    file.commit();
  }
  EXPECT_FALSE(Hdf5Reader(path).exists("/t"));
}

TEST_F(ResultsFileTest, WritesToTmpUntilCommitThenRenames) {
  const auto path = dir_ / "results.h5";
  ResultsFile file(path);
  file.write("/x", std::vector<double>{1.0});
  EXPECT_TRUE(fs::exists(tmp_of(path)));
  EXPECT_FALSE(fs::exists(path));
  file.commit();
  EXPECT_FALSE(fs::exists(tmp_of(path)));
  EXPECT_TRUE(Hdf5Reader(path).exists("/x"));
  EXPECT_EQ(file.path(), path);
  EXPECT_THROW(file.write("/y", std::vector<double>{1.0}), std::logic_error);
  EXPECT_THROW(file.commit(), std::logic_error);
}

TEST_F(ResultsFileTest, OverwriteReplacesTheWholeFileOnlyAtCommit) {
  const auto path = dir_ / "results.h5";
  {
    ResultsFile first(path);
    first.write("/old", std::vector<double>{1.0});
    first.commit();
  }
  ResultsFile second(path);
  second.write("/new", std::vector<double>{2.0});
  EXPECT_TRUE(Hdf5Reader(path).exists("/old"));  // the complete previous file is still there while writing
  second.commit();
  Hdf5Reader reader(path);
  EXPECT_FALSE(reader.exists("/old"));
  EXPECT_EQ(reader.read<double>("/new", H5T_NATIVE_DOUBLE), std::vector<double>{2.0});
}

TEST_F(ResultsFileTest, WriterDestroyedWithoutCommitLeavesNothing) {
  const auto path = dir_ / "results.h5";
  {
    ResultsFile file(path);
    file.write("/x", std::vector<double>{1.0});
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(tmp_of(path)));
}

TEST_F(ResultsFileTest, FailedRunKeepsThePreviousFileAndLeavesNoTmp) {
  const auto path = dir_ / "results.h5";
  {
    ResultsFile first(path);
    first.write("/old", std::vector<double>{1.0});
    first.commit();
  }
  EXPECT_THROW(
      {
        ResultsFile file(path);
        file.write("/new", std::vector<double>{2.0});
        throw std::runtime_error("the run failed");
      },
      std::runtime_error);
  EXPECT_FALSE(fs::exists(tmp_of(path)));
  Hdf5Reader reader(path);
  EXPECT_TRUE(reader.exists("/old"));
  EXPECT_FALSE(reader.exists("/new"));
}

TEST_F(ResultsFileTest, MoveTransfersTheFile) {
  const auto path = dir_ / "results.h5";
  const auto other = dir_ / "other.h5";
  ResultsFile file(path);
  ResultsFile moved(std::move(file));
  moved.write("/x", std::vector<double>{1.0});
  ResultsFile assigned(other);
  assigned = std::move(moved);  // discards the uncommitted other.h5
  EXPECT_FALSE(fs::exists(tmp_of(other)));
  assigned.commit();
  EXPECT_TRUE(Hdf5Reader(path).exists("/x"));
  EXPECT_THROW(file.write("/y", std::vector<double>{1.0}), std::logic_error);
}

TEST_F(ResultsFileTest, UnwritableDirectoryIsAClearError) {
  const auto path = dir_ / "missing" / "results.h5";
  try {
    ResultsFile file(path);
    FAIL() << "expected ResultsError";
  } catch (const ResultsError& e) {
    EXPECT_THAT(e.what(), StartsWith("cannot create " + path.string() + ": "));
    EXPECT_THAT(e.what(), HasSubstr("No such file or directory"));
  }
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
}

TEST_F(ResultsFileTest, FailuresNameTheObjectAndTheFile) {
  const auto path = dir_ / "results.h5";
  ResultsFile file(path);
  file.write("/kpi/fill_rate", std::vector<double>{1.0});
  const auto message = [](auto&& action) -> std::string {
    try {
      action();
    } catch (const ResultsError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_THAT(message([&] { file.write("/kpi/fill_rate", std::vector<double>{2.0}); }),
              StartsWith("cannot create dataset /kpi/fill_rate in " + path.string() + ": "));
  EXPECT_THAT(message([&] { file.set_attribute("/kpi/missing", "unit", std::string("h")); }),
              StartsWith("cannot set attribute 'unit' on /kpi/missing in " + path.string() + ": "));
  EXPECT_THAT(message([&] { file.write("/kpi/fill_rate/x", std::vector<double>{2.0}); }),
              StartsWith("cannot open group /kpi/fill_rate in " + path.string() + ": "));
  EXPECT_EQ(message([&] {
              file.write_matrix("/m", std::vector<double>{1, 2, 3}, 2, 2);
            }),
            "cannot create dataset /m in " + path.string() + ": 3 values for 2 x 2");
  EXPECT_EQ(message([&] { file.write("relative", std::vector<double>{1.0}); }),
            "cannot create dataset relative in " + path.string() + ": object paths must start with /");
  file.commit();  // the file is still usable after caught errors
  EXPECT_EQ(Hdf5Reader(path).read<double>("/kpi/fill_rate", H5T_NATIVE_DOUBLE), std::vector<double>{1.0});
}

}  // namespace
}  // namespace chaintwin::analysis
