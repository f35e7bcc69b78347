#pragma once
// The master topic: what any consumer of the streams must know before it can read them, the way a retailer's
// master-data system publishes it. Locations (with every identifier the messages use for them: name, SGLN, EDI
// code, UN/LOCODE), products (name, GTIN, UPC, EPC class) and each site's opening stock, sent once before the
// streams; and a stream_end record after the last message. Noise-free and not labelled in the message truth: it
// reports no fact of the run, only the network and the stock at time 0. docs/topics.md has the contract.

#include <cstdint>
#include <string>
#include <vector>

#include "network/network.hpp"
#include "sim/world/ledger.hpp"

namespace chaintwin::generators {

struct MasterRecord {
  std::string key;
  std::string payload;  // one JSON object
};

// Opening-stock records list at most this many SKUs each (a national DC's 10,000 would be 600 KB).
inline constexpr std::size_t kOpeningStockLinesPerRecord = 500;

// Every location, then every product, then the opening stock of each site with any (the ledger's kInitial rows), in
// that order. `epoch_unix_ns` is the run's simulated time 0.
std::vector<MasterRecord> master_records(const network::Network& net, const world::Ledger& ledger,
                                         std::int64_t epoch_unix_ns);

// The last record of a stream: the simulated time it ended at and how many messages the generators sent.
MasterRecord stream_end_record(std::int64_t end_unix_ns, std::uint64_t messages);

}  // namespace chaintwin::generators
