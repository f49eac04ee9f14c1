#include "platform/desktop_options.hpp"

#include <charconv>
#include <string_view>

namespace coordlab::ui {
namespace {

Result<std::uint64_t> parse_count(std::string_view flag, std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value == 0) {
    return make_error("desktop.bad_option", std::string(flag) + " needs a positive whole number, not '" + std::string(text) + "'.");
  }
  return value;
}

}  // namespace

std::string desktop_usage() {
  return "usage: coordlab_desktop [--open ADDRESS] [--scenario NAME] [--frames N] [--smoke] [--lessons DIR]\n"
         "  --open ADDRESS   open a place: #/, #/playground, #/PATH/LESSON/STEP or a #/run/... link\n"
         "  --scenario NAME  open this built-in scenario (default ping_echo)\n"
         "  --frames N       exit after N frames (for headless runs)\n"
         "  --smoke          scripted self-check of the UI and the engine; exit status 0 = passed\n"
         "                   (runs " + std::to_string(kSmokeFrameCount) + " frames unless --frames says otherwise, and\n"
         "                   always until its script, which opens the first step of every lesson, is done)\n"
         "  --lessons DIR    accepted for compatibility; the lessons are compiled in\n";
}

Result<DesktopOptions> parse_desktop_options(int argc, char** argv) {
  DesktopOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--smoke") {
      options.smoke = true;
    } else if (flag == "--help" || flag == "-h") {
      options.help = true;
    } else if (flag == "--frames" || flag == "--lessons" || flag == "--scenario" || flag == "--open") {
      if (!has_value) return make_error("desktop.missing_value", std::string(flag) + " needs a value.");
      const std::string_view value = argv[++i];
      if (flag == "--frames") {
        Result<std::uint64_t> count = parse_count(flag, value);
        if (!count.ok()) return count.error();
        options.frame_limit = count.value();
      } else if (flag == "--open") {
        options.route = value;
      } else if (flag == "--lessons") {
        options.lessons_dir = value;
      } else {
        options.scenario = value;
      }
    } else {
      return make_error("desktop.unknown_option", "unknown option '" + std::string(flag) + "'.");
    }
  }
  if (options.smoke && !options.frame_limit) options.frame_limit = kSmokeFrameCount;
  return options;
}

}  // namespace coordlab::ui
