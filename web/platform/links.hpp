// The lab's addresses (the part of the URL after '#'), so a place can be bookmarked, shared and reached
// with the browser's back button:
//   #/                       home
//   #/playground             the free simulator
//   #/PATH/LESSON/STEP       a lesson step (STEP is the step id or its 1-based number; omitted = first)
//   #/run/DATA               a shared run: DATA is base64url of {"scenario","seed","commands"}
// Everything here is pure text processing; the app checks a route against the lessons it has.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_input.hpp"
#include "core/result.hpp"

namespace coordlab::ui {

// A share link must fit comfortably in a URL and in a chat message.
inline constexpr std::size_t kMaxShareLinkChars = 8000;
inline constexpr std::size_t kMaxShareCommands = 500;

enum class RouteKind : std::uint8_t { home, playground, lesson, shared_run };

struct Route {
  RouteKind kind = RouteKind::home;
  std::string path;    // lesson
  std::string lesson;  // lesson
  std::string step;    // lesson: step id or number, "" = the first
  std::string data;    // shared_run: the encoded run
};

struct SharedRun {
  std::string scenario;
  std::uint64_t seed = 1;
  Json commands = Json::array();
};

// Parses a location hash ("#/..." or "/..."; "" is home). Unknown shapes are errors that say which
// addresses exist.
Result<Route> parse_route(std::string_view hash);
std::string route_hash(const Route& route);

// "#/run/..." for a run; an error when the encoded run would be longer than kMaxShareLinkChars.
Result<std::string> encode_shared_run(const SharedRun& run);
// Decodes and validates the shape (not the scenario name or the commands: the app replays those).
Result<SharedRun> decode_shared_run(std::string_view data);

std::string base64url_encode(std::string_view bytes);
Result<std::string> base64url_decode(std::string_view text);

}  // namespace coordlab::ui
