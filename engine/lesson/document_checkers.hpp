// Document checkers: named engine functions that judge a text a learner edited in a `document` task
// (lesson.hpp). A checker reads its arguments from the lesson (validated when the lesson loads), runs
// the engine on the learner's text and says pass or fail, why, and where in that text (line:column).
//
// Adding a checker (a domain's `htn_domain`, `react_rules`, ...): write a function returning its
// DocumentCheckerSpec in the domain's own file and add that function to the list in
// document_checker_catalog() (document_checkers.cpp). Nothing else changes: the loader, the lint,
// progress, verify and the lab's editor all go through the catalog.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/session.hpp"
#include "lesson/lesson.hpp"

namespace coordlab::lesson {

// What a checker judges: the learner's text, its own validated args, the task's starting text (to keep
// parts of it fixed) and the step (its scenario and seed, for checkers that run on it).
struct DocumentInput {
  std::string_view text;
  const Json& args;
  std::string_view start_text;
  const Step& step;
};

struct DocumentVerdict {
  bool passed = false;
  std::string reason;  // for the learner; a located error's message says what to change
  int line = 0;        // 1-based place in the learner's text; 0 when the verdict is about the whole text
  int column = 0;
  bool ran = false;    // the text ran as a simulation: `seed` and `trace_hash` describe that run
  std::uint64_t seed = 0;
  std::uint64_t trace_hash = 0;
};

struct DocumentCheckerSpec {
  std::string_view id;
  std::string_view language;  // what the text is, for the editor and the README: "json"
  std::string_view summary;   // one line for authors: what the text is and how it is judged
  // Validates the lesson's args at `pointer` (unknown keys, types, named checks) and returns them
  // normalised; errors are located in the lesson file by the loader.
  Result<Json> (*read_args)(const Json& args, const std::string& pointer);
  DocumentVerdict (*check)(const DocumentInput& input);
};

const std::vector<DocumentCheckerSpec>& document_checker_catalog();
const DocumentCheckerSpec* find_document_checker(std::string_view id);

// Lines as an editor shows them: a final newline does not start another line.
std::size_t count_lines(std::string_view text);
// Runs the checker of `task` on `text` after the size and line limits every document shares.
DocumentVerdict check_document(const Step& step, const Task& task, std::string_view text);

// Helpers for checkers that judge a simulation run.
// Reads {"check": {...}, "invariants": [...], "run_ticks": N} plus `extra_keys`, validating the checks.
Result<Json> read_run_judgement_args(const Json& args, const std::string& pointer, const std::vector<std::string_view>& extra_keys);
// Runs args.run_ticks (automatic delivery only), then judges the session with args.check and
// args.invariants: the goal's reason on success, the first failing check's reason otherwise.
DocumentVerdict judge_run(app::Session& session, const Json& args);
// A verdict that points at `error`'s place in the learner's text (its line:column, or its JSON pointer).
DocumentVerdict located_failure(const Error& error, std::string_view text);

// The checkers this engine ships (document_checkers_sim.cpp).
DocumentCheckerSpec scenario_document_checker();
DocumentCheckerSpec commands_document_checker();
DocumentCheckerSpec htn_domain_document_checker();  // document_checkers_htn.cpp

}  // namespace coordlab::lesson
