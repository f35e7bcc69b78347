#pragma once
// The truth about every message the generators sent: which facts of the world's ledger it reports, what noise was
// applied to it, and when it was due. Messages never carry these labels; scoring and the tests read them here.
//
// One row per delivery, in the order the messages were sent (send time, then creation order). An exact duplicate
// or a re-sent EDI interchange is a second delivery of the same message id: two rows with one id.

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "generators/config.hpp"
#include "sim/world/ledger.hpp"

namespace chaintwin::generators {

// What a message says. Each source has its own kinds; the name is what docs/topics.md calls it.
enum class MessageKind : std::uint8_t {
  // kEpcis
  kEpcisArriving,   // a shipment reached a DC's or store's gate (ObjectEvent arriving)
  kEpcisUnloading,  // unloaded at a dock door (ObjectEvent unloading)
  kEpcisReceiving,  // counted in at the dock (ObjectEvent receiving, with quantities)
  kEpcisStoring,    // put away: stock available (ObjectEvent storing)
  kEpcisPicking,    // picked for an outbound shipment (ObjectEvent picking)
  kEpcisLoading,    // packed onto its pallet and loaded (AggregationEvent ADD)
  kEpcisShipping,   // shipped: left the DC (ObjectEvent shipping)
  kEpcisSensor,     // a cold-room logger's reading (ObjectEvent sensor_reporting)
  // kEquipment
  kEquipmentBirth,  // an edge node announcing its metrics (NBIRTH)
  kDockDoor,        // a truck took a dock door: doors in use (DDATA)
  kDockData,        // an unloading finished: doors in use, trucks unloaded (DDATA)
  kConveyorData,    // conveyor counters after a picking (DDATA)
  // kGps
  kGpsPosition,
  kGeofenceEnter,
  kGeofenceExit,
  // kAis
  kAisPosition,
  // kEdi
  kEdi850,  // purchase order
  kEdi855,  // purchase order acknowledgement
  kEdi856,  // advance ship notice
  kEdi214,  // carrier shipment status
  kEdi846,  // inventory advice
  // kErp
  kErpOrder,       // replenishment order status (created, confirmed, shipped, delivered)
  kErpAdjustment,  // inventory adjustment (spoilage write-off)
  kErpPoStatus,    // purchase order status
  kErpFulfilment,  // a store order's shipment: shipped from the DC, delivered at the store
  // kPos
  kPosSale,   // a till receipt line
  kWebOrder,  // a web-shop order
  // kSupplier
  kSupplierConfirmation,
  kSupplierLeadTime,
  kSupplierOutage,
  // kExternal
  kWeatherAlert,
  kPortStatus,      // a port closed or reopened
  kPortCongestion,  // a port's vessels waiting for a berth, daily
};
inline constexpr std::size_t kMessageKindCount = 33;
std::string_view to_string(MessageKind kind);
Source source_of(MessageKind kind);

// Noise applied to one delivery, as bits.
namespace noise {
inline constexpr std::uint32_t kDuplicate = 1u << 0;        // exact copy of an earlier delivery (same id, bytes)
inline constexpr std::uint32_t kReread = 1u << 1;           // EPCIS: tags read again (same content, new eventID)
inline constexpr std::uint32_t kResent = 1u << 2;           // EDI: interchange sent again (same id, same ISA13)
inline constexpr std::uint32_t kBuffered = 1u << 3;         // held by its device through a coverage gap
inline constexpr std::uint32_t kOutOfOrder = 1u << 4;       // sent after a later event of the same key
inline constexpr std::uint32_t kMissingOptional = 1u << 5;  // an optional field left out (field: which)
inline constexpr std::uint32_t kMissingRequired = 1u << 6;  // a required field left out (field: which)
inline constexpr std::uint32_t kClockError = 1u << 7;       // the sender's clock is off by 5 s or more
inline constexpr std::uint32_t kTimeBasis = 1u << 8;        // EDI: time written in the other basis (UTC vs local)
inline constexpr std::uint32_t kUnknownTime = 1u << 9;      // EDI: time written 0000
inline constexpr std::uint32_t kGpsOutlier = 1u << 10;      // a position jump of 100 m to several km
inline constexpr std::uint32_t kGpsZeroFix = 1u << 11;      // latitude 0, longitude 0
inline constexpr std::uint32_t kGpsStaleFix = 1u << 12;     // the previous fix again, valid=false
inline constexpr std::uint32_t kSensorStuck = 1u << 13;     // the sensor repeats an old value
inline constexpr std::uint32_t kUnitError = 1u << 14;       // Fahrenheit written as Celsius
inline constexpr std::uint32_t kSchemaV2 = 1u << 15;        // written in schema version 2
inline constexpr std::uint32_t kLate = 1u << 16;            // delayed by more than an hour past its batch
}  // namespace noise
std::string noise_names(std::uint32_t bits);  // "duplicate|out_of_order", or "" for none

namespace detail {
// Memory for the generators' large arrays (the truth's rows, queued messages), in transparent huge pages where the
// system offers them: a national run fills tens of megabytes, and faulting them in 4 KiB at a time cost more than
// writing them. Throws std::bad_alloc; release with FreeHugePages.
void* allocate_huge_pages(std::size_t bytes);
struct FreeHugePages {
  void operator()(void* memory) const noexcept;
};
}  // namespace detail

class MessageTruth {
 public:
  struct Row {
    std::uint64_t message_id;
    std::int64_t event_ns;   // true time of the first fact reported
    std::int64_t send_ns;    // simulated time the message reached the bus (its intended send time)
    std::int64_t clock_error_ns;  // what the sender's clock added to the times it wrote
    std::uint32_t key;       // index into keys()
    std::uint32_t noise;
    MessageKind kind;
    std::uint8_t schema_version;
    std::uint8_t field;      // the field left out (index into the format's field list), 0xff: none
    world::FactId fact;      // the fact reported; kNoFact for a snapshot (an EDI 846, a congestion report)
  };
  // A message reports one fact of the ledger, or, for a snapshot, a state at a time and no one fact.
  static constexpr world::FactId kNoFact{~std::uint64_t{0}};

  void append(const Row& row) {
    if (size_ % kChunkRows == 0) add_chunk();
    chunks_.back()[size_ % kChunkRows] = row;
    ++size_;
  }
  std::size_t size() const { return size_; }
  const Row& row(std::size_t i) const { return chunks_[i / kChunkRows][i % kChunkRows]; }
  // The facts of row i: none for a snapshot, else one.
  std::vector<world::FactId> facts(std::size_t i) const {
    const world::FactId f = row(i).fact;
    return f == kNoFact ? std::vector<world::FactId>{} : std::vector<world::FactId>{f};
  }
  std::uint32_t add_key(std::string key);
  std::string_view key(std::uint32_t index) const { return keys_[index]; }
  std::size_t key_count() const { return keys_.size(); }

 private:
  // Rows in chunks of 4 MiB: growing never copies what is held (a national run has millions of rows), and there is
  // one allocation per chunk, not per few rows as a deque would make.
  static constexpr std::size_t kChunkRows = (std::size_t{4} << 20) / sizeof(Row);
  void add_chunk();
  std::vector<std::unique_ptr<Row[], detail::FreeHugePages>> chunks_;
  std::size_t size_ = 0;
  std::deque<std::string> keys_;  // a deque: adding keys leaves the others in place, so views of them stay valid
};

}  // namespace chaintwin::generators
