#include "analysis/results_file.hpp"

#include <algorithm>
#include <string>
#include <system_error>
#include <utility>

#include "analysis/hdf5_handle.hpp"

namespace chaintwin::analysis {
namespace {

// The most specific message on HDF5's error stack (where the failure was detected, e.g. "unable to open file: ...
// errno = 2, error message = 'No such file or directory'"), then clears the stack for the next call.
std::string take_hdf5_error() {
  std::string message;
  const auto innermost = [](unsigned n, const H5E_error2_t* error, void* data) -> herr_t {
    if (n == 0 && error->desc != nullptr) *static_cast<std::string*>(data) = error->desc;
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost, &message);
  H5Eclear2(H5E_DEFAULT);
  return message.empty() ? "unknown HDF5 error" : message;
}

std::filesystem::path temporary_path(const std::filesystem::path& path) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  return tmp;
}

// Variable-length UTF-8 strings: what h5py writes for str (it reads them back as str with .asstr()).
hdf5::Datatype string_type() {
  hdf5::Datatype type(H5Tcopy(H5T_C_S1));
  if (!type.valid() || H5Tset_size(type.get(), H5T_VARIABLE) < 0 || H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0)
    throw ResultsError("cannot create the HDF5 string type: " + take_hdf5_error());
  return type;
}

std::vector<const char*> c_strings(std::span<const std::string> values) {
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const auto& value : values) pointers.push_back(value.c_str());
  return pointers;
}

}  // namespace

struct ResultsFile::Impl {
  std::filesystem::path path_;
  std::filesystem::path tmp_path_;
  hdf5::File file_;
  bool committed_ = false;

  [[noreturn]] void fail(std::string_view action, std::string_view object, const std::string& reason) const {
    std::string message = "cannot ";
    message += action;
    if (!object.empty()) {
      message += ' ';
      message += object;
      message += " in";
    }
    message += ' ' + path_.string() + ": " + reason;
    throw ResultsError(message);
  }
  [[noreturn]] void fail_hdf5(std::string_view action, std::string_view object) const {
    fail(action, object, take_hdf5_error());
  }

  // Splits an absolute path into its components; HDF5 would read a relative one against the root anyway, so
  // demanding the leading slash only keeps the error messages and the layout documentation unambiguous.
  std::vector<std::string> components(std::string_view action, std::string_view object_path) const {
    if (object_path.empty() || object_path.front() != '/') fail(action, object_path, "object paths must start with /");
    std::vector<std::string> parts;
    std::size_t begin = 1;
    while (begin <= object_path.size()) {
      const std::size_t end = std::min(object_path.find('/', begin), object_path.size());
      if (end > begin) parts.emplace_back(object_path.substr(begin, end - begin));
      begin = end + 1;
    }
    return parts;
  }

  hdf5::Group open_or_create_group(const std::vector<std::string>& parts, std::size_t count) const {
    hdf5::Group group(H5Gopen2(file_.get(), "/", H5P_DEFAULT));
    if (!group.valid()) fail_hdf5("open group", "/");
    hdf5::PropertyList create(H5Pcreate(H5P_GROUP_CREATE));
    // Tracking creation order makes h5py list a table's columns in the order they were written.
    if (!create.valid() || H5Pset_link_creation_order(create.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0)
      fail_hdf5("create group property list for", "/");
    std::string current;
    for (std::size_t i = 0; i < count; ++i) {
      current += '/' + parts[i];
      const htri_t exists = H5Lexists(group.get(), parts[i].c_str(), H5P_DEFAULT);
      if (exists < 0) fail_hdf5("look up group", current);
      hdf5::Group next(exists > 0 ? H5Gopen2(group.get(), parts[i].c_str(), H5P_DEFAULT)
                                  : H5Gcreate2(group.get(), parts[i].c_str(), H5P_DEFAULT, create.get(), H5P_DEFAULT));
      if (!next.valid()) fail_hdf5(exists > 0 ? "open group" : "create group", current);
      group = std::move(next);
    }
    return group;
  }

  void write_dataset(std::string_view path, hid_t file_type, hid_t memory_type, std::span<const hsize_t> dims,
                     hid_t create_list, const void* data) const {
    const auto parts = components("create dataset", path);
    if (parts.empty()) fail("create dataset", path, "a dataset needs a name");
    const auto group = open_or_create_group(parts, parts.size() - 1);
    const hdf5::Dataspace space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr));
    if (!space.valid()) fail_hdf5("create dataspace for", path);
    const hdf5::Dataset dataset(
        H5Dcreate2(group.get(), parts.back().c_str(), file_type, space.get(), H5P_DEFAULT, create_list, H5P_DEFAULT));
    if (!dataset.valid()) fail_hdf5("create dataset", path);
    hsize_t elements = 1;
    for (const hsize_t d : dims) elements *= d;
    // HDF5 rejects a null buffer even for zero elements, and an empty vector's data() may be null.
    if (elements > 0 && H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
      fail_hdf5("write dataset", path);
  }

  void write_1d(std::string_view path, hid_t file_type, hid_t memory_type, std::size_t size, const void* data) const {
    const hsize_t dims[] = {size};
    write_dataset(path, file_type, memory_type, dims, H5P_DEFAULT, data);
  }

  void write_strings(std::string_view path, std::span<const std::string> values) const {
    const auto type = string_type();
    const auto pointers = c_strings(values);
    write_1d(path, type.get(), type.get(), pointers.size(), pointers.data());
  }
};

ResultsFile::ResultsFile(std::filesystem::path path) : impl_(std::make_unique<Impl>()) {
  // Failures become ResultsError with a message of our own; HDF5 printing its stack to stderr would only add noise.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  impl_->path_ = std::move(path);
  impl_->tmp_path_ = temporary_path(impl_->path_);
  const hdf5::PropertyList create(H5Pcreate(H5P_FILE_CREATE));
  if (!create.valid() || H5Pset_link_creation_order(create.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0)
    impl_->fail_hdf5("create", "");
  const hdf5::PropertyList access(H5Pcreate(H5P_FILE_ACCESS));
  // H5Fclose must really close the file before commit() renames it: with "semi", an identifier we forgot to close
  // makes it fail instead of leaving the file open behind our back.
  if (!access.valid() || H5Pset_fclose_degree(access.get(), H5F_CLOSE_SEMI) < 0) impl_->fail_hdf5("create", "");
  impl_->file_ = hdf5::File(H5Fcreate(impl_->tmp_path_.c_str(), H5F_ACC_TRUNC, create.get(), access.get()));
  if (!impl_->file_.valid()) impl_->fail_hdf5("create", "");
}

ResultsFile::~ResultsFile() {
  if (impl_ == nullptr || impl_->committed_) return;
  impl_->file_.reset();
  std::error_code ignored;  // nothing to report to from a destructor; the final path was never touched
  std::filesystem::remove(impl_->tmp_path_, ignored);
}

ResultsFile::ResultsFile(ResultsFile&&) noexcept = default;

ResultsFile& ResultsFile::operator=(ResultsFile&& other) noexcept {
  if (this != &other) {
    ResultsFile discarded(std::move(*this));  // removes our own uncommitted file, as the destructor would
    impl_ = std::move(other.impl_);
  }
  return *this;
}

ResultsFile::Impl& ResultsFile::live() const {
  if (impl_ == nullptr) throw std::logic_error("ResultsFile used after being moved from");
  if (impl_->committed_) throw std::logic_error("ResultsFile " + impl_->path_.string() + " used after commit()");
  return *impl_;
}

void ResultsFile::create_group(std::string_view path) {
  const Impl& impl = live();
  const auto parts = impl.components("create group", path);
  impl.open_or_create_group(parts, parts.size());
}

void ResultsFile::write(std::string_view path, std::span<const double> values) {
  live().write_1d(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.size(), values.data());
}

void ResultsFile::write(std::string_view path, std::span<const std::int64_t> values) {
  live().write_1d(path, H5T_STD_I64LE, H5T_NATIVE_INT64, values.size(), values.data());
}

void ResultsFile::write(std::string_view path, std::span<const std::uint64_t> values) {
  live().write_1d(path, H5T_STD_U64LE, H5T_NATIVE_UINT64, values.size(), values.data());
}

void ResultsFile::write(std::string_view path, std::span<const std::string> values) {
  live().write_strings(path, values);
}

void ResultsFile::write_matrix(std::string_view path, std::span<const double> values, std::size_t rows,
                               std::size_t columns) {
  const Impl& impl = live();
  if (values.size() != rows * columns)
    impl.fail("create dataset", path,
              std::to_string(values.size()) + " values for " + std::to_string(rows) + " x " + std::to_string(columns));
  const hsize_t dims[] = {rows, columns};
  if (rows == 0 || columns == 0) {  // HDF5 has no chunk of zero extent; an empty matrix needs no compression
    impl.write_dataset(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, H5P_DEFAULT, values.data());
    return;
  }
  if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0) impl.fail("create dataset", path, "this HDF5 has no gzip filter");
  // Chunks of about 64 KiB of whole rows: a time series is read by time range, and gzip needs enough bytes to work.
  constexpr std::size_t kChunkValues = 8192;
  const hsize_t chunk[] = {std::clamp<hsize_t>(kChunkValues / columns, 1, rows),
                           std::min<hsize_t>(columns, kChunkValues)};
  const hdf5::PropertyList create(H5Pcreate(H5P_DATASET_CREATE));
  // Shuffle first: grouping the bytes of nearby doubles by significance roughly doubles what gzip saves.
  if (!create.valid() || H5Pset_chunk(create.get(), 2, chunk) < 0 || H5Pset_shuffle(create.get()) < 0 ||
      H5Pset_deflate(create.get(), 4) < 0)
    impl.fail_hdf5("set chunking and compression for", path);
  impl.write_dataset(path, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, create.get(), values.data());
}

void ResultsFile::set_attribute(std::string_view object_path, std::string_view name, const AttributeValue& value) {
  const Impl& impl = live();
  const std::string action = "set attribute '" + std::string(name) + "' on";
  impl.components(action, object_path);
  const std::string object(object_path);
  const std::string attribute(name);
  const htri_t exists = H5Aexists_by_name(impl.file_.get(), object.c_str(), attribute.c_str(), H5P_DEFAULT);
  if (exists < 0) impl.fail_hdf5(action, object);
  if (exists > 0 && H5Adelete_by_name(impl.file_.get(), object.c_str(), attribute.c_str(), H5P_DEFAULT) < 0)
    impl.fail_hdf5(action, object);

  const hdf5::Dataspace scalar(H5Screate(H5S_SCALAR));
  if (!scalar.valid()) impl.fail_hdf5(action, object);
  const auto write = [&](hid_t file_type, hid_t memory_type, const void* data) {
    const hdf5::Attribute created(H5Acreate_by_name(impl.file_.get(), object.c_str(), attribute.c_str(), file_type,
                                                    scalar.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    if (!created.valid() || H5Awrite(created.get(), memory_type, data) < 0) impl.fail_hdf5(action, object);
  };
  if (const auto* text = std::get_if<std::string>(&value)) {
    const auto type = string_type();
    const char* pointer = text->c_str();
    write(type.get(), type.get(), &pointer);
  } else if (const auto* real = std::get_if<double>(&value)) {
    write(H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, real);
  } else if (const auto* signed_value = std::get_if<std::int64_t>(&value)) {
    write(H5T_STD_I64LE, H5T_NATIVE_INT64, signed_value);
  } else {
    write(H5T_STD_U64LE, H5T_NATIVE_UINT64, &std::get<std::uint64_t>(value));
  }
}

void ResultsFile::write_table(std::string_view path, std::span<const Column> columns) {
  const Impl& impl = live();
  const auto length = [](const Column& column) {
    return std::visit([](const auto& values) { return values.size(); }, column.values);
  };
  for (const auto& column : columns) {
    if (column.name.empty() || column.name.find('/') != std::string::npos)
      impl.fail("write table", path, "column name '" + column.name + "' is empty or contains /");
    if (length(column) != length(columns.front()))
      impl.fail("write table", path,
                "column '" + column.name + "' has " + std::to_string(length(column)) + " rows, column '" +
                    columns.front().name + "' has " + std::to_string(length(columns.front())));
  }
  create_group(path);
  const std::string prefix = path.ends_with('/') ? std::string(path) : std::string(path) + '/';
  for (const auto& column : columns) {
    const std::string column_path = prefix + column.name;
    std::visit([&](const auto& values) { write(column_path, std::span(values)); }, column.values);
    if (!column.unit.empty()) set_attribute(column_path, "unit", column.unit);
    if (!column.description.empty()) set_attribute(column_path, "description", column.description);
  }
}

void ResultsFile::commit() {
  Impl& impl = live();
  // Marked first: whatever happens below, the destructor must not try to close the file again.
  impl.committed_ = true;
  if (H5Fclose(impl.file_.release()) < 0) {
    const std::string reason = take_hdf5_error();
    std::error_code ignored;
    std::filesystem::remove(impl.tmp_path_, ignored);
    impl.fail("close", "", reason);
  }
  std::error_code error;
  std::filesystem::rename(impl.tmp_path_, impl.path_, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(impl.tmp_path_, ignored);
    impl.fail("rename " + impl.tmp_path_.string() + " to", "", error.message());
  }
}

const std::filesystem::path& ResultsFile::path() const {
  if (impl_ == nullptr) throw std::logic_error("ResultsFile used after being moved from");
  return impl_->path_;
}

}  // namespace chaintwin::analysis
