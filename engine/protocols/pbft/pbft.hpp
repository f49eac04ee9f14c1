// PBFT (Castro & Liskov, OSDI 1999) as deterministic actors: n >= 3f+1 replicas and one or more clients.
//
// Layout: nodes [0, n) are replicas, every node from n on is a client ("replicas" defaults to the node
// count minus one, so the last node is the client). Clients send each request to all replicas (so backups
// can time the primary) or, with params.client_sends_to "primary", to the primary only, broadcasting on
// retry; they accept a result after f+1 matching replies from distinct replicas.
// Input to a client: "op=NAME". With batching (params.batch_size) one sequence number orders a batch
// of requests; the digest, certificates and NEW-VIEW proposals then cover the whole batch.
//
// Rules: primary = view mod n; quorum q = ceil((n+f+1)/2) (= 2f+1 only when n = 3f+1); sequence numbers
// within watermarks (h, h+L]; a backup accepts a PRE-PREPARE only from the view's primary, in its view,
// inside the watermarks, with a digest that matches the request, and only if it holds no other
// pre-prepare for (v, s). Votes are counted by distinct sender, never by message.
//   prepared(m,v,s)  = pre-prepare + q-1 matching PREPAREs from distinct backups (own included). The
//                      paper's 2f is q-1 for n = 3f+1; for larger n, q-1 is what makes two prepared
//                      certificates for (v, s) intersect in an honest replica.
//   committed-local  = prepared + q matching COMMITs from distinct replicas (own included).
// Requests execute strictly in sequence order (null requests fill gaps). Every K executions a replica
// multicasts CHECKPOINT; q matching make it stable, truncate the log and move h. A replica that sees a
// stable checkpoint beyond its own execution adopts it (state transfer; here the state is the digest
// chain of executed requests and the client table). A replica that learned a stable checkpoint from
// NEW-VIEW without its state takes the state of any checkpoint f+1 replicas vouch for. On a request timeout a backup moves to view v+1 and multicasts
// VIEW-CHANGE(v+1, stable checkpoint + proof, prepared certificates); the new primary collects q valid
// ones and multicasts NEW-VIEW naming them by digest and re-issuing every prepared sequence number with
// its original number (null requests for gaps); replicas recompute the proposals from the VIEW-CHANGE
// messages they hold and accept only an exact match. f+1 VIEW-CHANGEs for higher views make a replica
// join. Messages are retransmitted on a timer, so dropped messages only delay; a replica already in a view
// answers a VIEW-CHANGE for it with its own (as ViewChangeCopy, never answered in turn).
//
// Authentication: the network never forges a sender. Certificates forwarded inside VIEW-CHANGE need
// signatures; sign() is a keyed hash standing in for a signature scheme, and only a node's own code
// signs with its key: a Byzantine replica can lie in content but cannot forge another node's signature.
// Crashes: view, execution point, stable checkpoint and the highest sequence voted on in the view
// persist; after a restart a replica never votes again at or below that sequence in that view.
//
// Course variants (params) reproduce the course's mistakes: "quorum": "course_2f_plus_1", "count":
// "messages", "digest_check": false, "execution": "out_of_order".
//
// Trace notes (read by the pbft.* checks):
//   replica: "prepared view=V seq=S digest=D senders=K", "committed view=V seq=S digest=D senders=K"
//            (K = distinct replicas behind it; for prepared, the primary's pre-prepare counts as one),
//            "execute seq=S digest=D client=C t=T op=O" (null requests: client=-1 t=0 op=null); a batch of
//            several requests writes one note, its requests in order: "execute seq=S digest=D
//            batch=C:T:O/C:T:O/..." (D is the batch's digest),
//            "reject_preprepare view=V seq=S reason=R", "view_change view=V", "new_view view=V primary=P",
//            "checkpoint_stable seq=S state=D", "state_transfer seq=S state=D"
//   client:  "submit client=C t=T op=O", "client_accept seq=S client=C t=T op=O"
#pragma once
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "protocols/protocol_spec.hpp"

namespace coordlab::protocols::pbft {

// kViewChangeCopy: a replica already in view v repeating its own VIEW-CHANGE for v to a replica still
// changing to v (one that lost it); the same payload, but never answered, so copies cannot ping-pong.
enum MessageType : std::uint16_t { kRequest, kPrePrepare, kPrepare, kCommit, kReply, kCheckpoint, kViewChange, kNewView, kViewChangeCopy };
enum TimerKind : std::uint16_t { kRequestTimer, kViewChangeTimer, kRetransmitTimer, kClientRetryTimer };

enum class QuorumRule : std::uint8_t { correct, course_2f_plus_1 };
enum class CountRule : std::uint8_t { senders, messages };
enum class ExecutionRule : std::uint8_t { in_order, out_of_order };
enum class ClientSendRule : std::uint8_t { all_replicas, primary };
enum class Byzantine : std::uint8_t { none, silent, equivocate, wrong_digest, duplicate_votes, lying_view_change, garbage };

inline constexpr std::int64_t kMaxReplicas = 13;
inline constexpr std::size_t kMaxOpLength = 24;
inline constexpr std::int64_t kNullClient = -1;
inline constexpr std::int64_t kMaxBatchRequests = 32;  // requests one PRE-PREPARE may order
// Clients one scenario may have: a CHECKPOINT's client table ("C.T;" per client: a node id of up to 4
// digits, a timestamp of up to 10) must fit in one payload beside its 100-byte fixed part.
inline constexpr std::int64_t kMaxClients = 1000;
static_assert(100 + kMaxClients * (4 + 1 + 10 + 1) <= static_cast<std::int64_t>(limits::kMaxPayloadBytes), "a client table must fit a payload");
// A batch's execute note ("C:T:O/" per request: client, timestamp, op) must fit in one trace note.
// Fixed part "execute seq=S digest=16hex batch=" at most 70 bytes (S up to 18 digits); per request a client
// id (up to 4 digits), a timestamp (up to 18), the op and three separators.
static_assert(70 + kMaxBatchRequests * (4 + 18 + kMaxOpLength + 3) <= limits::kMaxNoteBytes, "a batch's execute note must fit a note");

struct Params {
  std::int64_t replicas = 0;  // 0 = the node count minus one
  std::int64_t f = -1;        // -1 = (n-1)/3
  std::int64_t checkpoint_interval = 4;  // K; the course uses 100, which needs bigger payloads than ours
  std::int64_t log_window = 8;           // L, the watermark window; at least K
  std::int64_t request_timeout_ticks = 500;       // course: 5 s at 10 ms per tick
  std::int64_t view_change_timeout_ticks = 1000;  // course: 10 s
  std::int64_t retransmit_ticks = 150;
  std::int64_t client_retry_ticks = 400;
  // Request batching (the paper's optimisation): with batch_size > 1 the primary holds new requests while
  // a batch it proposed is not yet executed, then orders up to batch_size of them under one sequence
  // number. 1 = every request gets its own sequence number as soon as it arrives.
  std::int64_t batch_size = 1;
  // Where a client sends a new request. all_replicas (the default, what the lessons use) lets every backup
  // time the primary from the start; primary is the paper's normal case: the primary of the latest view
  // the client heard of in a reply gets it, and only a retry goes to every replica.
  ClientSendRule client_sends_to = ClientSendRule::all_replicas;
  QuorumRule quorum = QuorumRule::correct;
  CountRule count = CountRule::senders;
  bool digest_check = true;
  ExecutionRule execution = ExecutionRule::in_order;
};

// Byzantine sizing.
std::int64_t default_fault_bound(std::int64_t replica_count);  // (n-1)/3
std::int64_t quorum_size(std::int64_t replica_count, std::int64_t fault_bound, QuorumRule rule);
// Lesson I7: the smallest number of replicas two quorums of size q share is 2q-n; if that is <= f, the
// f Byzantine replicas can sit in the overlap and the two quorums share no honest replica. Returns
// such a pair (as replica index sets) or nothing. Built by construction and confirmed by counting.
struct QuorumPair {
  std::vector<std::int64_t> first, second, byzantine;
};
std::optional<QuorumPair> find_quorums_without_honest_overlap(std::int64_t replica_count, std::int64_t fault_bound, std::int64_t quorum);
std::optional<Byzantine> byzantine_from_name(std::string_view name);  // "none" included

// A client request; the null request has client kNullClient.
struct Request {
  std::int64_t client = kNullClient;
  std::int64_t timestamp = 0;
  std::string op = "null";
  std::string client_signature;
  bool is_null() const { return client == kNullClient; }
  friend bool operator==(const Request&, const Request&) = default;
};
Request null_request();
bool valid_op(std::string_view op);
std::string request_text(const Request& request);  // what the digest and the client signature cover
std::string digest_of(const Request& request);     // FNV-1a 64-bit, 16 hex digits

// The requests one sequence number orders, executed in this order: one request, or up to batch_size
// with batching. The null batch (filling a gap after a view change) is the null request alone.
using Batch = std::vector<Request>;
Batch null_batch();
bool is_null_batch(const Batch& batch);
// A batch of one has its request's digest, so unbatched runs look exactly like the paper's figures.
std::string digest_of(const Batch& batch);
// The client's signature on the request checks out (the null request needs none); for a batch, every one.
bool valid_client_signature(const Request& request);
bool valid_client_signatures(const Batch& batch);
std::string fnv1a_hex(std::string_view text);
// fnv1a_hex of the pieces joined (no joined string is built).
std::string fnv1a_hex(std::initializer_list<std::string_view> pieces);
// Simulated signatures (see above). Every signed statement starts with its kind ("pp/", "p/", "ck/").
std::string sign(std::int64_t signer, std::string_view statement);
bool verify(std::int64_t signer, std::string_view statement, std::string_view signature);

// A prepared certificate: the request, its (view, seq, digest), the primary's PRE-PREPARE signature and
// q-1 backups' PREPARE signatures.
struct Certificate {
  std::int64_t view = 0;
  std::int64_t seq = 0;
  std::string digest;
  Batch batch;
  std::map<std::int64_t, std::string> signatures;  // signer -> signature; the primary's is on "pp/"
};
struct ViewChangeMessage {
  std::int64_t view = 0;  // the view being changed to
  std::int64_t stable_seq = 0;
  std::string stable_state = "0";
  std::map<std::int64_t, std::string> stable_proof;  // signer -> signature on "ck/seq/state"
  std::vector<Certificate> prepared;
};
// A proposal of NEW-VIEW: sequence number and batch (null for gaps).
struct Proposal {
  std::int64_t seq = 0;
  Batch batch;
  friend bool operator==(const Proposal&, const Proposal&) = default;
};

struct Cluster {
  std::int64_t replica_count = 4;
  std::int64_t fault_bound = 1;
  std::int64_t quorum = 3;
  std::int64_t primary_of(std::int64_t view) const { return view % replica_count; }
};

// Validation of forwarded evidence against signatures and digests.
bool valid_certificate(const Certificate& certificate, const Cluster& cluster);
bool valid_view_change(const ViewChangeMessage& message, const Cluster& cluster, std::int64_t log_window);
// The new primary's choice (and every replica's recomputation): from the stable checkpoint min-s (the
// highest among the VIEW-CHANGEs) to the highest prepared sequence max-s, each sequence number gets the
// batch of its highest-view certificate, or the null batch if none has one.
struct NewViewPlan {
  std::int64_t min_seq = 0;
  std::string min_state = "0";
  std::map<std::int64_t, std::string> min_proof;
  std::vector<Proposal> proposals;
};
NewViewPlan plan_new_view(const std::vector<ViewChangeMessage>& messages);

ProtocolSpec pbft_protocol();

}  // namespace coordlab::protocols::pbft
