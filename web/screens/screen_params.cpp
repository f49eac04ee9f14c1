// The step's settings: the scenario params a lesson lets the learner change (a retry limit, the commit
// rule, a quorum). Each is a text field typed like the scenario's own value; "Apply and restart" starts
// the step's run again with them, and the simulator tasks are checked with them from then on.
#include <cstdlib>
#include <optional>
#include <string>

#include <imgui.h>

#include "lesson/task_runner.hpp"
#include "screens/screens.hpp"

namespace coordlab::ui {
namespace {

constexpr std::size_t kMaxParamTextBytes = 64;

std::string shown_value(const Json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
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
  char buffer[kMaxParamTextBytes] = {};
  found->second.copy(buffer, sizeof(buffer) - 1);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(name.c_str());
  ImGui::SameLine(ImGui::GetFontSize() * 11);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  ImGui::BeginDisabled(!enabled);
  if (ImGui::InputText(("##param_" + name).c_str(), buffer, sizeof(buffer))) found->second = buffer;
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
