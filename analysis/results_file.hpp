#pragma once
// Writing results to HDF5 without seeing HDF5: groups by path, 1-D datasets of numbers and strings, chunked and
// compressed 2-D time series, scalar attributes, and tables (a group of equal-length column datasets, which h5py and
// pandas read most easily).
//
// A file is written to "<path>.tmp" and renamed to <path> by commit(), so a run that fails or forgets to commit
// never leaves a partial file under the final name (and never clobbers the previous complete one). Every failure
// throws ResultsError naming the file and the object: "cannot create dataset /kpi/fill_rate in results.h5: ...".
// Not for concurrent use: one thread writes one ResultsFile, and two writers must not target the same path.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace chaintwin::analysis {

class ResultsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A scalar attribute: units, descriptions, seeds, counts, versions.
using AttributeValue = std::variant<std::string, double, std::int64_t, std::uint64_t>;

// One column of a table: a dataset named `name` in the table's group, with optional "unit" and "description"
// attributes.
struct Column {
  std::string name;
  std::variant<std::vector<double>, std::vector<std::int64_t>, std::vector<std::uint64_t>, std::vector<std::string>>
      values;
  std::string unit;
  std::string description;
};

class ResultsFile {
 public:
  // Creates "<path>.tmp", replacing any stale one. The file at `path`, if any, is untouched until commit().
  explicit ResultsFile(std::filesystem::path path);
  // Without commit(): closes and deletes "<path>.tmp".
  ~ResultsFile();
  ResultsFile(ResultsFile&&) noexcept;
  ResultsFile& operator=(ResultsFile&&) noexcept;

  // Creates the group and any missing parents ("/timeseries/stock"); an existing group is fine.
  void create_group(std::string_view path);

  // 1-D datasets; missing parent groups are created. A dataset that already exists is an error.
  void write(std::string_view path, std::span<const double> values);
  void write(std::string_view path, std::span<const std::int64_t> values);
  void write(std::string_view path, std::span<const std::uint64_t> values);
  void write(std::string_view path, std::span<const std::string> values);  // variable-length UTF-8

  // A rows x columns dataset of doubles from row-major `values`, chunked and gzip-compressed (time series).
  void write_matrix(std::string_view path, std::span<const double> values, std::size_t rows, std::size_t columns);

  // Sets (or replaces) a scalar attribute on an existing group or dataset; "/" is the file itself.
  void set_attribute(std::string_view object_path, std::string_view name, const AttributeValue& value);

  // Writes the columns as datasets of the group `path`, in order. Every column must have the same length; this is
  // checked before anything is written.
  void write_table(std::string_view path, std::span<const Column> columns);

  // Closes the file and renames it to its final path. Nothing may be written afterwards.
  void commit();

  const std::filesystem::path& path() const;

 private:
  struct Impl;
  Impl& live() const;  // the state, or std::logic_error once moved from or committed
  std::unique_ptr<Impl> impl_;
};

}  // namespace chaintwin::analysis
