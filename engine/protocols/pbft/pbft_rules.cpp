// PBFT's pure rules: sizing, digests, simulated signatures, validation of forwarded evidence, and the
// NEW-VIEW plan. No actor state here, so lessons and tests can call them directly.
#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>

#include "core/assert.hpp"
#include "core/hash.hpp"
#include "protocols/pbft/pbft.hpp"

namespace coordlab::protocols::pbft {

std::int64_t default_fault_bound(std::int64_t replica_count) { return replica_count < 1 ? 0 : (replica_count - 1) / 3; }

std::int64_t quorum_size(std::int64_t replica_count, std::int64_t fault_bound, QuorumRule rule) {
  if (rule == QuorumRule::course_2f_plus_1) return 2 * fault_bound + 1;
  return (replica_count + fault_bound + 2) / 2;  // ceil((n+f+1)/2)
}

std::optional<QuorumPair> find_quorums_without_honest_overlap(std::int64_t replica_count, std::int64_t fault_bound, std::int64_t quorum) {
  ENGINE_ASSERT(replica_count >= 1 && fault_bound >= 0 && fault_bound <= replica_count && quorum >= 1);
  if (quorum > replica_count) return std::nullopt;  // no quorum exists at all (and no progress either)
  // Two quorums of size q overlap in at least 2q-n replicas, and exactly that many when one takes the
  // lowest indexes and the other the highest. If that smallest overlap fits inside f, make it Byzantine.
  const std::int64_t overlap = std::max<std::int64_t>(0, 2 * quorum - replica_count);
  if (overlap > fault_bound) return std::nullopt;
  QuorumPair pair;
  for (std::int64_t i = 0; i < quorum; ++i) pair.first.push_back(i);
  for (std::int64_t i = replica_count - quorum; i < replica_count; ++i) pair.second.push_back(i);
  for (std::int64_t i = replica_count - quorum; i < quorum; ++i) pair.byzantine.push_back(i);
  ENGINE_ASSERT(static_cast<std::int64_t>(pair.byzantine.size()) == overlap);
  return pair;
}

std::optional<Byzantine> byzantine_from_name(std::string_view name) {
  static constexpr std::pair<std::string_view, Byzantine> kNames[] = {
      {"none", Byzantine::none},         {"silent", Byzantine::silent},
      {"equivocate", Byzantine::equivocate}, {"wrong_digest", Byzantine::wrong_digest},
      {"duplicate_votes", Byzantine::duplicate_votes}, {"lying_view_change", Byzantine::lying_view_change},
      {"garbage", Byzantine::garbage}};
  for (const auto& [candidate, kind] : kNames)
    if (candidate == name) return kind;
  return std::nullopt;
}

Request null_request() { return Request{}; }

bool valid_op(std::string_view op) {
  if (op.empty() || op.size() > kMaxOpLength) return false;
  for (char c : op) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string request_text(const Request& request) {
  return request.is_null() ? "null" : std::to_string(request.client) + "/" + std::to_string(request.timestamp) + "/" + request.op;
}

namespace {

using HexDigest = std::array<char, 16>;

HexDigest hex_of(std::uint64_t hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  HexDigest out{};
  for (int i = 15; i >= 0; --i, hash >>= 4) out[static_cast<std::size_t>(i)] = kHex[hash & 15];
  return out;
}

// The hash behind sign(): FNV-1a of "key-of-<signer>|<statement>", fed piece by piece (signing and
// verifying run for every vote, so they build no strings).
std::uint64_t signature_hash(std::int64_t signer, std::string_view statement) {
  char digits[24];
  const auto [end, status] = std::to_chars(std::begin(digits), std::end(digits), signer);
  ENGINE_ASSERT(status == std::errc());
  std::uint64_t hash = fnv1a64_extend(kFnv1a64Offset, "key-of-");
  hash = fnv1a64_extend(hash, std::string_view(digits, static_cast<std::size_t>(end - digits)));
  hash = fnv1a64_extend(hash, "|");
  return fnv1a64_extend(hash, statement);
}

}  // namespace

std::string fnv1a_hex(std::string_view text) { return fnv1a_hex(std::initializer_list<std::string_view>{text}); }

std::string fnv1a_hex(std::initializer_list<std::string_view> pieces) {
  std::uint64_t hash = kFnv1a64Offset;
  for (std::string_view piece : pieces) hash = fnv1a64_extend(hash, piece);
  const HexDigest hex = hex_of(hash);
  return std::string(hex.data(), hex.size());
}

std::string digest_of(const Request& request) { return fnv1a_hex(request_text(request)); }

Batch null_batch() { return Batch{null_request()}; }

bool is_null_batch(const Batch& batch) { return batch.size() == 1 && batch.front().is_null(); }

std::string digest_of(const Batch& batch) {
  ENGINE_ASSERT(!batch.empty());
  if (batch.size() == 1) return digest_of(batch.front());
  std::string text = "batch";
  for (const Request& request : batch) text += "|" + request_text(request);
  return fnv1a_hex(text);
}

bool valid_client_signature(const Request& request) {
  return request.is_null() || verify(request.client, "req/" + request_text(request), request.client_signature);
}

bool valid_client_signatures(const Batch& batch) { return std::all_of(batch.begin(), batch.end(), valid_client_signature); }

std::string sign(std::int64_t signer, std::string_view statement) {
  const HexDigest hex = hex_of(signature_hash(signer, statement));
  return std::string(hex.data(), hex.size());
}

bool verify(std::int64_t signer, std::string_view statement, std::string_view signature) {
  const HexDigest hex = hex_of(signature_hash(signer, statement));
  return std::string_view(hex.data(), hex.size()) == signature;
}

namespace {

std::string statement(std::string_view kind, std::int64_t view, std::int64_t seq, std::string_view digest) {
  return std::string(kind) + "/" + std::to_string(view) + "/" + std::to_string(seq) + "/" + std::string(digest);
}

}  // namespace

bool valid_certificate(const Certificate& certificate, const Cluster& cluster) {
  if (certificate.seq < 1 || certificate.batch.empty() || certificate.digest != digest_of(certificate.batch) ||
      !valid_client_signatures(certificate.batch)) {
    return false;
  }
  const std::int64_t primary = cluster.primary_of(certificate.view);
  std::int64_t backups = 0;
  bool primary_signed = false;
  for (const auto& [signer, signature] : certificate.signatures) {
    if (signer >= cluster.replica_count) return false;
    if (signer == primary) {
      primary_signed = verify(signer, statement("pp", certificate.view, certificate.seq, certificate.digest), signature);
    } else if (verify(signer, statement("p", certificate.view, certificate.seq, certificate.digest), signature)) {
      ++backups;
    } else {
      return false;
    }
  }
  return primary_signed && backups >= cluster.quorum - 1;
}

bool valid_view_change(const ViewChangeMessage& message, const Cluster& cluster, std::int64_t log_window) {
  if (message.stable_seq == 0) {
    if (message.stable_state != "0" || !message.stable_proof.empty()) return false;
  } else {
    std::int64_t signers = 0;
    for (const auto& [signer, signature] : message.stable_proof) {
      const std::string claim = "ck/" + std::to_string(message.stable_seq) + "/" + message.stable_state;
      if (signer >= cluster.replica_count || !verify(signer, claim, signature)) return false;
      ++signers;
    }
    if (signers < cluster.quorum) return false;
  }
  std::set<std::int64_t> seqs;
  for (const Certificate& certificate : message.prepared) {
    if (certificate.view >= message.view || certificate.seq <= message.stable_seq || certificate.seq > message.stable_seq + log_window) return false;
    if (!seqs.insert(certificate.seq).second || !valid_certificate(certificate, cluster)) return false;
  }
  return true;
}

NewViewPlan plan_new_view(const std::vector<ViewChangeMessage>& messages) {
  NewViewPlan plan;
  for (const ViewChangeMessage& message : messages) {
    if (message.stable_seq <= plan.min_seq) continue;
    plan.min_seq = message.stable_seq;
    plan.min_state = message.stable_state;
    plan.min_proof = message.stable_proof;
  }
  std::map<std::int64_t, const Certificate*> best;  // seq -> highest-view certificate
  for (const ViewChangeMessage& message : messages) {
    for (const Certificate& certificate : message.prepared) {
      if (certificate.seq <= plan.min_seq) continue;
      auto [it, inserted] = best.emplace(certificate.seq, &certificate);
      const Certificate& held = *it->second;
      // Ties in view cannot differ in a valid run; the digest order only keeps the choice deterministic.
      if (!inserted && (certificate.view > held.view || (certificate.view == held.view && certificate.digest < held.digest))) it->second = &certificate;
    }
  }
  const std::int64_t max_seq = best.empty() ? plan.min_seq : best.rbegin()->first;
  for (std::int64_t seq = plan.min_seq + 1; seq <= max_seq; ++seq) {
    auto it = best.find(seq);
    plan.proposals.push_back(Proposal{seq, it == best.end() ? null_batch() : it->second->batch});
  }
  return plan;
}

}  // namespace coordlab::protocols::pbft
