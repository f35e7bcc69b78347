#include "generators/formats/x12.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <stdexcept>

#include "generators/formats/time_format.hpp"

namespace chaintwin::formats::x12 {
namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
constexpr std::int64_t kSecondsPerDay = 86'400;
constexpr std::size_t kIsaLength = 106;
constexpr int kIsaElements = 16;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// The calendar (Hinnant's civil_from_days / days_from_civil) is time_format's.
void civil_from_days(std::int64_t z, int& year, int& month, int& day) {
  const CivilDate date = formats::civil_from_days(z);
  year = static_cast<int>(date.year);
  month = static_cast<int>(date.month);
  day = static_cast<int>(date.day);
}

void append_digits(std::string& out, std::uint64_t value, int min_digits) {
  std::array<char, 24> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  (void)ec;  // 24 bytes always hold a uint64
  const auto length = static_cast<int>(end - buffer.data());
  for (int i = length; i < min_digits; ++i) out.push_back('0');
  out.append(buffer.data(), end);
}

std::string digits(std::uint64_t value, int min_digits) {
  std::string s;
  append_digits(s, value, min_digits);
  return s;
}

void append_fixed(std::string& out, std::string_view value, std::size_t width) {
  const std::string_view cut = value.substr(0, width);
  out.append(cut);
  out.append(width - cut.size(), ' ');
}

bool is_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool is_valid_tag(std::string_view tag) {
  if (tag.size() < 2 || tag.size() > 3) return false;
  if (tag[0] < 'A' || tag[0] > 'Z') return false;
  for (char c : tag)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

// Printable form of untrusted bytes for a problem report: control bytes become '?', long values are cut.
std::string printable(std::string_view s) {
  std::string out;
  const std::size_t n = std::min<std::size_t>(s.size(), 40);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    out.push_back(c < 0x20 || c >= 0x7f ? '?' : static_cast<char>(c));
  }
  if (s.size() > n) out += "...";
  return out;
}

void check_control_numbers(std::vector<Problem>& problems, const Segment& header, std::size_t header_position,
                           const Segment& trailer, std::size_t trailer_position) {
  const std::string_view opened = header.element(header_position);
  const std::string_view closed = trailer.element(trailer_position);
  const std::string trailer_name = std::string(trailer.tag()) + digits(trailer_position, 2);
  const std::string header_name = std::string(header.tag()) + digits(header_position, 2);
  const auto a = parse_number(opened);
  const auto b = parse_number(closed);
  if (!a) problems.push_back({ProblemKind::kNotNumeric, header_name, header.index(), "digits", printable(opened)});
  if (!b) problems.push_back({ProblemKind::kNotNumeric, trailer_name, trailer.index(), "digits", printable(closed)});
  if (a && b && *a != *b)
    problems.push_back({ProblemKind::kControlNumberMismatch, trailer_name, trailer.index(),
                        printable(opened) + " (" + header_name + ")", printable(closed)});
}

void check_count(std::vector<Problem>& problems, const Segment& trailer, std::size_t actual, ProblemKind kind) {
  const std::string name = std::string(trailer.tag()) + "01";
  const std::string_view written = trailer.element(1);
  const auto n = parse_number(written);
  if (!n) {
    problems.push_back({ProblemKind::kNotNumeric, name, trailer.index(), std::to_string(actual), printable(written)});
  } else if (*n != actual) {
    problems.push_back({kind, name, trailer.index(), std::to_string(actual), printable(written)});
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Dates and times.

CivilDateTime civil_time(EpochNs t, int utc_offset_minutes) {
  const std::int64_t seconds = floor_div(t, kNsPerSecond) + std::int64_t{utc_offset_minutes} * 60;
  const std::int64_t days = floor_div(seconds, kSecondsPerDay);
  const std::int64_t second_of_day = seconds - days * kSecondsPerDay;
  CivilDateTime c;
  civil_from_days(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(second_of_day / 3600);
  c.minute = static_cast<int>(second_of_day % 3600 / 60);
  c.second = static_cast<int>(second_of_day % 60);
  return c;
}

EpochNs epoch_ns(const CivilDateTime& local, int utc_offset_minutes) {
  const std::int64_t days =
      days_from_civil(local.year, static_cast<unsigned>(local.month), static_cast<unsigned>(local.day));
  const std::int64_t seconds = days * kSecondsPerDay + local.hour * 3600 + local.minute * 60 + local.second -
                               std::int64_t{utc_offset_minutes} * 60;
  return seconds * kNsPerSecond;
}

std::string format_ccyymmdd(EpochNs t, int utc_offset_minutes) {
  const CivilDateTime c = civil_time(t, utc_offset_minutes);
  std::string s;
  append_digits(s, static_cast<std::uint64_t>(c.year), 4);
  append_digits(s, static_cast<std::uint64_t>(c.month), 2);
  append_digits(s, static_cast<std::uint64_t>(c.day), 2);
  return s;
}

std::string format_yymmdd(EpochNs t, int utc_offset_minutes) {
  return format_ccyymmdd(t, utc_offset_minutes).substr(2);
}

std::string format_hhmm(EpochNs t, int utc_offset_minutes) {
  const CivilDateTime c = civil_time(t, utc_offset_minutes);
  std::string s;
  append_digits(s, static_cast<std::uint64_t>(c.hour), 2);
  append_digits(s, static_cast<std::uint64_t>(c.minute), 2);
  return s;
}

std::optional<CivilDateTime> parse_date_time(std::string_view ccyymmdd, std::string_view hhmm) {
  if (ccyymmdd.size() != 8 || !is_digits(ccyymmdd)) return std::nullopt;
  if (!hhmm.empty() && (hhmm.size() != 4 || !is_digits(hhmm))) return std::nullopt;
  auto num = [](std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
  };
  CivilDateTime c;
  c.year = num(ccyymmdd.substr(0, 4));
  c.month = num(ccyymmdd.substr(4, 2));
  c.day = num(ccyymmdd.substr(6, 2));
  if (!hhmm.empty()) {
    c.hour = num(hhmm.substr(0, 2));
    c.minute = num(hhmm.substr(2, 2));
  }
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.hour > 23 || c.minute > 59) return std::nullopt;
  // A day that does not exist (Feb 30) would not survive the round trip through days.
  int y = 0, m = 0, d = 0;
  civil_from_days(days_from_civil(c.year, static_cast<unsigned>(c.month), static_cast<unsigned>(c.day)), y, m, d);
  if (y != c.year || m != c.month || d != c.day) return std::nullopt;
  return c;
}

// ---------------------------------------------------------------------------------------------------------------
// Transaction sets.

std::string_view transaction_set_id(TransactionSet set) {
  switch (set) {
    case TransactionSet::kPurchaseOrder850:
      return "850";
    case TransactionSet::kPurchaseOrderAck855:
      return "855";
    case TransactionSet::kShipNotice856:
      return "856";
    case TransactionSet::kShipmentStatus214:
      return "214";
    case TransactionSet::kInventoryAdvice846:
      return "846";
  }
  return "";
}

std::string_view functional_id_code(TransactionSet set) {
  switch (set) {
    case TransactionSet::kPurchaseOrder850:
      return "PO";
    case TransactionSet::kPurchaseOrderAck855:
      return "PR";
    case TransactionSet::kShipNotice856:
      return "SH";
    case TransactionSet::kShipmentStatus214:
      return "QM";
    case TransactionSet::kInventoryAdvice846:
      return "IB";
  }
  return "";
}

std::optional<TransactionSet> transaction_set_from_id(std::string_view st01) {
  for (TransactionSet set : kAllTransactionSets)
    if (transaction_set_id(set) == st01) return set;
  return std::nullopt;
}

std::string_view functional_id_code_for(std::string_view st01) {
  if (auto set = transaction_set_from_id(st01)) return functional_id_code(*set);
  if (st01 == "810") return "IN";
  if (st01 == "997" || st01 == "999") return "FA";
  return "";
}

// ---------------------------------------------------------------------------------------------------------------
// Writer.

std::string sanitize_element(std::string_view value, const Separators& separators, bool has_repetition) {
  std::string out(value);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == separators.element || c == separators.component || c == separators.segment ||
        (has_repetition && c == separators.repetition))
      c = ' ';
  }
  return out;
}

InterchangeBuilder::InterchangeBuilder(std::string& out, const InterchangeHeader& header) : out_(out), header_(header) {
  if (header.control_number > 999'999'999) throw std::logic_error("x12: ISA13 control number above 9 digits");
  const Separators& s = header.separators;
  if (s.element == s.component || s.element == s.segment || s.component == s.segment || is_alnum(s.element) ||
      is_alnum(s.component) || is_alnum(s.segment))
    throw std::logic_error("x12: separators must be distinct and not alphanumeric");
  const bool v2 = header.version == SchemaVersion::kV2;
  if (v2 && (s.repetition == s.element || s.repetition == s.component || s.repetition == s.segment ||
             is_alnum(s.repetition)))
    throw std::logic_error("x12: the repetition separator must differ from the others and not be alphanumeric");
  const char e = s.element;
  // ISA is fixed width: every element padded to its size, so the ISA is always 106 bytes with its terminator.
  auto fixed = [&](std::string_view value, std::size_t width) {
    out_.push_back(e);
    append_fixed(out_, sanitize_element(value, s, v2), width);
  };
  out_.append("ISA");
  fixed("00", 2);
  fixed("", 10);
  fixed("00", 2);
  fixed("", 10);
  fixed(header.sender_qualifier, 2);
  fixed(header.sender_id, 15);
  fixed(header.receiver_qualifier, 2);
  fixed(header.receiver_id, 15);
  fixed(format_yymmdd(header.prepared_at, header.utc_offset_minutes), 6);
  fixed(format_hhmm(header.prepared_at, header.utc_offset_minutes), 4);
  out_.push_back(e);
  out_.push_back(v2 ? s.repetition : 'U');
  fixed(v2 ? "00501" : "00401", 5);
  out_.push_back(e);
  append_digits(out_, header.control_number, 9);
  fixed(header.acknowledgment_requested ? "1" : "0", 1);
  fixed(header.production ? "P" : "T", 1);
  out_.push_back(e);
  out_.push_back(s.component);
  out_.push_back(s.segment);
}

void InterchangeBuilder::append_element(std::string_view value) {
  const Separators& s = header_.separators;
  const bool v2 = header_.version == SchemaVersion::kV2;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == s.element || c == s.component || c == s.segment || (v2 && c == s.repetition)) {
      out_.push_back(' ');
      ++sanitized_;
    } else {
      out_.push_back(c);
    }
  }
}

void InterchangeBuilder::write_segment(std::string_view tag, std::span<const std::string_view> elements) {
  std::size_t used = elements.size();
  while (used > 0 && elements[used - 1].empty()) --used;  // trailing empty elements are omitted
  out_.append(tag);
  for (std::size_t i = 0; i < used; ++i) {
    out_.push_back(header_.separators.element);
    append_element(elements[i]);
  }
  out_.push_back(header_.separators.segment);
}

void InterchangeBuilder::begin_group(const GroupHeader& group) {
  if (finished_ || group_) throw std::logic_error("x12: begin_group inside a group or after finish");
  if (group.control_number > 999'999'999) throw std::logic_error("x12: GS06 control number above 9 digits");
  const std::string control = digits(group.control_number, group.gs06_digits);
  const std::string date = format_ccyymmdd(group.prepared_at, group.utc_offset_minutes);
  const std::string time = format_hhmm(group.prepared_at, group.utc_offset_minutes);
  const std::string_view version = header_.version == SchemaVersion::kV2 ? "005010" : "004010";
  const std::array<std::string_view, 8> elements{functional_id_code(group.set),
                                                 group.application_sender,
                                                 group.application_receiver,
                                                 date,
                                                 time,
                                                 control,
                                                 "X",
                                                 version};
  write_segment("GS", elements);
  group_ = group;
  transactions_in_group_ = 0;
}

void InterchangeBuilder::begin_transaction(TransactionSet set, std::uint32_t control_number, int digits_min) {
  if (!group_ || transaction_control_) throw std::logic_error("x12: begin_transaction outside a group or nested");
  if (set != group_->set) throw std::logic_error("x12: transaction set does not belong to the group's GS01");
  if (control_number > 999'999'999) throw std::logic_error("x12: ST02 control number above 9 digits");
  const std::string control = digits(control_number, digits_min);
  const std::array<std::string_view, 2> elements{transaction_set_id(set), control};
  write_segment("ST", elements);
  transaction_control_ = control_number;
  transaction_digits_ = digits_min;
  segments_in_transaction_ = 1;
}

void InterchangeBuilder::segment(std::string_view tag, std::initializer_list<std::string_view> elements) {
  segment(tag, std::span<const std::string_view>(elements.begin(), elements.size()));
}

void InterchangeBuilder::segment(std::string_view tag, std::span<const std::string_view> elements) {
  if (!transaction_control_) throw std::logic_error("x12: segment outside a transaction");
  if (!is_valid_tag(tag)) throw std::logic_error("x12: bad segment tag");
  write_segment(tag, elements);
  ++segments_in_transaction_;
}

void InterchangeBuilder::end_transaction() {
  if (!transaction_control_) throw std::logic_error("x12: end_transaction without begin_transaction");
  const std::string count = digits(segments_in_transaction_ + 1, 1);  // SE counts itself
  const std::string control = digits(*transaction_control_, transaction_digits_);
  const std::array<std::string_view, 2> elements{count, control};
  write_segment("SE", elements);
  transaction_control_.reset();
  segments_in_transaction_ = 0;
  ++transactions_in_group_;
}

void InterchangeBuilder::end_group() {
  if (!group_ || transaction_control_) throw std::logic_error("x12: end_group without group or with open ST");
  const std::string count = digits(transactions_in_group_, 1);
  const std::string control = digits(group_->control_number, group_->ge02_digits);
  const std::array<std::string_view, 2> elements{count, control};
  write_segment("GE", elements);
  group_.reset();
  ++groups_;
}

void InterchangeBuilder::finish() {
  if (finished_ || group_) throw std::logic_error("x12: finish twice or with an open group");
  const std::string count = digits(groups_, 1);
  const std::string control = digits(header_.control_number, 9);
  const std::array<std::string_view, 2> elements{count, control};
  write_segment("IEA", elements);
  finished_ = true;
}

// ---------------------------------------------------------------------------------------------------------------
// Parser and validator.

std::string_view problem_kind_name(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::kNotAnInterchange:
      return "not an interchange";
    case ProblemKind::kTruncated:
      return "truncated";
    case ProblemKind::kIsaLength:
      return "ISA length";
    case ProblemKind::kIsaElement:
      return "ISA element";
    case ProblemKind::kSeparators:
      return "separators";
    case ProblemKind::kSegmentTag:
      return "segment tag";
    case ProblemKind::kStructure:
      return "structure";
    case ProblemKind::kMissingTrailer:
      return "missing trailer";
    case ProblemKind::kNotNumeric:
      return "not numeric";
    case ProblemKind::kControlNumberMismatch:
      return "control number mismatch";
    case ProblemKind::kSegmentCount:
      return "segment count";
    case ProblemKind::kTransactionCount:
      return "transaction count";
    case ProblemKind::kGroupCount:
      return "group count";
    case ProblemKind::kFunctionalGroupMismatch:
      return "functional group mismatch";
    case ProblemKind::kTrailingData:
      return "trailing data";
    case ProblemKind::kMissingSegment:
      return "missing segment";
    case ProblemKind::kEmptyElement:
      return "empty element";
  }
  return "unknown";
}

std::string Problem::message() const {
  return where + " (segment " + std::to_string(segment_index) + "): expected " + expected + ", found " + found + " [" +
         std::string(problem_kind_name(kind)) + "]";
}

std::string_view TransactionView::id() const { return segments.empty() ? std::string_view{} : segments[0].element(1); }
std::string_view TransactionView::control_number() const {
  return segments.empty() ? std::string_view{} : segments[0].element(2);
}

const Segment* TransactionView::first(std::string_view tag) const {
  for (const Segment& s : segments)
    if (s.tag() == tag) return &s;
  return nullptr;
}

std::vector<const Segment*> TransactionView::all(std::string_view tag) const {
  std::vector<const Segment*> found;
  for (const Segment& s : segments)
    if (s.tag() == tag) found.push_back(&s);
  return found;
}

std::vector<const TransactionView*> Interchange::transactions() const {
  std::vector<const TransactionView*> all;
  for (const GroupView& g : groups_)
    for (const TransactionView& t : g.transactions) all.push_back(&t);
  return all;
}

std::optional<std::uint64_t> parse_number(std::string_view text) {
  if (!is_digits(text) || text.size() > 18) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  return value;
}

Interchange parse(std::string_view bytes) {
  Interchange result;
  std::vector<Problem>& problems = result.problems_;

  // Leading white space (a file that starts with a blank line) is tolerated; anything else before ISA is not.
  std::size_t start = 0;
  while (start < bytes.size() && (bytes[start] == '\r' || bytes[start] == '\n' || bytes[start] == ' ')) ++start;
  if (bytes.size() - start < 4 || bytes.substr(start, 3) != "ISA") {
    problems.push_back(
        {ProblemKind::kNotAnInterchange, "ISA", 0, "ISA and its element separator", printable(bytes.substr(start, 4))});
    return result;
  }

  // The ISA declares the separators. Find ISA16 by counting element separators rather than by fixed offset, so that
  // an ISA of the wrong length is still read and reported, not misparsed.
  Separators& sep = result.separators_;
  sep.element = bytes[start + 3];
  std::size_t position = start + 3;
  int separators_seen = 0;
  while (position < bytes.size() && separators_seen < kIsaElements) {
    if (bytes[position] == sep.element) ++separators_seen;
    ++position;
  }
  // position now indexes ISA16; the segment terminator follows it.
  if (separators_seen < kIsaElements || position + 1 >= bytes.size()) {
    problems.push_back({ProblemKind::kTruncated, "ISA", 0, "16 elements and a segment terminator",
                        std::to_string(bytes.size() - start) + " bytes"});
    return result;
  }
  sep.component = bytes[position];
  sep.segment = bytes[position + 1];
  const std::size_t isa_end = position + 2;  // one past the terminator
  if (isa_end - start != kIsaLength)
    problems.push_back(
        {ProblemKind::kIsaLength, "ISA", 0, std::to_string(kIsaLength), std::to_string(isa_end - start)});
  if (sep.element == sep.component || sep.element == sep.segment || sep.component == sep.segment ||
      is_alnum(sep.element) || is_alnum(sep.component) || is_alnum(sep.segment))
    problems.push_back({ProblemKind::kSeparators, "ISA", 0, "distinct non-alphanumeric separators",
                        printable(std::string{sep.element, sep.component, sep.segment})});

  // Split every segment into fields first (begin, count), then build the Segment spans once fields_ is final.
  struct Range {
    std::size_t first;
    std::size_t count;
  };
  std::vector<Range> ranges;
  // One counting pass sizes both vectors exactly: growing them by doubling cost more than the split itself.
  const std::string_view rest = bytes.substr(start);
  const auto segment_estimate = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), sep.segment)) + 1;
  const auto element_estimate = static_cast<std::size_t>(std::count(rest.begin(), rest.end(), sep.element));
  result.fields_.reserve(element_estimate + segment_estimate);
  ranges.reserve(segment_estimate);
  auto split = [&](std::string_view text) {
    const std::size_t first = result.fields_.size();
    std::size_t from = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (i == text.size() || text[i] == sep.element) {
        result.fields_.push_back(text.substr(from, i - from));
        from = i + 1;
      }
    }
    ranges.push_back({first, result.fields_.size() - first});
  };
  split(bytes.substr(start, isa_end - start - 1));
  std::size_t cursor = isa_end;
  while (cursor < bytes.size()) {
    if (bytes[cursor] == '\r' || bytes[cursor] == '\n') {  // line breaks after terminators are common in files
      ++cursor;
      continue;
    }
    const std::size_t end = bytes.find(sep.segment, cursor);
    if (end == std::string_view::npos) {
      problems.push_back({ProblemKind::kTruncated, "segment", ranges.size(), "segment terminator",
                          "end of data after '" + printable(bytes.substr(cursor)) + "'"});
      break;
    }
    split(bytes.substr(cursor, end - cursor));
    cursor = end + 1;
  }
  result.segments_.reserve(ranges.size());
  for (std::size_t i = 0; i < ranges.size(); ++i)
    result.segments_.emplace_back(
        std::span<const std::string_view>(result.fields_.data() + ranges[i].first, ranges[i].count), i);
  const std::span<const Segment> segments = result.segments_;

  // ISA elements.
  const Segment& isa = segments[0];
  if (isa.element_count() != kIsaElements) {
    problems.push_back({ProblemKind::kIsaElement, "ISA", 0, "16 elements", std::to_string(isa.element_count())});
  } else {
    static constexpr std::array<std::size_t, 16> kWidths{2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1};
    for (std::size_t i = 1; i <= kIsaElements; ++i)
      if (isa.element(i).size() != kWidths[i - 1])
        problems.push_back({ProblemKind::kIsaElement, "ISA" + digits(i, 2), 0,
                            std::to_string(kWidths[i - 1]) + " characters", printable(isa.element(i))});
    for (std::size_t i : {9u, 10u, 12u, 13u})
      if (!is_digits(isa.element(i)))
        problems.push_back({ProblemKind::kNotNumeric, "ISA" + digits(i, 2), 0, "digits", printable(isa.element(i))});
    // From 00402 on ISA11 is the repetition separator; before, the standards identifier.
    const auto version = parse_number(isa.element(12));
    if (version && *version >= 402 && isa.element(11).size() == 1) sep.repetition = isa.element(11)[0];
  }

  // Envelope structure: a small state machine over the tags.
  GroupView* group = nullptr;  // open group (GS seen, GE not yet)
  std::optional<std::size_t> transaction_start;
  auto close_transaction = [&](std::size_t end_exclusive, bool has_trailer) {
    TransactionView t;
    t.segments = segments.subspan(*transaction_start, end_exclusive - *transaction_start);
    t.has_trailer = has_trailer;
    if (!group) {  // an ST outside any group: keep it readable in a header-less group
      result.groups_.push_back({});
      group = &result.groups_.back();
      group->transactions.push_back(t);
      group = nullptr;
    } else {
      group->transactions.push_back(t);
    }
    transaction_start.reset();
  };
  // group points into groups_: reserve so that push_back never moves it.
  std::size_t gs_count = 0, st_count = 0;
  for (const Segment& s : segments) {
    gs_count += s.tag() == "GS" ? 1 : 0;
    st_count += s.tag() == "ST" ? 1 : 0;
  }
  result.groups_.reserve(gs_count + st_count + 1);

  bool after_iea = false;
  for (std::size_t i = 1; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    const std::string_view tag = s.tag();
    if (after_iea) {
      problems.push_back({ProblemKind::kTrailingData, std::string(printable(tag)), i, "nothing after IEA",
                          "segment " + printable(tag)});
      break;
    }
    if (!is_valid_tag(tag)) {
      problems.push_back({ProblemKind::kSegmentTag, "segment", i, "a 2-3 character tag", printable(tag)});
      // Still counted inside a transaction: SE01 counts what is there.
    }
    if (tag == "ISA") {
      problems.push_back({ProblemKind::kStructure, "ISA", i, "IEA before the next ISA", "ISA"});
      break;
    } else if (tag == "GS") {
      if (transaction_start) {
        problems.push_back({ProblemKind::kMissingTrailer, "SE", i, "SE before GS", "GS"});
        close_transaction(i, false);
      }
      if (group) problems.push_back({ProblemKind::kMissingTrailer, "GE", i, "GE before GS", "GS"});
      result.groups_.push_back({});
      group = &result.groups_.back();
      group->header = &s;
    } else if (tag == "ST") {
      if (transaction_start) {
        problems.push_back({ProblemKind::kMissingTrailer, "SE", i, "SE before ST", "ST"});
        close_transaction(i, false);
      }
      if (!group) problems.push_back({ProblemKind::kStructure, "ST", i, "GS before ST", "ST outside a group"});
      transaction_start = i;
    } else if (tag == "SE") {
      if (!transaction_start) {
        problems.push_back({ProblemKind::kStructure, "SE", i, "ST before SE", "SE without ST"});
      } else {
        close_transaction(i + 1, true);
      }
    } else if (tag == "GE") {
      if (transaction_start) {
        problems.push_back({ProblemKind::kMissingTrailer, "SE", i, "SE before GE", "GE"});
        close_transaction(i, false);
      }
      if (!group) {
        problems.push_back({ProblemKind::kStructure, "GE", i, "GS before GE", "GE without GS"});
      } else {
        group->trailer = &s;
        group = nullptr;
      }
    } else if (tag == "IEA") {
      if (transaction_start) {
        problems.push_back({ProblemKind::kMissingTrailer, "SE", i, "SE before IEA", "IEA"});
        close_transaction(i, false);
      }
      if (group) {
        problems.push_back({ProblemKind::kMissingTrailer, "GE", i, "GE before IEA", "IEA"});
        group = nullptr;
      }
      result.trailer_ = &s;
      after_iea = true;
    } else if (!transaction_start) {
      problems.push_back({ProblemKind::kStructure, printable(tag), i, "segment inside ST..SE", "outside"});
    }
  }
  if (transaction_start) {
    problems.push_back({ProblemKind::kMissingTrailer, "SE", segments.size(), "SE", "end of data"});
    close_transaction(segments.size(), false);
  }
  if (group) problems.push_back({ProblemKind::kMissingTrailer, "GE", segments.size(), "GE", "end of data"});
  if (!result.trailer_)
    problems.push_back({ProblemKind::kMissingTrailer, "IEA", segments.size(), "IEA", "end of data"});

  // Counts and control numbers.
  std::size_t real_groups = 0;
  for (const GroupView& g : result.groups_) {
    if (!g.header) continue;
    ++real_groups;
    for (const TransactionView& t : g.transactions) {
      const std::string_view expected = functional_id_code_for(t.id());
      if (!expected.empty() && expected != g.functional_id())
        problems.push_back({ProblemKind::kFunctionalGroupMismatch, "GS01", g.header->index(),
                            std::string(expected) + " for ST01 " + printable(t.id()), printable(g.functional_id())});
    }
    if (g.trailer) {
      check_count(problems, *g.trailer, g.transactions.size(), ProblemKind::kTransactionCount);
      check_control_numbers(problems, *g.header, 6, *g.trailer, 2);
    }
  }
  for (const GroupView& g : result.groups_) {
    for (const TransactionView& t : g.transactions) {
      if (!t.has_trailer) continue;
      const Segment& se = t.segments.back();
      check_count(problems, se, t.segments.size(), ProblemKind::kSegmentCount);
      check_control_numbers(problems, t.segments.front(), 2, se, 2);
    }
  }
  if (result.trailer_) {
    check_count(problems, *result.trailer_, real_groups, ProblemKind::kGroupCount);
    check_control_numbers(problems, isa, 13, *result.trailer_, 2);
  }
  return result;
}

std::vector<Problem> validate(std::string_view bytes) {
  const Interchange interchange = parse(bytes);
  return {interchange.problems().begin(), interchange.problems().end()};
}

}  // namespace chaintwin::formats::x12
