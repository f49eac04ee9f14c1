// The JSON Schemas of the HTN formats (engine/planning/htn_domain.schema.json, htn_problem.schema.json)
// accept every domain and problem file of ours (the scenarios', blocks world, the HDDL imports) and
// reject malformed ones the reader rejects too. A small validator for the keywords the schemas use;
// it fails on any keyword it does not know, so the schemas cannot silently say more than it checks.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "planning/blocks_world.hpp"
#include "planning/hddl_import.hpp"

namespace {

using namespace coordlab;
namespace fs = std::filesystem;

const fs::path kSource = COORDLAB_SOURCE_DIR;

Json read_json(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  Result<Json> json = parse_json_text(text.str(), path.string());
  if (!json.ok()) FAIL(json.error().to_string());
  return json.value();
}

class SchemaValidator {
 public:
  explicit SchemaValidator(Json root) : root_(std::move(root)) {}
  // The first violation ("/pointer: what"), or "" when `value` conforms.
  std::string validate(const Json& value) const { return check(root_, value, ""); }

 private:
  std::string check(const Json& schema, const Json& value, const std::string& at) const {
    if (schema.is_boolean()) return schema.get<bool>() ? "" : at + ": not allowed";
    for (const auto& [keyword, argument] : schema.items()) {
      std::string problem = keyword_check(schema, keyword, argument, value, at);
      if (!problem.empty()) return problem;
    }
    return "";
  }

  std::string keyword_check(const Json& schema, const std::string& keyword, const Json& argument, const Json& value, const std::string& at) const {
    static const char* kIgnored[] = {"$schema", "$id", "title", "description", "$defs"};
    for (const char* ignored : kIgnored)
      if (keyword == ignored) return "";
    if (keyword == "$ref") return check(root_.at(Json::json_pointer(argument.get<std::string>().substr(1))), value, at);
    if (keyword == "type") return type_fits(argument.get<std::string>(), value) ? "" : at + ": not " + argument.get<std::string>();
    if (keyword == "const") return value == argument ? "" : at + ": not " + argument.dump();
    if (keyword == "enum") return std::find(argument.begin(), argument.end(), value) != argument.end() ? "" : at + ": not one of " + argument.dump();
    if (keyword == "required") {
      for (const Json& key : argument)
        if (value.is_object() && !value.contains(key.get<std::string>())) return at + ": missing " + key.get<std::string>();
      return "";
    }
    if (keyword == "properties" || keyword == "additionalProperties") return object_check(schema, value, at);
    if (keyword == "items") {
      for (std::size_t i = 0; value.is_array() && i < value.size(); ++i) {
        std::string problem = check(argument, value[i], at + "/" + std::to_string(i));
        if (!problem.empty()) return problem;
      }
      return "";
    }
    if (keyword == "minItems" || keyword == "maxItems") return size_check(keyword, argument, value.is_array() ? value.size() : 0, value.is_array(), at);
    if (keyword == "minLength") return size_check(keyword, argument, value.is_string() ? value.get<std::string>().size() : 0, value.is_string(), at);
    if (keyword == "minimum" || keyword == "maximum") {
      if (!value.is_number_integer()) return "";
      const bool ok = keyword == "minimum" ? value.get<std::int64_t>() >= argument.get<std::int64_t>() : value.get<std::int64_t>() <= argument.get<std::int64_t>();
      return ok ? "" : at + ": out of range";
    }
    if (keyword == "pattern") {
      if (!value.is_string()) return "";
      return std::regex_search(value.get<std::string>(), std::regex(argument.get<std::string>())) ? "" : at + ": \"" + value.get<std::string>() + "\" does not match " + argument.get<std::string>();
    }
    return at + ": the test's validator does not know the keyword " + keyword;
  }

  // "properties" and "additionalProperties" together (checked once, from "properties" or alone).
  std::string object_check(const Json& schema, const Json& value, const std::string& at) const {
    if (!value.is_object()) return "";
    const Json* properties = schema.contains("properties") ? &schema.at("properties") : nullptr;
    for (const auto& [key, member] : value.items()) {
      const std::string where = at + "/" + key;
      std::string problem;
      if (properties != nullptr && properties->contains(key)) problem = check(properties->at(key), member, where);
      else if (schema.contains("additionalProperties")) problem = check(schema.at("additionalProperties"), member, where);
      if (!problem.empty()) return problem;
    }
    return "";
  }

  static std::string size_check(const std::string& keyword, const Json& argument, std::size_t size, bool applies, const std::string& at) {
    if (!applies) return "";
    const auto bound = argument.get<std::size_t>();
    const bool ok = keyword.rfind("min", 0) == 0 ? size >= bound : size <= bound;
    return ok ? "" : at + ": violates " + keyword;
  }

  static bool type_fits(const std::string& type, const Json& value) {
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "integer") return value.is_number_integer();
    if (type == "boolean") return value.is_boolean();
    return false;
  }

  Json root_;
};

const SchemaValidator& domain_schema() {
  static const SchemaValidator validator(read_json(kSource / "engine/planning/htn_domain.schema.json"));
  return validator;
}
const SchemaValidator& problem_schema() {
  static const SchemaValidator validator(read_json(kSource / "engine/planning/htn_problem.schema.json"));
  return validator;
}

}  // namespace

TEST_CASE("planning: schema: the scenarios' domains and problems conform") {
  std::size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(kSource / "engine/app/scenarios")) {
    if (entry.path().filename().string().rfind("htn", 0) != 0) continue;
    const Json scenario = read_json(entry.path());
    if (!scenario.contains("params") || !scenario["params"].contains("domain")) continue;
    CHECK_MESSAGE(domain_schema().validate(scenario["params"]["domain"]) == "", entry.path().string());
    CHECK_MESSAGE(problem_schema().validate(scenario["params"]["problem"]) == "", entry.path().string());
    ++checked;
  }
  CHECK(checked >= 3);
}

TEST_CASE("planning: schema: blocks world and the HDDL imports conform") {
  CHECK(domain_schema().validate(parse_json_text(planning::blocks_world_domain_text()).value()) == "");
  CHECK(problem_schema().validate(parse_json_text(planning::blocks_world_problem_text(19, 1)).value()) == "");
  for (const char* name : {"transport", "satellite"}) {
    const std::string domain = std::string(name) + ".hddl", problem = std::string(name) + "-p10.hddl";
    Result<planning::HddlImport> loaded = planning::import_hddl(planning::embedded_hddl_file(domain), domain, planning::embedded_hddl_file(problem), problem);
    REQUIRE(loaded.ok());
    CHECK(domain_schema().validate(loaded.value().domain_json) == "");
    CHECK(problem_schema().validate(loaded.value().problem_json) == "");
  }
}

TEST_CASE("planning: schema: malformed domains fail the schema as they fail the reader") {
  Json domain = parse_json_text(planning::blocks_world_domain_text()).value();
  Json unknown_key = domain;
  unknown_key["operators"][0]["precondition"] = Json::array();
  CHECK(domain_schema().validate(unknown_key).find("/operators/0/precondition") != std::string::npos);
  CHECK_FALSE(planning::read_domain(unknown_key, "").ok());
  Json bad_format = domain;
  bad_format["format"] = "coordlab.htn.domain/2";
  CHECK(domain_schema().validate(bad_format) != "");
  CHECK_FALSE(planning::read_domain(bad_format, "").ok());
  Json bad_type = domain;
  bad_type["types"] = Json::array({"block - "});
  CHECK(domain_schema().validate(bad_type) != "");
  CHECK_FALSE(planning::read_domain(bad_type, "").ok());
  Json no_subtasks = domain;
  no_subtasks["methods"][0].erase("subtasks");
  CHECK(domain_schema().validate(no_subtasks) != "");
  CHECK_FALSE(planning::read_domain(no_subtasks, "").ok());
}
