// The run's hand-offs out of the lab (see LabApp::export_trace_json and friends): the trace through the
// engine's one writer (app/trace_export.hpp, shared with `coordlab trace export`), the sequence diagram
// through the view's own SVG (same filters as on screen). Downloads go through Storage::export_file (a
// download on the web, a file in the data folder natively), copies through copy_to_clipboard.
#include <algorithm>
#include <string>

#include "app/plot_export.hpp"
#include "app/trace_export.hpp"
#include "core/limits.hpp"
#include "lab_app.hpp"
#include "views/view_sequence.hpp"

namespace coordlab::ui {

void LabApp::export_trace_json() {
  if (!session_) return;
  Result<Json> exported = app::trace_export_json(*session_, limits::kMaxExportedTraceEvents);
  if (!exported.ok()) {
    report_error(ui_, "The trace was not exported: " + exported.error().message);
    return;
  }
  const std::string name = app::run_file_name(*session_, "trace", "json");
  // Texts come from scenarios and actors; a stray byte must not abort the export.
  const std::string text = exported.value().dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  Result<std::string> where = storage_.export_file(name, text);
  if (!where.ok()) {
    report_error(ui_, "The trace was not exported: " + where.error().message);
    return;
  }
  report_info(ui_, "Exported the trace (" + std::to_string(session_->trace().event_count()) + " events, hash " +
                       sim::format_hash(session_->trace().hash()) + ") to " + where.value() + ".");
}

void LabApp::copy_trace_text() {
  if (!session_) return;
  Result<std::string> text = app::trace_readable_text(*session_, limits::kMaxCopiedTraceBytes);
  if (!text.ok()) {
    report_error(ui_, "The trace was not copied: " + text.error().message);
    return;
  }
  copy_to_clipboard(text.value());
  report_info(ui_, "Copied the trace as text (" + std::to_string(session_->trace().event_count()) + " events, " +
                       std::to_string(text.value().size()) + " bytes).");
}

void LabApp::download_sequence_svg() {
  if (!session_) return;
  Result<std::string> svg = sequence_svg_for_view(*session_, ui_.sim);
  if (!svg.ok()) {
    report_error(ui_, "The sequence diagram was not saved: " + svg.error().message);
    return;
  }
  Result<std::string> where = storage_.export_file(app::run_file_name(*session_, "sequence", "svg"), svg.value());
  if (!where.ok()) {
    report_error(ui_, "The sequence diagram was not saved: " + where.error().message);
    return;
  }
  report_info(ui_, "Saved the sequence diagram as SVG (" + std::to_string(svg.value().size()) + " bytes) to " + where.value() + ".");
}

void LabApp::download_plot(const std::string& view_id, bool as_svg) {
  const auto found = ui_.sim.plots.find(view_id);
  if (!session_ || found == ui_.sim.plots.end() || !found->second.error.empty()) {
    report_error(ui_, "There is no plot \"" + view_id + "\" to save; open its tab first.");
    return;
  }
  const SimViewState::PlotView& plot = found->second;
  const app::PlotRange range = shown_range(plot.model, plot.widget);
  Result<std::string> text = as_svg ? app::plot_svg(plot.model, range) : app::plot_csv(plot.model, range);
  const std::string what = as_svg ? "SVG" : "CSV";
  const std::string not_saved = "The plot was not saved as " + what + ": ";
  if (!text.ok()) {
    report_error(ui_, not_saved + text.error().message);
    return;
  }
  std::string file_stem = view_id;
  std::replace(file_stem.begin(), file_stem.end(), '.', '-');
  Result<std::string> where = storage_.export_file(app::run_file_name(*session_, file_stem, as_svg ? "svg" : "csv"), text.value());
  if (!where.ok()) {
    report_error(ui_, not_saved + where.error().message);
    return;
  }
  report_info(ui_, "Saved the plot \"" + plot.model.title + "\" as " + what + " (ticks " + std::to_string(range.from_tick) + "-" +
                       std::to_string(range.to_tick) + ", " + std::to_string(text.value().size()) + " bytes) to " + where.value() + ".");
}

}  // namespace coordlab::ui
