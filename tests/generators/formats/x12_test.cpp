// Envelope writer, parser and validator: the reference samples, hand-broken copies, separators, and fuzzing.

#include "generators/formats/x12.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "generators/formats/x12_documents.hpp"
#include "tests/generators/formats/x12_samples.hpp"
#include "tests/generators/formats/x12_test_support.hpp"

namespace chaintwin::formats::x12 {
namespace {

// event-formats.md section 2, its lines joined.
const std::string kReference214 =
    "ISA*00*          *00*          *02*ABCD           *ZZ*SHIPPERCO      *250321*1430*U*00401*000000777*0*P*>~"
    "GS*QM*ABCD*SHIPPERCO*20250321*1430*777*X*004010~ST*214*0001~B10*PRO4471023*SHP0088412*ABCD~"
    "L11*4500021354*PO~LX*1~AT7*X1*NS***20250321*0840*CT~MS1*MEMPHIS*TN*US~MS2*ABCD*TRL5531~"
    "AT8*G*L*12450*24~SE*9*0001~GE*1*777~IEA*1*000000777~";

// The ST..SE of the 856 in event-formats.md section 2.
const std::string kReference856Transaction =
    "ST*856*0001~BSN*00*SHP0088412*20250320*1605*0001~HL*1**S~TD1*CTN25*24****G*612*LB~TD5**2*ABCD*M~"
    "REF*BM*BOL7781234~DTM*011*20250320~N1*ST*ACME DC 14*92*0014~HL*2*1*O~PRF*4500021354***20250315~"
    "HL*3*2*P~MAN*GM*006141411234567890~HL*4*3*I~LIN**UP*012345678905~SN1**24*EA~CTT*4~SE*17*0001~";

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  const std::size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

using testing::has_no_problems;
using testing::messages;

TEST(X12Dates, CivilTimeAndFormatsOnAClock) {
  const EpochNs t = samples::at_utc(2025, 3, 21, 3, 5);
  EXPECT_EQ(format_ccyymmdd(t, 0), "20250321");
  EXPECT_EQ(format_ccyymmdd(t, -300), "20250320");  // 22:05 the evening before in CDT
  EXPECT_EQ(format_hhmm(t, -300), "2205");
  EXPECT_EQ(format_yymmdd(t, 0), "250321");
  EXPECT_EQ(format_hhmm(t + 59'999'999'999, 0), "0305");  // truncates to the minute, never rounds up
  EXPECT_EQ(format_ccyymmdd(samples::at_utc(2024, 2, 29, 0, 0), 0), "20240229");
  // Before the epoch: floor, not truncation toward zero.
  EXPECT_EQ(format_ccyymmdd(-1, 0), "19691231");
  EXPECT_EQ(format_hhmm(-1, 0), "2359");
  const CivilDateTime c{2025, 3, 20, 22, 5, 0};
  EXPECT_EQ(civil_time(t, -300), c);
  EXPECT_EQ(epoch_ns(c, -300), t);
}

TEST(X12Dates, ParseDateTimeRejectsWhatIsNotADate) {
  EXPECT_EQ(parse_date_time("20250321", "0840"), (CivilDateTime{2025, 3, 21, 8, 40, 0}));
  EXPECT_EQ(parse_date_time("20250321"), (CivilDateTime{2025, 3, 21, 0, 0, 0}));
  EXPECT_FALSE(parse_date_time("20250230"));
  EXPECT_FALSE(parse_date_time("20251301"));
  EXPECT_FALSE(parse_date_time("2025032", "0840"));
  EXPECT_FALSE(parse_date_time("20250321", "2460"));
  EXPECT_FALSE(parse_date_time("20250321", "08:4"));
  EXPECT_FALSE(parse_date_time("2025-3-1"));
}

TEST(X12Parse, ReferenceSample214ParsesAndValidates) {
  const Interchange x = parse(kReference214);
  EXPECT_TRUE(has_no_problems(x));
  ASSERT_EQ(x.segments().size(), 13u);  // ISA GS ST..SE (9) GE IEA
  EXPECT_EQ(x.separators().element, '*');
  EXPECT_EQ(x.separators().component, '>');
  EXPECT_EQ(x.separators().segment, '~');
  ASSERT_EQ(x.groups().size(), 1u);
  EXPECT_EQ(x.groups()[0].functional_id(), "QM");
  ASSERT_EQ(x.transactions().size(), 1u);
  const TransactionView& t = *x.transactions()[0];
  EXPECT_EQ(t.id(), "214");
  EXPECT_EQ(t.control_number(), "0001");
  EXPECT_EQ(t.segments.size(), 9u);
  ASSERT_NE(t.first("MS2"), nullptr);
  EXPECT_EQ(t.first("MS2")->element(2), "TRL5531");

  const auto status = read_shipment_status(t);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->carrier_pro, "PRO4471023");
  EXPECT_EQ(status->shipment_id, "SHP0088412");
  EXPECT_EQ(status->carrier_scac, "ABCD");
  ASSERT_EQ(status->references.size(), 1u);
  EXPECT_EQ(status->references[0].first, "PO");
  EXPECT_EQ(status->references[0].second, "4500021354");
  ASSERT_EQ(status->events.size(), 1u);
  EXPECT_EQ(status->events[0].status_code, "X1");
  EXPECT_EQ(status->events[0].reason_code, "NS");
  EXPECT_EQ(status->events[0].time_code, "CT");
  EXPECT_EQ(status->events[0].written_time, (CivilDateTime{2025, 3, 21, 8, 40, 0}));
  EXPECT_EQ(status->events[0].city, "MEMPHIS");
  EXPECT_EQ(status->weight, 12450);
  EXPECT_TRUE(check_transaction(t).empty()) << ::testing::PrintToString(messages(check_transaction(t)));
}

TEST(X12Parse, LineBreaksAfterTerminatorsAreTolerated) {
  const std::string with_lines = samples::one_segment_per_line(kReference214);
  EXPECT_TRUE(has_no_problems(parse(with_lines)));
  const std::string crlf = "\r\n" + replace_once(with_lines, "~\n", "~\r\n");
  EXPECT_TRUE(has_no_problems(parse(crlf)));
}

TEST(X12Parse, WrongSegmentCountIsTheOnlyProblem) {
  const auto problems = validate(replace_once(kReference214, "SE*9*0001", "SE*8*0001"));
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(messages(problems));
  EXPECT_EQ(problems[0].kind, ProblemKind::kSegmentCount);
  EXPECT_EQ(problems[0].where, "SE01");
  EXPECT_EQ(problems[0].segment_index, 10u);
  EXPECT_EQ(problems[0].expected, "9");
  EXPECT_EQ(problems[0].found, "8");
}

TEST(X12Parse, MismatchedControlNumbersAreNamed) {
  std::string broken = replace_once(kReference214, "IEA*1*000000777", "IEA*1*000000778");
  broken = replace_once(broken, "GE*1*777", "GE*1*0776");
  broken = replace_once(broken, "SE*9*0001", "SE*9*0002");
  const auto problems = validate(broken);
  ASSERT_EQ(problems.size(), 3u) << ::testing::PrintToString(messages(problems));
  for (const Problem& p : problems) EXPECT_EQ(p.kind, ProblemKind::kControlNumberMismatch) << p.message();
  std::vector<std::string> where;
  for (const Problem& p : problems) where.push_back(p.where);
  std::sort(where.begin(), where.end());
  EXPECT_EQ(where, (std::vector<std::string>{"GE02", "IEA02", "SE02"}));
  const auto iea = std::find_if(problems.begin(), problems.end(), [](const Problem& p) { return p.where == "IEA02"; });
  EXPECT_EQ(iea->expected, "000000777 (ISA13)");
  EXPECT_EQ(iea->found, "000000778");
}

TEST(X12Parse, ControlNumbersCompareNumerically) {
  // GS06 777 against GE02 000777: the padding quirk, not a mismatch.
  EXPECT_TRUE(validate(replace_once(kReference214, "GE*1*777", "GE*1*000777")).empty());
  EXPECT_TRUE(validate(replace_once(kReference214, "SE*9*0001", "SE*9*1")).empty());
  const auto problems = validate(replace_once(kReference214, "GE*1*777", "GE*1*7A7"));
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(messages(problems));
  EXPECT_EQ(problems[0].kind, ProblemKind::kNotNumeric);
  EXPECT_EQ(problems[0].where, "GE02");
}

TEST(X12Parse, IsaOfWrongLengthIsReportedAndStillRead) {
  // One pad space less in ISA06: 105 characters. The separators are still found (by counting, not by offset).
  const std::string short_isa = replace_once(kReference214, "*ABCD           *", "*ABCD          *");
  const auto x = parse(short_isa);
  const auto problems = x.problems();
  ASSERT_EQ(problems.size(), 2u) << ::testing::PrintToString(messages(problems));
  EXPECT_EQ(problems[0].kind, ProblemKind::kIsaLength);
  EXPECT_EQ(problems[0].expected, "106");
  EXPECT_EQ(problems[0].found, "105");
  EXPECT_EQ(problems[1].kind, ProblemKind::kIsaElement);
  EXPECT_EQ(problems[1].where, "ISA06");
  ASSERT_EQ(x.transactions().size(), 1u);
  EXPECT_EQ(x.transactions()[0]->id(), "214");
}

TEST(X12Parse, CountsOfGroupsAndTransactions) {
  std::string broken = replace_once(kReference214, "GE*1*777", "GE*2*777");
  broken = replace_once(broken, "IEA*1*", "IEA*3*");
  const auto problems = validate(broken);
  ASSERT_EQ(problems.size(), 2u) << ::testing::PrintToString(messages(problems));
  EXPECT_EQ(problems[0].kind, ProblemKind::kTransactionCount);
  EXPECT_EQ(problems[0].where, "GE01");
  EXPECT_EQ(problems[1].kind, ProblemKind::kGroupCount);
  EXPECT_EQ(problems[1].where, "IEA01");
  EXPECT_EQ(problems[1].expected, "1");
  EXPECT_EQ(problems[1].found, "3");
}

TEST(X12Parse, StructuralProblems) {
  {  // a 214 inside a PO group
    const auto problems = validate(replace_once(kReference214, "GS*QM*", "GS*PO*"));
    ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(messages(problems));
    EXPECT_EQ(problems[0].kind, ProblemKind::kFunctionalGroupMismatch);
  }
  {  // SE lost: the SE is missing, and GE finds the transaction open
    const auto problems = validate(replace_once(kReference214, "SE*9*0001~", ""));
    ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(messages(problems));
    EXPECT_EQ(problems[0].kind, ProblemKind::kMissingTrailer);
    EXPECT_EQ(problems[0].where, "SE");
  }
  {  // data after IEA
    const auto problems = validate(kReference214 + "ST*214*0002~");
    ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(messages(problems));
    EXPECT_EQ(problems[0].kind, ProblemKind::kTrailingData);
  }
  {  // not X12 at all
    const auto problems = validate("{\"eventType\":\"ObjectEvent\"}");
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].kind, ProblemKind::kNotAnInterchange);
  }
}

TEST(X12Parse, SeparatorsComeFromTheIsaNotFromConstants) {
  std::string other = kReference214;
  std::replace(other.begin(), other.end(), '*', '|');
  std::replace(other.begin(), other.end(), '~', '\n');
  std::replace(other.begin(), other.end(), '>', ':');
  const Interchange x = parse(other);
  EXPECT_TRUE(has_no_problems(x));
  EXPECT_EQ(x.separators().element, '|');
  EXPECT_EQ(x.separators().component, ':');
  EXPECT_EQ(x.separators().segment, '\n');
  ASSERT_EQ(x.transactions().size(), 1u);
  EXPECT_EQ(x.transactions()[0]->first("AT7")->element(7), "CT");
}

TEST(X12Writer, ReproducesTheReference214ByteForByte) {
  InterchangeHeader h;
  h.sender_qualifier = "02";
  h.sender_id = "ABCD";
  h.receiver_qualifier = "ZZ";
  h.receiver_id = "SHIPPERCO";
  h.prepared_at = samples::at_utc(2025, 3, 21, 14, 30);
  h.control_number = 777;
  GroupHeader g;
  g.application_sender = "ABCD";
  g.application_receiver = "SHIPPERCO";
  g.prepared_at = h.prepared_at;
  g.control_number = 777;
  EXPECT_EQ(write_interchange(h, g, samples::shipment_status_reference(), 1), kReference214);
}

TEST(X12Writer, ReproducesTheReference856TransactionByteForByte) {
  const std::string x = write_interchange(samples::header(5), samples::group(5), samples::ship_notice_reference(), 1);
  EXPECT_NE(x.find(kReference856Transaction), std::string::npos) << x;
  EXPECT_TRUE(has_no_problems(parse(x)));
}

TEST(X12Writer, IsaIsFixedWidthWhateverTheIds) {
  for (const std::string id : {"", "A", "EXACTLY15CHARSX", "MUCH-LONGER-THAN-FIFTEEN"}) {
    InterchangeHeader h = samples::header(42);
    h.sender_id = id;
    h.receiver_id = id;
    std::string out;
    InterchangeBuilder b(out, h);
    EXPECT_EQ(out.size(), 106u) << id;
    EXPECT_EQ(out.substr(out.size() - 3), "*>~");
    EXPECT_NE(out.find("*000000042*"), std::string::npos);
  }
}

TEST(X12Writer, CountsSegmentsTransactionsAndGroups) {
  std::string out;
  InterchangeBuilder b(out, samples::header(9));
  for (std::uint32_t g = 1; g <= 3; ++g) {
    GroupHeader gh = samples::group(g);
    gh.set = TransactionSet::kShipmentStatus214;
    b.begin_group(gh);
    for (std::uint32_t t = 1; t <= g; ++t) {
      b.begin_transaction(TransactionSet::kShipmentStatus214, t);
      for (std::uint32_t k = 0; k < t; ++k) b.segment("LX", {"1"});
      EXPECT_EQ(b.segments_in_transaction(), t + 1);
      b.end_transaction();
    }
    b.end_group();
  }
  b.finish();
  EXPECT_NE(out.find("SE*5*0003~GE*3*3~IEA*3*000000009~"), std::string::npos) << out;
  EXPECT_NE(out.find("ST*214*0002~LX*1~LX*1~SE*4*0002~"), std::string::npos) << out;
  EXPECT_TRUE(has_no_problems(parse(out)));
}

TEST(X12Writer, SanitisesSeparatorsInsideData) {
  std::string out;
  InterchangeBuilder b(out, samples::header(3));
  b.begin_group(samples::group(3));
  b.begin_transaction(TransactionSet::kShipmentStatus214, 1);
  b.segment("B10", {"PRO*1~2", "SHP>9", "AB\nCD"});
  b.segment("L11", {"", "BM", "", ""});  // middle empty kept, trailing empties dropped
  b.end_transaction();
  b.end_group();
  b.finish();
  EXPECT_EQ(b.sanitized_characters(), 4u);
  EXPECT_NE(out.find("B10*PRO 1 2*SHP 9*AB CD~L11**BM~SE*4*0001~"), std::string::npos) << out;
  EXPECT_TRUE(has_no_problems(parse(out)));
  EXPECT_EQ(sanitize_element("A^B", {}, true), "A B");
  EXPECT_EQ(sanitize_element("A^B", {}, false), "A^B");
}

TEST(X12Writer, MisuseIsALogicError) {
  std::string out;
  InterchangeBuilder b(out, samples::header(3));
  EXPECT_THROW(b.segment("B10", {"x"}), std::logic_error);
  EXPECT_THROW(b.begin_transaction(TransactionSet::kShipmentStatus214, 1), std::logic_error);
  b.begin_group(samples::group(3));  // a 214 group
  EXPECT_THROW(b.begin_transaction(TransactionSet::kShipNotice856, 1), std::logic_error);
  EXPECT_THROW(b.finish(), std::logic_error);
  InterchangeHeader too_big = samples::header(1'000'000'000);
  EXPECT_THROW((InterchangeBuilder{out, too_big}), std::logic_error);
}

TEST(X12Writer, Version5010DeclaresTheRepetitionSeparator) {
  std::string out;
  InterchangeBuilder b(out, samples::header(12, SchemaVersion::kV2));
  EXPECT_EQ(out.size(), 106u);
  EXPECT_NE(out.find("*^*00501*000000012*"), std::string::npos) << out;
  b.begin_group(samples::group(12));
  b.begin_transaction(TransactionSet::kShipmentStatus214, 1);
  b.segment("K1", {"A^B"});  // '^' is a separator in 5010: sanitised
  b.end_transaction();
  b.end_group();
  b.finish();
  EXPECT_NE(out.find("*X*005010~"), std::string::npos) << out;
  EXPECT_NE(out.find("K1*A B~"), std::string::npos) << out;
  const Interchange x = parse(out);
  EXPECT_TRUE(has_no_problems(x));
  EXPECT_EQ(x.separators().repetition, '^');
}

// ---------------------------------------------------------------------------------------------------------------
// Fuzz: never a crash (ASan/UBSan build), never a silent pass.

// splitmix64: a fixed, self-contained generator, so the fuzz cases are the same on every machine.
struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

std::string multi_group_interchange() {
  std::string out;
  InterchangeBuilder b(out, samples::header(77));
  GroupHeader g = samples::group(7);
  g.set = TransactionSet::kShipmentStatus214;
  b.begin_group(g);
  write(b, samples::shipment_status(), 1);
  write(b, samples::shipment_status_reference(), 2);
  b.end_group();
  g = samples::group(8);
  g.set = TransactionSet::kShipNotice856;
  b.begin_group(g);
  write(b, samples::ship_notice(), 3);
  b.end_group();
  b.finish();
  return out;
}

TEST(X12Fuzz, RandomBytesYieldProblemsNotCrashes) {
  SplitMix64 rng{20260101};
  const std::string alphabet = "ISAGETX*~>^|:\n\r0123456789 ";
  for (int round = 0; round < 3000; ++round) {
    std::string bytes;
    const std::size_t length = rng.below(400);
    const bool structured = round % 2 == 0;  // half start like an ISA and use X12-ish bytes, to get deeper
    if (structured) bytes = "ISA*";
    for (std::size_t i = 0; i < length; ++i)
      bytes.push_back(structured ? alphabet[rng.below(alphabet.size())] : static_cast<char>(rng.next() & 0xff));
    const Interchange x = parse(bytes);
    EXPECT_FALSE(x.valid()) << round;
    for (const TransactionView* t : x.transactions()) {
      (void)read_shipment_status(*t);
      (void)check_transaction(*t);
    }
  }
}

TEST(X12Fuzz, EveryTruncationOfAValidInterchangeYieldsProblems) {
  const std::string full = multi_group_interchange();
  ASSERT_TRUE(has_no_problems(parse(full)));
  for (std::size_t n = 0; n < full.size(); ++n) {
    const std::string_view prefix(full.data(), n);
    const Interchange x = parse(prefix);
    ASSERT_FALSE(x.valid()) << "prefix of " << n << " bytes passed";
    for (const TransactionView* t : x.transactions()) {
      (void)read_ship_notice(*t);
      (void)read_shipment_status(*t);
    }
  }
}

TEST(X12Fuzz, MutatedInterchangesNeverCrash) {
  const std::string full = multi_group_interchange();
  SplitMix64 rng{7};
  const std::string specials = "*~>^ISTGE0\n";
  std::size_t invalid = 0;
  constexpr int kRounds = 3000;
  for (int round = 0; round < kRounds; ++round) {
    std::string bytes = full;
    const std::size_t edits = 1 + rng.below(4);
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = rng.below(bytes.size());
      switch (rng.below(3)) {
        case 0:
          bytes[at] = specials[rng.below(specials.size())];
          break;
        case 1:
          bytes.erase(at, 1 + rng.below(20));
          break;
        default:
          bytes.insert(at, bytes.substr(rng.below(bytes.size()), rng.below(30)));
          break;
      }
    }
    const Interchange x = parse(bytes);
    invalid += x.valid() ? 0 : 1;
    for (const TransactionView* t : x.transactions()) {
      (void)read_ship_notice(*t);
      (void)read_shipment_status(*t);
      (void)check_transaction(*t);
    }
  }
  // Most edits hit a separator, a count or a control number; the validator must notice most of them.
  EXPECT_GT(invalid, kRounds / 2u);
}

}  // namespace
}  // namespace chaintwin::formats::x12
