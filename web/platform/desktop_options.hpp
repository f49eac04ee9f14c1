// Command-line options of the native desktop lab (coordlab_desktop).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"

namespace coordlab::ui {

struct DesktopOptions {
  std::optional<std::uint64_t> frame_limit;  // --frames N: exit cleanly after N frames
  bool smoke = false;                        // --smoke: scripted self-check, exit status says if it passed
  std::string lessons_dir;                   // --lessons DIR: accepted; lessons are compiled in
  std::string scenario;                      // --scenario NAME: the run to open in the playground
  std::string route;                         // --open ADDRESS: where to start (default: home)
  bool help = false;
};

inline constexpr std::uint64_t kSmokeFrameCount = 20;

Result<DesktopOptions> parse_desktop_options(int argc, char** argv);
std::string desktop_usage();

}  // namespace coordlab::ui
