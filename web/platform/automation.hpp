// The automation hook: the lab's state as JSON, for browser tests and the desktop smoke test.
#pragma once
#include <string>

#include "lab_app.hpp"

namespace coordlab::ui {

std::string automation_state_json(const LabApp& app);
// The app lab_automation_state() reports on and lab_import_progress() feeds (nullptr = none yet).
void set_automation_target(LabApp* app);

}  // namespace coordlab::ui

// C entry point exported from the wasm module; see the comment at the top of automation.cpp.
extern "C" const char* lab_automation_state();
// Imports a progress file's text (strict validation; a bad file changes nothing and the lab says why).
extern "C" void lab_import_progress(const char* text);
// Opens a lesson file's text as a draft at #/draft/<id> (screen_catalog.hpp): for authors trying a lesson
// without rebuilding the lab, and for browser tests of the sample lessons in tests/lessons_samples/.
extern "C" void lab_open_lesson(const char* text);
