#pragma once
// The truth ledger: every physical fact of one simulated world, exactly as and when it happened.
//
// It is the one source for the stream generators (which turn facts into noisy messages) and for scoring pipelines
// against the truth, so it is built for scanning: append-only, columnar (one std::vector per field, so a scan of
// times or quantities touches only those bytes), one table per kind of fact. Facts are appended as the
// simulation executes them (customers served in batches at each flush, in time order: see append_demands), so
// every table is sorted by time, same-time rows in execution order, and rows(t0, t1) is two binary searches.
//
// Identity. A fact is named by its table and row: FactId packs both in 64 bits. Orders, shipments, vehicles and
// customer demands have dense uint32 ids, which are also the row of their static description (OrderInfo, ...).
//
// Conservation. Units enter the world only through shipments dispatched by suppliers (ShipmentInfo whose
// origin is a supplier) and initial stock (StockReason::kInitial); they leave only as sales and spoilage. So at any
// time: initial + dispatched by suppliers = on hand + in transit + sold + spoiled. Customer demand is either sold
// at once, recorded lost, or backordered and later filled (backorder_fills).
//
// Sales are recorded once. A sale from the shelf at the customer's arrival is the demand row's `filled`: the stock
// table holds no row for it (customers are most of the world's facts, so this halves the ledger). A backorder filled
// later is a kSold stock row, beside its backorder_fills row. StockMovements replays every movement of stock, the
// sales from the demand table included, in execution order: each stock row says how many demand rows precede it.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "network/types.hpp"
#include "sim/core/time.hpp"

namespace chaintwin::world {

using network::SiteId;
using network::SkuId;
using OrderId = std::uint32_t;
using ShipmentId = std::uint32_t;
using VehicleId = std::uint32_t;
using DemandId = std::uint32_t;
inline constexpr std::uint32_t kNone = 0xffff'ffffu;

enum class FactTable : std::uint8_t {
  kStock,
  kDemand,
  kBackorderFills,
  kOrderEvents,
  kShipmentEvents,
  kPositions,
  kTemperatures,
  kDisruptions,
};
inline constexpr std::size_t kFactTableCount = 8;
std::string_view to_string(FactTable table);

struct FactId {
  std::uint64_t packed = 0;
  static constexpr FactId make(FactTable table, std::uint64_t row) {
    return {(std::uint64_t{static_cast<std::uint8_t>(table)} << 56) | row};
  }
  constexpr FactTable table() const { return static_cast<FactTable>(packed >> 56); }
  constexpr std::uint64_t row() const { return packed & ((std::uint64_t{1} << 56) - 1); }
  friend constexpr bool operator==(FactId, FactId) = default;
};

enum class StockReason : std::uint8_t {
  kInitial,   // opening stock at time 0
  kReceived,  // put away from an inbound shipment (ref: shipment)
  kSold,      // to a customer (ref: demand id)
  kPicked,    // picked and loaded onto an outbound shipment (ref: shipment)
  kSpoiled,   // written off after a cold-chain excursion (ref: kNone)
};
std::string_view to_string(StockReason reason);

enum class OrderKind : std::uint8_t {
  kReplenishment,  // a store's order on its DC
  kPurchase,       // a DC's purchase order on a supplier
};
std::string_view to_string(OrderKind kind);

enum class OrderState : std::uint8_t {
  kCreated,    // value: total units ordered
  kConfirmed,  // value: total units the source commits to (suppliers may confirm less)
  kShipped,    // value: shipment id (an order may ship in several shipments)
  kDelivered,  // value: units received so far, once every shipment of the order has been received
};
std::string_view to_string(OrderState state);

enum class ShipmentState : std::uint8_t {
  kDispatched,     // left its origin on its first lane (site: origin, lane: first lane)
  kLegArrived,     // reached the end of a lane that is not the last (site: where)
  kLegDeparted,    // left an intermediate site (site: where, lane: next lane)
  kBerthed,        // its vessel took a berth at a port (site: port)
  kCustomsHold,    // held by customs (site: port)
  kCustomsRelease, // released (site: port)
  kArrived,        // reached its destination's gate (site: destination)
  kUnloaded,       // unloaded at a dock door (site: destination)
  kReceived,       // put away: stock available (site: destination)
  kDocked,         // its truck took a dock door at the destination DC; unloading starts (site: destination)
};
std::string_view to_string(ShipmentState state);

enum class VehicleKind : std::uint8_t { kTruck, kVessel };
enum class VehicleStatus : std::uint8_t { kMoving, kStopped, kBrokenDown };
std::string_view to_string(VehicleStatus status);

enum class DisruptionPhase : std::uint8_t { kStart, kEnd };

// Static descriptions, written once when the thing is created.
struct OrderInfo {
  OrderKind kind;
  SiteId source;       // DC or supplier
  SiteId destination;  // store or DC
  sim::SimTime created;
  sim::SimTime promised;      // delivery promised by then (created + planned lead time)
  std::uint32_t first_line;   // its lines are order_lines[first_line, first_line + line_count)
  std::uint32_t line_count;
};
struct OrderLine {
  SkuId sku;
  std::uint32_t quantity;
};
struct ShipmentInfo {
  OrderId order;
  SiteId origin;
  SiteId destination;
  network::TransportMode mode;  // of the first lane
  VehicleId vehicle;            // the truck carrying it from its origin (set at dispatch), or kNone (carrier)
  std::uint32_t first_line;     // into shipment_lines
  std::uint32_t line_count;
};
struct VehicleInfo {
  VehicleKind kind;
  SiteId home;  // a truck's DC; a vessel's origin port or supplier
};

// The columnar tables. Every column of a table has the same length; row i of each is one fact.
// Stock movements other than sales at a customer's arrival (those are the demand table's `filled`; see
// StockMovements for all movements in order).
struct StockTable {
  std::vector<std::int64_t> time;  // ns
  std::vector<SiteId> site;
  std::vector<SkuId> sku;
  std::vector<std::int32_t> delta;  // units, signed
  std::vector<StockReason> reason;
  std::vector<std::uint32_t> ref;  // shipment or demand id, kNone
  // Demand rows recorded before this movement: it happened after demands [0, n) and before the rest, which places
  // it exactly among the immediate sales, same-time ones included.
  std::vector<std::uint32_t> demand_rows_before;
};
struct DemandTable {  // one customer order at a store; its row is its DemandId; filled > 0 is a sale
  std::vector<std::int64_t> time;
  std::vector<SiteId> site;
  std::vector<SkuId> sku;
  std::vector<std::uint32_t> requested;
  std::vector<std::uint32_t> filled;  // at once, from the shelf
};
struct BackorderFillTable {
  std::vector<std::int64_t> time;
  std::vector<DemandId> demand;
  std::vector<std::uint32_t> quantity;
};
struct OrderEventTable {
  std::vector<std::int64_t> time;
  std::vector<OrderId> order;
  std::vector<OrderState> state;
  std::vector<std::uint32_t> value;
};
struct ShipmentEventTable {
  std::vector<std::int64_t> time;
  std::vector<ShipmentId> shipment;
  std::vector<ShipmentState> state;
  std::vector<SiteId> site;
  std::vector<std::uint32_t> lane;  // network::LaneId value, or kNone
};
struct PositionTable {
  std::vector<std::int64_t> time;
  std::vector<VehicleId> vehicle;
  std::vector<float> lat;  // degrees; float keeps about a metre at any latitude
  std::vector<float> lon;
  std::vector<float> speed_kmh;
  std::vector<float> heading_deg;  // 0 north, clockwise
  std::vector<VehicleStatus> status;
};
struct TemperatureTable {
  std::vector<std::int64_t> time;
  std::vector<SiteId> site;
  std::vector<network::TemperatureClass> zone;  // the cold room: chilled or frozen
  std::vector<float> celsius;
};
struct DisruptionTable {
  std::vector<std::int64_t> time;
  std::vector<std::uint32_t> disruption;  // index of the occurrence (scheduled ones first, then random)
  std::vector<std::uint8_t> kind;         // DisruptionKind
  std::vector<std::uint32_t> target;      // site id, or kNone for regions and "all"
  std::vector<DisruptionPhase> phase;
  std::vector<float> magnitude;
};

// One customer demand, as append_demands takes them.
struct DemandRow {
  std::int64_t time;
  SiteId site;
  SkuId sku;
  std::uint32_t requested;
  std::uint32_t filled;
};

class Ledger {
 public:
  // Appends; t must not precede the table's last time (the simulation's clock never goes back).
  FactId stock(sim::SimTime t, SiteId site, SkuId sku, std::int32_t delta, StockReason reason, std::uint32_t ref);
  DemandId demand(sim::SimTime t, SiteId site, SkuId sku, std::uint32_t requested, std::uint32_t filled);
  // Customer demands served in batches (the world serves each store's customers between the events that touch the
  // store, and hands them over in time order once they are all known): `rows` sorted by time, none before the
  // table's last time. Stock rows appended since the previous batch are placed after the demands strictly before
  // their time and before the others. A ledger takes customers either one by one or in batches, not both.
  void append_demands(std::span<const DemandRow> rows);
  FactId backorder_fill(sim::SimTime t, DemandId demand, std::uint32_t quantity);
  OrderId new_order(const OrderInfo& info, std::span<const OrderLine> lines);
  FactId order_event(sim::SimTime t, OrderId order, OrderState state, std::uint32_t value);
  ShipmentId new_shipment(const ShipmentInfo& info, std::span<const OrderLine> lines);
  // The truck a DC loads the shipment onto, known only at dispatch (ShipmentInfo::vehicle until then: kNone).
  void assign_vehicle(ShipmentId shipment, VehicleId vehicle) { shipments_[shipment].vehicle = vehicle; }
  FactId shipment_event(sim::SimTime t, ShipmentId shipment, ShipmentState state, SiteId site, std::uint32_t lane);
  VehicleId new_vehicle(const VehicleInfo& info);
  FactId position(sim::SimTime t, VehicleId vehicle, float lat, float lon, float speed_kmh, float heading_deg,
                  VehicleStatus status);
  FactId temperature(sim::SimTime t, SiteId site, network::TemperatureClass zone, float celsius);
  FactId disruption(sim::SimTime t, std::uint32_t disruption, std::uint8_t kind, std::uint32_t target,
                    DisruptionPhase phase, float magnitude);

  const StockTable& stock() const { return stock_; }
  const DemandTable& demand() const { return demand_; }
  const BackorderFillTable& backorder_fills() const { return backorder_fills_; }
  const OrderEventTable& order_events() const { return order_events_; }
  const ShipmentEventTable& shipment_events() const { return shipment_events_; }
  const PositionTable& positions() const { return positions_; }
  const TemperatureTable& temperatures() const { return temperatures_; }
  const DisruptionTable& disruptions() const { return disruptions_; }
  const std::vector<OrderInfo>& orders() const { return orders_; }
  const std::vector<OrderLine>& order_lines() const { return order_lines_; }
  const std::vector<ShipmentInfo>& shipments() const { return shipments_; }
  const std::vector<OrderLine>& shipment_lines() const { return shipment_lines_; }
  const std::vector<VehicleInfo>& vehicles() const { return vehicles_; }

  std::span<const OrderLine> lines_of(OrderId order) const {
    const OrderInfo& o = orders_[order];
    return {order_lines_.data() + o.first_line, o.line_count};
  }
  std::span<const OrderLine> lines_of_shipment(ShipmentId shipment) const {
    const ShipmentInfo& s = shipments_[shipment];
    return {shipment_lines_.data() + s.first_line, s.line_count};
  }

  // Rows [first, last) of a time column with t0 <= time < t1.
  static std::pair<std::size_t, std::size_t> rows(const std::vector<std::int64_t>& time, sim::SimTime t0,
                                                  sim::SimTime t1) {
    const auto lo = std::lower_bound(time.begin(), time.end(), t0.ns());
    const auto hi = std::lower_bound(lo, time.end(), t1.ns());
    return {static_cast<std::size_t>(lo - time.begin()), static_cast<std::size_t>(hi - time.begin())};
  }

  std::size_t row_count(FactTable table) const;
  std::size_t total_rows() const;
  // Reserves room for `rows` facts in a table's columns. A world reserves what it expects to record, so the
  // columns never copy themselves while growing; room reserved and never written is address space only (the
  // operating system backs pages when first written), which is why memory_bytes() counts rows, not capacity.
  void reserve(FactTable table, std::size_t rows);
  // Bytes of the facts recorded: rows times row width, plus the descriptions of orders, shipments and vehicles.
  std::size_t memory_bytes() const;
  // Frees the spare capacity of the columns (copies each column once: not for the hot path).
  void shrink_to_fit();
  // FNV-1a 64 over every column of every table: equal ledgers have equal hashes (a determinism check).
  std::uint64_t hash() const;

 private:
  StockTable stock_;
  std::size_t stock_rows_placed_ = 0;  // stock rows whose demand_rows_before is final (see append_demands)
  DemandTable demand_;
  BackorderFillTable backorder_fills_;
  OrderEventTable order_events_;
  ShipmentEventTable shipment_events_;
  PositionTable positions_;
  TemperatureTable temperatures_;
  DisruptionTable disruptions_;
  std::vector<OrderInfo> orders_;
  std::vector<OrderLine> order_lines_;
  std::vector<ShipmentInfo> shipments_;
  std::vector<OrderLine> shipment_lines_;
  std::vector<VehicleInfo> vehicles_;
};

// Every stock movement in the order it happened: the stock table's rows, and the sales at customers' arrivals
// (demand rows with filled > 0, as kSold movements of -filled with ref = the DemandId) merged in by each stock
// row's demand_rows_before. Times never decrease. Readers of on-hand stock (KPIs, stock series) use this.
struct StockMovement {
  std::int64_t time;
  SiteId site;
  SkuId sku;
  std::int32_t delta;
  StockReason reason;
  std::uint32_t ref;
  FactTable table;  // where it is recorded: kStock, or kDemand for an immediate sale
  std::size_t row;
};

class StockMovements {
 public:
  explicit StockMovements(const Ledger& ledger) : stock_(ledger.stock()), demand_(ledger.demand()) { skip_unsold(); }
  bool done() const { return stock_row_ == stock_.time.size() && demand_row_ == demand_.time.size(); }
  // Time of the next movement; done() must be false.
  std::int64_t time() const { return stock_next() ? stock_.time[stock_row_] : demand_.time[demand_row_]; }
  StockMovement next() {
    if (stock_next()) {
      const std::size_t i = stock_row_++;
      return {stock_.time[i], stock_.site[i], stock_.sku[i], stock_.delta[i], stock_.reason[i], stock_.ref[i],
              FactTable::kStock, i};
    }
    const std::size_t j = demand_row_++;
    skip_unsold();
    return {demand_.time[j],   demand_.site[j],   demand_.sku[j], -static_cast<std::int32_t>(demand_.filled[j]),
            StockReason::kSold, static_cast<std::uint32_t>(j), FactTable::kDemand, j};
  }

 private:
  bool stock_next() const {
    return stock_row_ < stock_.time.size() &&
           (demand_row_ == demand_.time.size() || stock_.demand_rows_before[stock_row_] <= demand_row_);
  }
  void skip_unsold() {
    while (demand_row_ < demand_.time.size() && demand_.filled[demand_row_] == 0) ++demand_row_;
  }
  const StockTable& stock_;
  const DemandTable& demand_;
  std::size_t stock_row_ = 0;
  std::size_t demand_row_ = 0;  // the next demand row with a sale
};

}  // namespace chaintwin::world
