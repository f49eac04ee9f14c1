// PBFT's text encodings inside "key=value" payloads. Lists use ',' between items, ':' between fields and
// ';' between signatures ("signer.signature"); ops never contain these characters (valid_op). Decoders
// return nothing for malformed text, so a Byzantine replica's garbage is simply ignored.
//   request (in certificates and NEW-VIEW): "client:t:client_signature:op" (null: "-1:0:-:null")
//   batch: its requests joined by '/' (a batch of one is its request)
//   certificate: "seq:view:digest:<batch>:<signatures>"
//   VIEW-CHANGE payload: "view=V stable=S state=D proof=<signatures> prepared=<certificate>,..."
//   NEW-VIEW payload: "view=V vcs=sender.vc_digest;... proposals=seq:<batch>:pp_signature,..."
//   client table (last executed timestamp per client): "client.t;client.t"
//   persistent state: "view=V exec=E chain=D clients=<table> stable=S stable_state=D proof=<signatures> voted=M"
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/payload.hpp"
#include "protocols/pbft/pbft.hpp"

namespace coordlab::protocols::pbft {

std::vector<std::string_view> split(std::string_view text, char separator);

// Request fields in a message payload: client=C t=T op=O csig=X.
PayloadWriter& add_request(PayloadWriter& writer, const Request& request);
std::optional<Request> read_request(const PayloadReader& reader);
// A batch in a message payload: a batch of one as the request fields above, more as batch=<batch>.
PayloadWriter& add_batch(PayloadWriter& writer, const Batch& batch);
std::optional<Batch> read_batch(const PayloadReader& reader);

std::string encode_signatures(const std::map<std::int64_t, std::string>& signatures);
std::optional<std::map<std::int64_t, std::string>> decode_signatures(std::string_view text);

std::string encode_view_change(const ViewChangeMessage& message);
std::optional<ViewChangeMessage> decode_view_change(std::string_view payload);

struct NewViewMessage {
  std::int64_t view = 0;
  std::map<std::int64_t, std::string> view_change_digests;  // sender -> digest of its VIEW-CHANGE payload
  std::vector<Proposal> proposals;
  std::map<std::int64_t, std::string> preprepare_signatures;  // seq -> the new primary's "pp/" signature
};
std::string encode_new_view(const NewViewMessage& message);
std::optional<NewViewMessage> decode_new_view(std::string_view payload);

struct PersistentState {
  std::int64_t view = 0;
  std::int64_t last_executed = 0;
  std::string chain = "0";  // digest chain of executed requests
  std::map<std::int64_t, std::int64_t> client_table;
  std::int64_t stable_seq = 0;
  std::string stable_state = "0";
  std::map<std::int64_t, std::string> stable_proof;
  std::int64_t max_voted_seq = 0;  // in `view`
};
std::string encode_client_table(const std::map<std::int64_t, std::int64_t>& table);
std::optional<std::map<std::int64_t, std::int64_t>> decode_client_table(std::string_view text);
// True when `text` is a client table exactly as encode_client_table writes it (clients ascending, numbers
// without leading zeros), so a received checkpoint's digest can be checked on its text, undecoded.
bool is_canonical_client_table(std::string_view text);
// The checkpointed state's digest covers the execution chain and the (encoded) client table.
std::string checkpoint_digest(std::string_view chain, std::string_view encoded_table);

std::string encode_persistent(const PersistentState& state);
PersistentState decode_persistent(std::string_view text);  // empty text = first boot

}  // namespace coordlab::protocols::pbft
