// Proves that outside input is read strictly and explained exactly: ratios accept only the documented
// spellings, broken JSON and duplicate keys give stable codes with line:column, JSON pointers resolve
// to the right text position, and ObjectReader names the offending key, type or range. The expected
// strings are compared whole (Error::to_string()), as a learner would see them.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "core/json_input.hpp"
#include "core/ratio.hpp"

using namespace coordlab;

namespace {

std::string parse_error(std::string_view text) {
  Result<Json> parsed = parse_json_text(text, "doc.json");
  if (parsed.ok()) return "OK";
  return parsed.error().to_string();
}

std::string ratio_text(std::string_view text) {
  Result<Ratio> parsed = parse_ratio(text);
  if (!parsed.ok()) return parsed.error().code;
  return std::to_string(parsed.value().numerator) + "/" + std::to_string(parsed.value().denominator);
}

const char* const kRatioHint = " (write it as \"a/b\" like \"1/20\", or as a percentage like \"5%\") [ratio.invalid]";

}  // namespace

TEST_CASE("core: ratio: accepted spellings keep their exact numerator and denominator") {
  struct Row { const char* text; const char* expected; };
  const Row rows[] = {
      {"0", "0/1"},         {"1", "1/1"},           {"1/20", "1/20"},         {"2/4", "2/4"},
      {"0/5", "0/5"},       {"7/7", "7/7"},         {"5%", "5/100"},          {"0%", "0/100"},
      {"100%", "100/100"},  {"2.5%", "25/1000"},    {"0.0001%", "1/1000000"}, {"12.3456%", "123456/1000000"},
      {"1/1000000", "1/1000000"}, {"1000000/1000000", "1000000/1000000"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    CHECK(ratio_text(row.text) == row.expected);
  }
  CHECK(parse_ratio("2/4").value().same_value(Ratio{1, 2}));
  CHECK(parse_ratio("100%").value().is_one());
  CHECK(parse_ratio("0%").value().is_zero());
  CHECK(parse_ratio("50%").value().to_string() == "50/100");
  CHECK(parse_ratio("100%").value().to_string() == "1");
  CHECK(parse_ratio("0/3").value().to_string() == "0");
}

TEST_CASE("core: ratio: rejected spellings explain why (table of 16)") {
  struct Row { const char* text; const char* why; };
  const Row rows[] = {
      {"", "it is empty"},
      {"%", "the percentage is not a number"},
      {"x%", "the percentage is not a number"},
      {".5%", "the percentage is not a number"},
      {"2.12345%", "use at most 4 decimals in a percentage"},
      {"5.%", "use at most 4 decimals in a percentage"},
      {"101%", "it is greater than 1"},
      {"1/0", "the denominator is 0"},
      {"2", "it is greater than 1"},
      {"3/2", "it is greater than 1"},
      {"1/1000001", "the denominator is above 1000000"},
      {"a/b", "both sides of '/' must be whole numbers"},
      {"1/2/3", "both sides of '/' must be whole numbers"},
      {"-1/2", "both sides of '/' must be whole numbers"},
      {" 1/2", "both sides of '/' must be whole numbers"},
      {"0.05", "it is not a fraction"},
  };
  for (const Row& row : rows) {
    CAPTURE(row.text);
    Result<Ratio> parsed = parse_ratio(row.text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().to_string() == "'" + std::string(row.text) + "' is not a valid ratio: " + row.why + kRatioHint);
    CHECK(parsed.error().pointer.empty());
  }
  // Thirteen digits cannot overflow anything: they are refused before arithmetic.
  CHECK(ratio_text("1/99999999999999999999") == "ratio.invalid");
  CHECK(ratio_text("99999999999999999999%") == "ratio.invalid");
}

TEST_CASE("core: json: syntax errors give code json.syntax and the line:column of the bad token") {
  CHECK(parse_error("{\"a\": 1,}") ==
        "doc.json:1:9: invalid JSON: syntax error while parsing object key - unexpected '}'; expected string literal. "
        "Check for a missing comma, quote or bracket near this point. [json.syntax]");
  CHECK(parse_error("[1, 2") ==
        "doc.json:1:6: invalid JSON: syntax error while parsing array - unexpected end of input; expected ']'. "
        "Check for a missing comma, quote or bracket near this point. [json.syntax]");
  CHECK(parse_error("") ==
        "doc.json:1:1: invalid JSON: syntax error while parsing value - unexpected end of input; expected '[', '{', or "
        "a literal. Check for a missing comma, quote or bracket near this point. [json.syntax]");
  // A missing comma on a later line: the position is on line 2, inside the unexpected "b".
  Result<Json> missing_comma = parse_json_text("{\"a\": 1\n \"b\": 2}", "doc.json");
  REQUIRE_FALSE(missing_comma.ok());
  CHECK(missing_comma.error().code == "json.syntax");
  CHECK(missing_comma.error().line == 2);
  CHECK(missing_comma.error().column == 4);
  CHECK(missing_comma.error().file == "doc.json");
  CHECK(missing_comma.error().pointer.empty());
}

TEST_CASE("core: json: columns count UTF-8 characters, not bytes") {
  // "é" and "ü" are two bytes each; the bad literal x is the 17th character.
  Result<Json> parsed = parse_json_text("{\"\xC3\xA9\": \"\xC3\xBC\", \"b\": x}", "doc.json");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().line == 1);
  CHECK(parsed.error().column == 17);
}

TEST_CASE("core: json: duplicate keys are rejected with their pointer and position (flat and nested)") {
  CHECK(parse_error("{\n  \"a\": 1,\n  \"a\": 2\n}") ==
        "doc.json:3:8: /a: the key \"a\" appears twice in the same object; keep only one. [json.duplicate_key]");
  Result<Json> nested = parse_json_text("{\"x\": {\"y\": [ {\"k\":1, \"k\":2} ]}}", "doc.json");
  REQUIRE_FALSE(nested.ok());
  CHECK(nested.error().code == "json.duplicate_key");
  CHECK(nested.error().pointer == "/x/y/0/k");
  CHECK(nested.error().line == 1);
  CHECK(nested.error().column == 27);
  // Keys in the second array element: the pointer counts elements correctly.
  Result<Json> second = parse_json_text("[{\"k\":1}, {\"q\":1, \"q\":2}]");
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().pointer == "/1/q");
  // The same key in different objects is fine.
  CHECK(parse_error("{\"a\": {\"k\": 1}, \"b\": {\"k\": 2}}") == "OK");
}

TEST_CASE("core: json: valid documents parse to the expected values") {
  Result<Json> parsed = parse_json_text("{\"a\": [1, 2.5, \"x\", null, true], \"b\": {}}");
  REQUIRE(parsed.ok());
  CHECK(parsed.value()["a"][0] == 1);
  CHECK(parsed.value()["a"][2] == "x");
  CHECK(parsed.value()["b"].is_object());
}

TEST_CASE("core: json: locate_json_pointer finds nested members and elements, else the closest parent") {
  const char* document = "{\n  \"a\": {\n    \"b\": [10, {\"c\": true}]\n  },\n  \"d~/e\": 5\n}";
  struct Row { const char* pointer; int line; int column; };
  const Row rows[] = {
      {"", 1, 1},          {"/a", 2, 8},           {"/a/b", 3, 10},   {"/a/b/0", 3, 11},
      {"/a/b/1", 3, 15},   {"/a/b/1/c", 3, 21},    {"/d~0~1e", 5, 11},
      // Missing pieces resolve to the closest enclosing value that exists.
      {"/a/b/7", 3, 10},   {"/a/zz", 2, 8},        {"/a/b/1/c/q", 3, 21}, {"/a/b/x", 3, 10},
  };
  for (const Row& row : rows) {
    CAPTURE(row.pointer);
    TextPosition position = locate_json_pointer(document, row.pointer);
    CHECK(position.line == row.line);
    CHECK(position.column == row.column);
  }
  // Strings containing brackets, commas and escaped quotes do not confuse the scanner.
  const char* tricky = "{\"s\": \"a,]}\\\"{\", \"t\": [\"[\", 7]}";
  TextPosition t1 = locate_json_pointer(tricky, "/t/1");
  CHECK(t1.line == 1);
  CHECK(t1.column == 29);
}

TEST_CASE("core: json: pointer tokens escape ~ and / (RFC 6901)") {
  CHECK(pointer_token("a/b~c") == "a~1b~0c");
  CHECK(pointer_append("/x", "k/1") == "/x/k~11");
  CHECK(pointer_append("", std::size_t{3}) == "/3");
}

TEST_CASE("core: json: closest_match suggests near typos only") {
  CHECK(closest_match("latency_min_tick", {"latency_min_ticks", "latency_max_ticks"}) == std::optional<std::string>("latency_min_ticks"));
  CHECK(closest_match("crsh", {"crash", "restart"}) == std::optional<std::string>("crash"));
  CHECK_FALSE(closest_match("zzzzzz", {"format", "name"}).has_value());
}

TEST_CASE("core: object_reader: unknown key names the key, suggests the closest and lists allowed keys") {
  Json object = Json::parse(R"({"latency_min_tick": 3})");
  ObjectReader reader(object, "/network", "\"network\"");
  Status status = reader.check({"latency_min_ticks", "latency_max_ticks"});
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().to_string() ==
        "/network/latency_min_tick: unknown key \"latency_min_tick\" in \"network\". Did you mean \"latency_min_ticks\"? "
        "Allowed keys: latency_min_ticks, latency_max_ticks. [json.unknown_key]");
  Json far = Json::parse(R"({"zzzzzz": 1})");
  Status no_suggestion = ObjectReader(far, "", "a scenario").check({"format", "name"});
  REQUIRE_FALSE(no_suggestion.ok());
  CHECK(no_suggestion.error().to_string() ==
        "/zzzzzz: unknown key \"zzzzzz\" in a scenario. Allowed keys: format, name. [json.unknown_key]");
  Json escaped = Json::parse(R"({"a/b": 1})");
  CHECK(ObjectReader(escaped, "/p", "x").check({"c"}).error().pointer == "/p/a~1b");
  CHECK(ObjectReader(object, "/network", "\"network\"").check({"latency_min_tick"}).ok());
}

TEST_CASE("core: object_reader: wrong types, ranges and missing keys have exact codes and pointers") {
  Json object = Json::parse(
      R"({"count": "x", "big": 99, "neg": -11, "huge": 18446744073709551615, "f": 1.5, "s": 4, "b": "yes",
          "r": 0.5, "r2": "3/2", "r3": 2, "r0": 0, "r1": 1, "rs": "1/4", "ok": 7, "flag": false, "name": "n"})");
  ObjectReader reader(object, "/network", "\"network\"");
  CHECK(reader.integer("count", 0, 10).error().to_string() ==
        "/network/count: \"count\" must be a whole number, but it is a string. [json.wrong_type]");
  CHECK(reader.integer("big", 0, 10).error().to_string() ==
        "/network/big: \"big\" is 99; it must be between 0 and 10. [json.out_of_range]");
  CHECK(reader.integer("neg", -10, 10).error().to_string() ==
        "/network/neg: \"neg\" is -11; it must be between -10 and 10. [json.out_of_range]");
  CHECK(reader.integer("huge", 0, 10).error().to_string() == "/network/huge: \"huge\" is too large. [json.out_of_range]");
  CHECK(reader.integer("f", 0, 10).error().to_string() ==
        "/network/f: \"f\" must be a whole number, but it is a decimal number. [json.wrong_type]");
  CHECK(reader.integer("missing", 0, 10).error().to_string() ==
        "/network: \"network\" needs \"missing\" (a whole number). [json.missing_key]");
  CHECK(reader.string("s").error().to_string() ==
        "/network/s: \"s\" must be a string, but it is a whole number. [json.wrong_type]");
  CHECK(reader.boolean("b").error().to_string() ==
        "/network/b: \"b\" must be true or false, but it is a string. [json.wrong_type]");
  CHECK(reader.ratio("r").error().to_string() ==
        "/network/r: \"r\" must be a ratio written as a string such as \"1/20\" or \"5%\" (decimals like 0.05 are not "
        "allowed, so results are exact on every platform). [json.wrong_type]");
  CHECK(reader.ratio("r2").error().to_string() ==
        std::string("/network/r2: '3/2' is not a valid ratio: it is greater than 1") + kRatioHint);
  CHECK(reader.ratio("r3").error().code == "json.wrong_type");
  CHECK(reader.ratio("missing").error().code == "json.missing_key");

  // Values within range, and fallbacks only when the key is absent.
  CHECK(reader.integer("ok", 0, 10).value() == 7);
  CHECK(reader.integer("ok", 7, 7).value() == 7);
  CHECK(reader.integer("absent", 0, 10, 4).value() == 4);
  CHECK(reader.integer("big", 0, 10, 4).error().code == "json.out_of_range");  // present: no fallback
  CHECK(reader.boolean("flag").value() == false);
  CHECK(reader.string("name").value() == "n");
  CHECK(reader.ratio("r0").value() == Ratio::zero());
  CHECK(reader.ratio("r1").value() == Ratio::one());
  CHECK(reader.ratio("rs").value() == Ratio{1, 4});
  CHECK(reader.ratio("absent", Ratio{1, 2}).value() == Ratio{1, 2});

  Json array = Json::array();
  CHECK(ObjectReader(array, "/faults/0", "a fault").check({"op"}).error().to_string() ==
        "/faults/0: a fault must be an object, but it is an array. [json.wrong_type]");
  CHECK_FALSE(ObjectReader(array, "", "x").has("op"));
}

TEST_CASE("core: json: locate_error fills file, line and column from the pointer") {
  const char* text = "{\n  \"nodes\": 0\n}";
  Error located = locate_error(make_error("scenario.bad_node_count", "bad.", "/nodes"), text, "s.json");
  CHECK(located.to_string() == "s.json:2:12: /nodes: bad. [scenario.bad_node_count]");
  Error plain = make_error("a.b", "message.");
  CHECK(plain.to_string() == "message. [a.b]");
}
