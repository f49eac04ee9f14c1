#include "platform/links.hpp"

#include <array>
#include <vector>

namespace coordlab::ui {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kRouteHelp =
    "the lab's addresses are #/ (home), #/playground, #/PATH/LESSON/STEP and #/run/... (a shared run)";

std::vector<std::string> split_path(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('/', begin);
    if (end == std::string_view::npos) end = text.size();
    if (end > begin) parts.emplace_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return parts;
}

Error link_error(const std::string& message) { return make_error("link.invalid", message); }

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char byte : bytes) {
    buffer = (buffer << 8) | static_cast<unsigned char>(byte);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

Result<std::string> base64url_decode(std::string_view text) {
  std::array<int, 256> value{};
  value.fill(-1);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) value[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int digit = value[static_cast<unsigned char>(text[i])];
    if (digit < 0) {
      return link_error("the shared run is damaged: character " + std::to_string(i + 1) +
                        " is not part of a link; copy the whole link again.");
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

Result<Route> parse_route(std::string_view hash) {
  if (!hash.empty() && hash.front() == '#') hash.remove_prefix(1);
  const std::vector<std::string> parts = split_path(hash);
  Route route;
  if (parts.empty()) return route;
  if (parts.size() == 1 && parts[0] == "playground") {
    route.kind = RouteKind::playground;
    return route;
  }
  if (parts[0] == "run") {
    if (parts.size() != 2) return link_error("a shared-run link is #/run/ followed by the run's code; this one is cut or has extra parts.");
    route.kind = RouteKind::shared_run;
    route.data = parts[1];
    return route;
  }
  if (parts.size() >= 2 && parts.size() <= 3) {
    route.kind = RouteKind::lesson;
    route.path = parts[0];
    route.lesson = parts[1];
    route.step = parts.size() == 3 ? parts[2] : "";
    return route;
  }
  return link_error("\"#" + std::string(hash) + "\" is not an address of the lab: " + std::string(kRouteHelp) + ".");
}

std::string route_hash(const Route& route) {
  switch (route.kind) {
    case RouteKind::home:
      return "#/";
    case RouteKind::playground:
      return "#/playground";
    case RouteKind::lesson:
      return "#/" + route.path + "/" + route.lesson + (route.step.empty() ? "" : "/" + route.step);
    case RouteKind::shared_run:
      return "#/run/" + route.data;
  }
  return "#/";
}

Result<std::string> encode_shared_run(const SharedRun& run) {
  const Json document = {{"scenario", run.scenario}, {"seed", run.seed}, {"commands", run.commands}};
  std::string hash = "#/run/" + base64url_encode(document.dump());
  if (hash.size() > kMaxShareLinkChars) {
    return make_error("link.too_long", "this run is too long to share as a link (" + std::to_string(hash.size()) + " characters, at most " +
                                           std::to_string(kMaxShareLinkChars) + "); fork it earlier or export the trace instead.");
  }
  return hash;
}

Result<SharedRun> decode_shared_run(std::string_view data) {
  if (data.size() > kMaxShareLinkChars) {
    return make_error("link.too_long", "the shared-run link is longer than " + std::to_string(kMaxShareLinkChars) +
                                           " characters, so the lab does not open it; ask for a shorter run.");
  }
  Result<std::string> text = base64url_decode(data);
  if (!text.ok()) return text.error();
  const Json document = Json::parse(text.value(), nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return link_error("the shared-run link is damaged (its code does not decode to a run); copy the whole link again.");
  }
  const auto scenario = document.find("scenario");
  const auto seed = document.find("seed");
  const auto commands = document.find("commands");
  if (scenario == document.end() || !scenario->is_string() || seed == document.end() || !seed->is_number_unsigned() ||
      commands == document.end() || !commands->is_array() || document.size() != 3) {
    return link_error("the shared-run link is damaged: it needs a scenario name, a seed and a list of commands.");
  }
  if (commands->size() > kMaxShareCommands) {
    return make_error("link.too_long", "the shared run has " + std::to_string(commands->size()) + " commands, more than the " +
                                           std::to_string(kMaxShareCommands) + " a link may carry.");
  }
  SharedRun run;
  run.scenario = scenario->get<std::string>();
  run.seed = seed->get<std::uint64_t>();
  run.commands = *commands;
  return run;
}

}  // namespace coordlab::ui
