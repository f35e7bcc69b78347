#pragma once
// Internal to analysis/ (and its tests): the one RAII wrapper for HDF5 identifiers. Every hid_t we open is owned by
// exactly one Handle, closed by the H5?close that matches its kind, so an exception part-way through writing never
// leaks an identifier (a leaked one keeps the file open and stops it from being renamed into place).
// Including this header pulls in hdf5.h: never include it from a public header.

#include <utility>

#include <hdf5.h>

namespace chaintwin::analysis::hdf5 {

template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid_t id) : id_(id) {}
  ~Handle() { reset(); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Gives up ownership, for a close whose result must be checked (closing a file flushes it).
  hid_t release() { return std::exchange(id_, H5I_INVALID_HID); }
  // A close failing here has nothing useful to report to: the error paths that matter go through release().
  void reset() {
    if (id_ >= 0) Close(id_);
    id_ = H5I_INVALID_HID;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using PropertyList = Handle<H5Pclose>;
using Attribute = Handle<H5Aclose>;

}  // namespace chaintwin::analysis::hdf5
