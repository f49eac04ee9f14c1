#include "lesson/progress.hpp"

#include <algorithm>

#include "core/hash.hpp"
#include "lesson/lesson_reader.hpp"
#include "sim/trace.hpp"

namespace coordlab::lesson {
namespace {

Json attempt_to_json(const Attempt& attempt) {
  return {{"commands", attempt.commands}, {"params", attempt.params}, {"answer", attempt.answer}};
}

// Everything but the hash, in a fixed key order (nlohmann's object keys are sorted).
Json hashed_fields(const ProgressRecord& record) {
  return {{"lesson", record.lesson},     {"step", record.step},       {"task", record.task},
          {"lesson_hash", record.lesson_hash}, {"scenario", record.scenario}, {"seeds", record.seeds},
          {"attempt", attempt_to_json(record.attempt)}, {"passed", record.passed}, {"reason", record.reason},
          {"revision", record.revision}, {"engine_version", record.engine_version}};
}

Result<ProgressRecord> read_record(const Json& value, const std::string& pointer, bool strict) {
  ObjectReader reader(value, pointer, "a progress record");
  if (!value.is_object()) return make_error("json.wrong_type", "a progress record must be an object.", pointer);
  RETURN_IF_ERROR(reader.check({"lesson", "step", "task", "lesson_hash", "scenario", "seeds", "attempt", "passed", "reason",
                                "revision", "engine_version", "record_hash"}));
  ProgressRecord record;
  for (auto [key, field] : {std::pair{"lesson", &record.lesson}, std::pair{"step", &record.step}, std::pair{"task", &record.task},
                            std::pair{"lesson_hash", &record.lesson_hash}, std::pair{"scenario", &record.scenario},
                            std::pair{"reason", &record.reason}, std::pair{"engine_version", &record.engine_version},
                            std::pair{"record_hash", &record.record_hash}}) {
    Result<std::string> text = reader.string(key);
    if (!text.ok()) return text.error();
    *field = text.value();
  }
  if (!valid_id(record.lesson) || !valid_id(record.step) || !valid_id(record.task)) {
    return make_error("progress.bad_id", "lesson, step and task must be lesson ids (a-z, 0-9, '-', '_').", pointer);
  }
  const Json* seeds = reader.find("seeds");
  if (seeds == nullptr || !seeds->is_array() || seeds->size() > 32) return make_error("json.wrong_type", "\"seeds\" is an array of whole numbers.", reader.pointer_of("seeds"));
  for (const Json& seed : *seeds) {
    if (!seed.is_number_unsigned()) return make_error("json.wrong_type", "each seed is a whole number >= 0.", reader.pointer_of("seeds"));
    record.seeds.push_back(seed.get<std::uint64_t>());
  }
  const Json* attempt = reader.find("attempt");
  if (attempt == nullptr) return make_error("lesson.missing_key", "a record needs its \"attempt\".", pointer);
  ObjectReader attempt_reader(*attempt, reader.pointer_of("attempt"), "an attempt");
  RETURN_IF_ERROR(attempt_reader.check({"commands", "params", "answer"}));
  const Json* commands = attempt_reader.find("commands");
  const Json* params = attempt_reader.find("params");
  if (!commands || !commands->is_array() || !params || !params->is_object()) {
    return make_error("json.wrong_type", "an attempt has \"commands\" (an array), \"params\" (an object) and \"answer\".", attempt_reader.pointer());
  }
  record.attempt = Attempt{*commands, *params, attempt_reader.find("answer") ? *attempt_reader.find("answer") : Json()};
  Result<bool> passed = reader.boolean("passed");
  if (!passed.ok()) return passed.error();
  record.passed = passed.value();
  Result<std::int64_t> revision = reader.integer("revision", 1, 1'000'000'000);
  if (!revision.ok()) return revision.error();
  record.revision = revision.value();
  record.hash_matches = record_hash(record) == record.record_hash;
  if (!record.hash_matches && strict) {
    return make_error("progress.hash_mismatch", "record " + record.lesson + "/" + record.step + "/" + record.task +
                                                    " was changed after it was written (its record_hash does not match).", pointer);
  }
  return record;
}

}  // namespace

std::string record_hash(const ProgressRecord& record) { return sim::format_hash(fnv1a64(hashed_fields(record).dump())); }

ProgressRecord make_record(const Lesson& lesson, const Step& step, const Task& task, const Attempt& attempt, const TaskOutcome& outcome,
                           std::int64_t revision) {
  ProgressRecord record;
  record.lesson = lesson.id;
  record.step = step.id;
  record.task = task.id;
  record.lesson_hash = lesson.content_hash;
  record.scenario = step.scenario_name.empty() ? "inline" : step.scenario_name;
  for (const SeedRun& run : outcome.runs) record.seeds.push_back(run.seed);
  record.attempt = attempt;
  record.passed = outcome.passed;
  record.reason = outcome.reason;
  record.revision = revision;
  record.engine_version = std::string(kEngineVersion);
  record.record_hash = record_hash(record);
  return record;
}

Json record_to_json(const ProgressRecord& record) {
  Json out = hashed_fields(record);
  out["record_hash"] = record.record_hash;
  return out;
}

Json progress_to_json(const Progress& progress) {
  Json records = Json::array();
  for (const ProgressRecord& record : progress.records) records.push_back(record_to_json(record));
  return {{"format", kProgressFormat}, {"learner", progress.learner}, {"records", records}};
}

Result<Progress> parse_progress_text(std::string_view text, std::string_view file, Reading reading, std::vector<Error>* record_errors) {
  if (text.size() > kMaxProgressBytes) {
    Error error = make_error("progress.too_large", "the progress file is larger than 8 MB; it cannot be a lab export.");
    error.file = std::string(file);
    return error;
  }
  Result<Json> document = parse_json_text(text, file);
  if (!document.ok()) return document.error();
  auto located = [&](Error error) { return locate_error(std::move(error), text, file); };
  ObjectReader reader(document.value(), "", "a progress file");
  Status keys = reader.check({"format", "learner", "records"});
  if (!keys.ok()) return located(keys.error());
  Result<std::string> format = reader.string("format");
  if (!format.ok() || format.value() != kProgressFormat) {
    return located(make_error("progress.bad_format", "this is not a Coordination Lab progress file (\"format\" must be \"coordlab.progress/1\").", "/format"));
  }
  Progress progress;
  Result<std::string> learner = reader.string("learner", "");
  if (!learner.ok()) return located(learner.error());
  progress.learner = learner.value();
  const Json* records = reader.find("records");
  if (records == nullptr || !records->is_array() || records->size() > kMaxProgressRecords) {
    return located(make_error("progress.bad_records", "\"records\" is an array of at most 2000 records.", "/records"));
  }
  std::vector<Error> bad;
  for (std::size_t i = 0; i < records->size(); ++i) {
    Result<ProgressRecord> record = read_record((*records)[i], pointer_append("/records", i), reading == Reading::strict);
    if (!record.ok()) bad.push_back(located(record.error()));
    else progress.records.push_back(std::move(record.value()));
  }
  if (bad.empty()) return progress;
  if (record_errors != nullptr) *record_errors = bad;
  Error first = bad.front();
  if (bad.size() > 1) {
    first.message += " Other bad records:";
    for (std::size_t i = 1; i < bad.size(); ++i) first.message += " " + bad[i].pointer + " (" + bad[i].code + ")";
    first.message += ".";
  }
  first.message += " Nothing was imported.";
  return first;
}

MergeReport merge_progress(Progress& into, const Progress& incoming) {
  MergeReport report;
  for (const ProgressRecord& record : incoming.records) {
    auto same_task = [&](const ProgressRecord& existing) {
      return existing.lesson == record.lesson && existing.step == record.step && existing.task == record.task;
    };
    auto it = std::find_if(into.records.begin(), into.records.end(), same_task);
    if (it == into.records.end()) {
      into.records.push_back(record);
      ++report.added;
    } else if (record.revision > it->revision) {
      *it = record;
      ++report.replaced;
    } else {
      ++report.kept;
      if (record.revision == it->revision && record.record_hash != it->record_hash) report.conflicts.push_back(record.lesson + "/" + record.step + "/" + record.task);
    }
  }
  return report;
}

}  // namespace coordlab::lesson
