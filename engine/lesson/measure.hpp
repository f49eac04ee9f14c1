// Measures: named values read off a run (which node became leader, how many messages were sent), so a
// prediction task can compare what the learner predicted with what the run produced. They read the same
// input as the named checks (the trace up to a point and the world there) and declare typed arguments
// the same way, so lesson files validate them with the same located errors.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "check/check.hpp"

namespace coordlab::lesson {

struct Measurement {
  Json value;               // a string (a node name, an outcome) or a whole number
  std::string description;  // one sentence for the learner: "n3 became leader in term 2"
};

struct MeasureSpec {
  std::string id;
  std::string summary;
  std::vector<check::ArgSpec> args;
  // `args` has been validated (every declared argument present with its type).
  std::function<Measurement(const check::CheckInput& input, const Json& args)> measure;
};

const std::vector<MeasureSpec>& measure_catalog();
const MeasureSpec* find_measure(std::string_view id);
// Checks the arguments (unknown keys, types, ranges) and fills in defaults.
Result<Json> validate_measure_args(const MeasureSpec& spec, const Json& args, const std::string& pointer);
// The value's text as options are compared with it ("n3", "12").
std::string measured_text(const Json& value);

}  // namespace coordlab::lesson
