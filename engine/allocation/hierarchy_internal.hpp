// Shared between the hierarchy's files (see hierarchy.hpp); not part of the module's interface.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "allocation/hierarchy.hpp"

namespace coordlab::allocation {

using HierarchyParamsPtr = std::shared_ptr<const HierarchyParams>;

std::unique_ptr<sim::Actor> make_hierarchy_coordinator(const HierarchyParamsPtr& params, NodeId self, bool rebooted);
std::unique_ptr<sim::Actor> make_hierarchy_worker(const HierarchyParamsPtr& params, NodeId self);

// The course's block split of `count` items over `parts` parts: part i gets [i*k, min(count, i*k+k+1))
// with k = ceil(count / parts); the "+1" is the course's off-by-one, so neighbouring blocks share an item.
std::pair<std::size_t, std::size_t> course_subtask_block(std::size_t count, std::size_t parts, std::size_t part);
// The course's team of part i: [i*f, i*f+f) with f = floor(count / parts); the remainder gets no team.
std::pair<std::size_t, std::size_t> course_worker_block(std::size_t count, std::size_t parts, std::size_t part);

// A node's name indented by its depth, for the tree view.
std::string hierarchy_unit_label(const HierarchyParams& params, std::size_t node);

// "a,b,c" of names, and back.
std::string join_list(const std::vector<std::string>& items);
std::vector<std::string> split_list(std::string_view text);

}  // namespace coordlab::allocation
