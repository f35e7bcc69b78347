#pragma once
// Test helper: reads back what ResultsFile wrote, with the HDF5 C API directly (not through the code under test).

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <hdf5.h>

#include "analysis/hdf5_handle.hpp"

namespace chaintwin::analysis::testing {

class Hdf5Reader {
 public:
  explicit Hdf5Reader(const std::filesystem::path& path) : file_(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)) {
    if (!file_.valid()) throw std::runtime_error("cannot open " + path.string());
  }

  // Whether every component of the absolute path exists (H5Lexists on a full path fails if a parent is missing).
  bool exists(const std::string& path) const {
    std::string current;
    std::size_t begin = 1;
    while (begin < path.size()) {
      const std::size_t end = std::min(path.find('/', begin), path.size());
      current += '/' + path.substr(begin, end - begin);
      if (H5Lexists(file_.get(), current.c_str(), H5P_DEFAULT) <= 0) return false;
      begin = end + 1;
    }
    return true;
  }

  std::vector<hsize_t> shape(const std::string& path) const {
    const auto space = dataspace(path);
    std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.get())));
    H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    return dims;
  }

  // Whether the dataset is stored with exactly this file datatype (e.g. H5T_STD_I64LE).
  bool has_type(const std::string& path, hid_t expected) const {
    const hdf5::Datatype type(H5Dget_type(dataset(path).get()));
    return H5Tequal(type.get(), expected) > 0;
  }

  template <class T>
  std::vector<T> read(const std::string& path, hid_t memory_type) const {
    const auto set = dataset(path);
    const hdf5::Dataspace space(H5Dget_space(set.get()));
    std::vector<T> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
    if (!values.empty() && H5Dread(set.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
      throw std::runtime_error("cannot read " + path);
    return values;
  }

  std::vector<std::string> read_strings(const std::string& path) const {
    const auto set = dataset(path);
    const hdf5::Dataspace space(H5Dget_space(set.get()));
    const auto type = string_type();
    std::vector<char*> pointers(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
    if (H5Dread(set.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0)
      throw std::runtime_error("cannot read " + path);
    const std::vector<std::string> values(pointers.begin(), pointers.end());
    H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, pointers.data());
    return values;
  }

  // A numeric scalar attribute, stored with exactly `file_type`.
  template <class T>
  T attribute(const std::string& object, const std::string& name, hid_t file_type, hid_t memory_type) const {
    const auto attr = open_attribute(object, name);
    const hdf5::Datatype type(H5Aget_type(attr.get()));
    if (H5Tequal(type.get(), file_type) <= 0) throw std::runtime_error("unexpected type of attribute " + name);
    T value{};
    if (H5Aread(attr.get(), memory_type, &value) < 0) throw std::runtime_error("cannot read attribute " + name);
    return value;
  }

  std::string string_attribute(const std::string& object, const std::string& name) const {
    const auto attr = open_attribute(object, name);
    const auto type = string_type();
    char* pointer = nullptr;
    if (H5Aread(attr.get(), type.get(), &pointer) < 0) throw std::runtime_error("cannot read attribute " + name);
    std::string value(pointer);
    H5free_memory(pointer);
    return value;
  }

  // Link names of a group in creation order.
  std::vector<std::string> children(const std::string& group) const {
    std::vector<std::string> names;
    const auto collect = [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
      static_cast<std::vector<std::string>*>(data)->emplace_back(name);
      return 0;
    };
    if (H5Literate_by_name(file_.get(), group.c_str(), H5_INDEX_CRT_ORDER, H5_ITER_INC, nullptr, collect, &names,
                           H5P_DEFAULT) < 0)
      throw std::runtime_error("cannot list " + group);
    return names;
  }

  hdf5::PropertyList creation_properties(const std::string& path) const {
    return hdf5::PropertyList(H5Dget_create_plist(dataset(path).get()));
  }

 private:
  hdf5::Dataset dataset(const std::string& path) const {
    hdf5::Dataset set(H5Dopen2(file_.get(), path.c_str(), H5P_DEFAULT));
    if (!set.valid()) throw std::runtime_error("no dataset " + path);
    return set;
  }
  hdf5::Dataspace dataspace(const std::string& path) const {
    return hdf5::Dataspace(H5Dget_space(dataset(path).get()));
  }
  hdf5::Attribute open_attribute(const std::string& object, const std::string& name) const {
    hdf5::Attribute attr(H5Aopen_by_name(file_.get(), object.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT));
    if (!attr.valid()) throw std::runtime_error("no attribute " + name + " on " + object);
    return attr;
  }
  static hdf5::Datatype string_type() {
    hdf5::Datatype type(H5Tcopy(H5T_C_S1));
    H5Tset_size(type.get(), H5T_VARIABLE);
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    return type;
  }

  hdf5::File file_;
};

}  // namespace chaintwin::analysis::testing
