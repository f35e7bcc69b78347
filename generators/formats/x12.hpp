#pragma once
// ANSI X12 envelope: a writer that appends interchanges (ISA/GS/ST ... SE/GE/IEA) to a std::string, and a parser and
// validator that reads them back.
//
// The writer is free of randomness: noise (padding quirks, omitted segments, odd time bases) is chosen by the caller
// and passed in as options. Control numbers are the caller's too, so a re-sent interchange is the same bytes.
//
// Cost: writing appends to the caller's buffer (no allocation once it has grown); a segment costs one pass over its
// elements. Parsing is one pass over the bytes; the result holds string_views into the input (keep the input alive)
// and two vectors (fields, segments), so it allocates O(1) times per interchange, amortised.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chaintwin::formats::x12 {

// Simulated time: nanoseconds since the Unix epoch (UTC).
using EpochNs = std::int64_t;

// ---------------------------------------------------------------------------------------------------------------
// Dates and times as X12 writes them (CCYYMMDD, YYMMDD, HHMM), on a clock `utc_offset_minutes` east of UTC.

struct CivilDateTime {
  int year = 1970;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  friend bool operator==(const CivilDateTime&, const CivilDateTime&) = default;
};

CivilDateTime civil_time(EpochNs t, int utc_offset_minutes);
EpochNs epoch_ns(const CivilDateTime& local, int utc_offset_minutes);
std::string format_ccyymmdd(EpochNs t, int utc_offset_minutes);
std::string format_yymmdd(EpochNs t, int utc_offset_minutes);
std::string format_hhmm(EpochNs t, int utc_offset_minutes);
// CCYYMMDD and optional HHMM (empty = midnight); nullopt unless both are well-formed digits of a real date/time.
std::optional<CivilDateTime> parse_date_time(std::string_view ccyymmdd, std::string_view hhmm = {});

// ---------------------------------------------------------------------------------------------------------------
// Transaction sets and versions.

enum class TransactionSet : std::uint8_t {
  kPurchaseOrder850,
  kPurchaseOrderAck855,
  kShipNotice856,
  kShipmentStatus214,
  kInventoryAdvice846,
};
inline constexpr TransactionSet kAllTransactionSets[] = {
    TransactionSet::kPurchaseOrder850, TransactionSet::kPurchaseOrderAck855, TransactionSet::kShipNotice856,
    TransactionSet::kShipmentStatus214, TransactionSet::kInventoryAdvice846};

std::string_view transaction_set_id(TransactionSet set);  // "850"
std::string_view functional_id_code(TransactionSet set);  // GS01: "PO"
std::optional<TransactionSet> transaction_set_from_id(std::string_view st01);
// GS01 expected for an ST01 ("214" -> "QM"); empty for sets this library does not know.
std::string_view functional_id_code_for(std::string_view st01);

// v1 writes the 004010 envelope and segments; v2 is the schema drift a partner upgrade brings (docs/x12.md): the
// 005010 envelope (repetition separator in ISA11) plus per-document changes listed in x12_documents.hpp.
enum class SchemaVersion : std::uint8_t { kV1, kV2 };

struct Separators {
  char element = '*';
  char component = '>';   // ISA16
  char segment = '~';     // the byte after ISA16
  char repetition = '^';  // ISA11 from 005010 on; 004010 has the standards id 'U' there instead
};

// ---------------------------------------------------------------------------------------------------------------
// Writer.

struct InterchangeHeader {
  std::string sender_qualifier = "ZZ";         // ISA05
  std::string sender_id;                       // ISA06, padded/truncated to 15
  std::string receiver_qualifier = "ZZ";       // ISA07
  std::string receiver_id;                     // ISA08, padded/truncated to 15
  EpochNs prepared_at = 0;                     // ISA09/ISA10
  int utc_offset_minutes = 0;                  // clock of ISA09/ISA10
  std::uint32_t control_number = 0;            // ISA13 = IEA02, 0..999999999, written as 9 digits
  bool acknowledgment_requested = false;       // ISA14
  bool production = true;                      // ISA15 P or T
  SchemaVersion version = SchemaVersion::kV1;  // kV2: ISA11 '^', ISA12 00501, GS08 005010
  Separators separators{};
};

struct GroupHeader {
  TransactionSet set = TransactionSet::kShipmentStatus214;  // GS01 from it; every ST of the group must match
  std::string application_sender;                           // GS02
  std::string application_receiver;                         // GS03
  EpochNs prepared_at = 0;                                  // GS04/GS05
  int utc_offset_minutes = 0;
  std::uint32_t control_number = 0;  // GS06 = GE02 (numerically)
  // Zero padding of GS06 and GE02 (0 = none). Unequal widths reproduce the real quirk `GS06 00007` / `GE02 7`.
  int gs06_digits = 0;
  int ge02_digits = 0;
};

// Appends one interchange to `out`. Calls nest: begin_group, (begin_transaction, segment..., end_transaction)...,
// end_group, ..., finish. Misuse (a segment outside a transaction, finish with an open group, an out-of-range
// control number) is a bug in the caller: std::logic_error.
//
// Data elements are sanitised: a separator or control character inside data would split the element or segment, so
// each is replaced by a space and counted in sanitized_characters(). Trailing empty elements are omitted, as X12
// requires; empty elements in the middle stay (`L11**BM`).
class InterchangeBuilder {
 public:
  InterchangeBuilder(std::string& out, const InterchangeHeader& header);
  InterchangeBuilder(const InterchangeBuilder&) = delete;
  InterchangeBuilder& operator=(const InterchangeBuilder&) = delete;

  void begin_group(const GroupHeader& group);
  // ST02 is written with at least `digits` digits (X12 asks 4 to 9).
  void begin_transaction(TransactionSet set, std::uint32_t control_number, int digits = 4);
  void segment(std::string_view tag, std::initializer_list<std::string_view> elements);
  void segment(std::string_view tag, std::span<const std::string_view> elements);
  void end_transaction();  // SE, SE01 counted
  void end_group();        // GE, GE01 counted
  void finish();           // IEA, IEA01 counted

  const Separators& separators() const { return header_.separators; }
  SchemaVersion version() const { return header_.version; }
  std::size_t sanitized_characters() const { return sanitized_; }
  std::size_t segments_in_transaction() const { return segments_in_transaction_; }

 private:
  void append_element(std::string_view value);
  void write_segment(std::string_view tag, std::span<const std::string_view> elements);

  std::string& out_;
  InterchangeHeader header_;
  std::optional<GroupHeader> group_;
  std::optional<std::uint32_t> transaction_control_;
  int transaction_digits_ = 4;
  std::size_t segments_in_transaction_ = 0;
  std::size_t transactions_in_group_ = 0;
  std::size_t groups_ = 0;
  std::size_t sanitized_ = 0;
  bool finished_ = false;
};

// The separator-free form of `value` (separators and control characters become spaces).
std::string sanitize_element(std::string_view value, const Separators& separators, bool has_repetition);

// ---------------------------------------------------------------------------------------------------------------
// Parser and validator.

enum class ProblemKind : std::uint8_t {
  kNotAnInterchange,         // does not start with ISA
  kTruncated,                // bytes end inside the ISA or inside a segment
  kIsaLength,                // ISA not 106 characters with its terminator
  kIsaElement,               // an ISA element of the wrong size or form
  kSeparators,               // separators not distinct, or alphanumeric
  kSegmentTag,               // a tag that is not 2-3 upper-case letters/digits
  kStructure,                // a segment out of place (ST outside a group, GE without GS, ...)
  kMissingTrailer,           // SE, GE or IEA missing
  kNotNumeric,               // a count or control number that is not digits
  kControlNumberMismatch,    // ISA13/IEA02, GS06/GE02, ST02/SE02
  kSegmentCount,             // SE01
  kTransactionCount,         // GE01
  kGroupCount,               // IEA01
  kFunctionalGroupMismatch,  // ST01 not of the GS01 functional group
  kTrailingData,             // bytes after IEA
  kMissingSegment,           // check_transaction: a required segment absent
  kEmptyElement,             // check_transaction: a mandatory element empty
};
std::string_view problem_kind_name(ProblemKind kind);

struct Problem {
  ProblemKind kind;
  std::string where;              // segment or element: "SE01", "ISA", "GE02"
  std::size_t segment_index = 0;  // 0 = ISA
  std::string expected;
  std::string found;
  std::string message() const;  // "SE01 (segment 9): expected 9, found 8 [segment count]"
};

// A parsed segment: fields()[0] is the tag, element(n) the n-th element (X12 positions start at 1).
class Segment {
 public:
  Segment(std::span<const std::string_view> fields, std::size_t index) : fields_(fields), index_(index) {}
  std::string_view tag() const { return fields_.empty() ? std::string_view{} : fields_[0]; }
  std::string_view element(std::size_t position) const {
    return position < fields_.size() ? fields_[position] : std::string_view{};
  }
  std::size_t element_count() const { return fields_.empty() ? 0 : fields_.size() - 1; }
  std::size_t index() const { return index_; }  // position in the interchange, ISA = 0
  std::span<const std::string_view> fields() const { return fields_; }

 private:
  std::span<const std::string_view> fields_;
  std::size_t index_;
};

struct TransactionView {
  std::span<const Segment> segments;  // ST .. SE inclusive (without SE when it is missing)
  bool has_trailer = false;
  std::string_view id() const;              // ST01
  std::string_view control_number() const;  // ST02
  const Segment* first(std::string_view tag) const;
  std::vector<const Segment*> all(std::string_view tag) const;
};

struct GroupView {
  const Segment* header = nullptr;   // GS (null for an ST found outside any group)
  const Segment* trailer = nullptr;  // GE
  std::vector<TransactionView> transactions;
  std::string_view functional_id() const { return header ? header->element(1) : std::string_view{}; }
};

// The result of parse(): segments with views into the parsed bytes, the groups and transactions found, and every
// problem seen. Move-only: its views point into its own buffers.
class Interchange {
 public:
  Interchange() = default;
  Interchange(Interchange&&) = default;
  Interchange& operator=(Interchange&&) = default;
  Interchange(const Interchange&) = delete;
  Interchange& operator=(const Interchange&) = delete;

  const Separators& separators() const { return separators_; }
  std::span<const Segment> segments() const { return segments_; }
  const Segment* header() const { return segments_.empty() ? nullptr : &segments_.front(); }  // ISA
  const Segment* trailer() const { return trailer_; }                                         // IEA
  std::span<const GroupView> groups() const { return groups_; }
  std::vector<const TransactionView*> transactions() const;  // of every group, in order
  std::span<const Problem> problems() const { return problems_; }
  bool valid() const { return problems_.empty(); }

 private:
  friend Interchange parse(std::string_view bytes);
  Separators separators_{};
  std::vector<std::string_view> fields_;
  std::vector<Segment> segments_;
  std::vector<GroupView> groups_;
  const Segment* trailer_ = nullptr;
  std::vector<Problem> problems_;
};

// Splits with the separators the ISA declares (element: 4th byte; component: ISA16; segment: the byte after ISA16),
// ignores CR/LF between segments, and checks the envelope: ISA length 106, ISA13 = IEA02, GS06 = GE02, ST02 = SE02
// (numerically), SE01, GE01, IEA01, GS01 against ST01. Never throws on bad input (only std::bad_alloc).
Interchange parse(std::string_view bytes);
// The result would point into a destroyed temporary: keep the bytes in a variable (validate() takes temporaries).
Interchange parse(std::string&& bytes) = delete;
inline Interchange parse(const char* bytes) { return parse(std::string_view(bytes)); }
// parse(bytes).problems(), copied out.
std::vector<Problem> validate(std::string_view bytes);

// Digits only, at most 18 of them; nullopt otherwise. Control numbers compare through this: `001` == `1`.
std::optional<std::uint64_t> parse_number(std::string_view digits);

}  // namespace chaintwin::formats::x12
