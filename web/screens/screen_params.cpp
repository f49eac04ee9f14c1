// The step's settings: the scenario params a lesson lets the learner change (a retry limit, the commit
// rule, a quorum). Each is a text field typed like the scenario's own value; "Apply and restart" starts
// the step's run again with them, and the simulator tasks are checked with them from then on. A param
// whose value is an object or a list (a Kubernetes HPA spec) gets a multi-line field and is read as JSON.
#include <cstdlib>
#include <optional>
#include <string>

#include <imgui.h>

#include "core/json_input.hpp"
#include "lesson/task_runner.hpp"
#include "screens/screens.hpp"

namespace coordlab::ui {
namespace {

constexpr std::size_t kMaxParamTextBytes = 64;
// A JSON param (an HPA spec with behavior and several metrics) fits in well under this.
constexpr std::size_t kMaxJsonParamTextBytes = 4096;
constexpr int kJsonParamFieldLines = 8;

bool is_json_param(const Json& like) { return like.is_object() || like.is_array(); }

std::string shown_value(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  if (is_json_param(value)) return value.dump(2);
  return value.dump();
}

// Typed JSON for an object or list param; a syntax error says where (line and column of the field).
Result<Json> parse_json_param(const std::string& name, const std::string& text, const Json& like) {
  Result<Json> parsed = parse_json_text(text, "the settings field \"" + name + "\"");
  if (!parsed.ok()) return make_error("lesson.bad_param", parsed.error().message);
  const Json& value = parsed.value();
  if (like.is_object() && !value.is_object())
    return make_error("lesson.bad_param", "\"" + name + "\" is a JSON object: {...}, like the value shown first.");
  if (like.is_array() && !value.is_array())
    return make_error("lesson.bad_param", "\"" + name + "\" is a JSON list: [...], like the value shown first.");
  return value;
}

std::optional<std::int64_t> whole_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const long long number = std::strtoll(text.c_str(), &end, 10);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<std::int64_t>(number);
}

// The typed text as a value of the same kind as the scenario's (`like`); an error says what is wanted.
Result<Json> parse_param(const std::string& name, const std::string& text, const Json& like) {
  const bool looks_like_json = !text.empty() && (text.front() == '{' || text.front() == '[');
  if (is_json_param(like) || (like.is_null() && looks_like_json)) return parse_json_param(name, text, like);
  if (like.is_boolean() || text == "true" || text == "false") {
    if (text == "true" || text == "false") return Json(text == "true");
    if (like.is_boolean()) return make_error("lesson.bad_param", "\"" + name + "\" is true or false.");
  }
  if (like.is_number_integer() || (like.is_null() && whole_number(text))) {
    if (const std::optional<std::int64_t> number = whole_number(text)) return Json(*number);
    return make_error("lesson.bad_param", "\"" + name + "\" is a whole number, e.g. " + shown_value(like) + ".");
  }
  return Json(text);
}

void draw_param_field(UiState& ui, const std::string& name, const Json& current, bool enabled) {
  auto found = ui.lesson.param_text.find(name);
  if (found == ui.lesson.param_text.end()) found = ui.lesson.param_text.emplace(name, shown_value(current)).first;
  const bool multi_line = is_json_param(current);
  std::string buffer(multi_line ? kMaxJsonParamTextBytes : kMaxParamTextBytes, '\0');
  found->second.copy(buffer.data(), buffer.size() - 1);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(name.c_str());
  const std::string id = "##param_" + name;
  ImGui::BeginDisabled(!enabled);
  bool edited = false;
  if (multi_line) {
    ImGui::SameLine();
    ImGui::TextDisabled("(JSON)");
    const ImVec2 size(-1.0F, ImGui::GetTextLineHeight() * kJsonParamFieldLines);
    edited = ImGui::InputTextMultiline(id.c_str(), buffer.data(), buffer.size(), size);
  } else {
    ImGui::SameLine(ImGui::GetFontSize() * 11);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    edited = ImGui::InputText(id.c_str(), buffer.data(), buffer.size());
  }
  if (edited) found->second = buffer.c_str();
  ImGui::EndDisabled();
  remember_widget(ui, "param:" + name);
}

}  // namespace

void draw_step_params(LabApp& app, const lesson::Step& step) {
  if (step.editable_params.empty()) return;
  UiState& ui = app.ui();
  const bool enabled = control_enabled(ui, "params");
  Result<Json> scenario = lesson::step_scenario(step, Json::object());
  const Json defaults = scenario.ok() && scenario.value().contains("params") ? scenario.value()["params"] : Json::object();
  ImGui::Separator();
  ImGui::TextUnformatted("Settings you can change");
  for (const std::string& name : step.editable_params) {
    const Json current = ui.lesson.params.contains(name) ? ui.lesson.params[name] : defaults.value(name, Json());
    draw_param_field(ui, name, current, enabled);
  }
  ImGui::BeginDisabled(!enabled);
  const bool apply = ImGui::Button("Apply and restart");
  ImGui::EndDisabled();
  remember_widget(ui, "Apply settings");
  ImGui::SameLine();
  ImGui::TextDisabled("(the run starts again with these)");
  if (!apply) return;
  Json params = Json::object();
  for (const std::string& name : step.editable_params) {
    const std::string& text = ui.lesson.param_text[name];
    const Json like = defaults.value(name, Json());
    if (text.empty() || text == shown_value(like)) continue;  // unchanged: the scenario's own value
    Result<Json> value = parse_param(name, text, like);
    if (!value.ok()) {
      report_error(ui, value.error().message);
      return;
    }
    params[name] = value.value();
  }
  app.apply_step_params(params);
}

}  // namespace coordlab::ui
