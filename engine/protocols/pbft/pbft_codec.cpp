#include "protocols/pbft/pbft_codec.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace coordlab::protocols::pbft {
namespace {

bool valid_hex(std::string_view text) {
  if (text.empty() || text.size() > 16) return false;
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string encode_compact_request(const Request& request) {
  return std::to_string(request.client) + ":" + std::to_string(request.timestamp) + ":" +
         (request.client_signature.empty() ? "-" : request.client_signature) + ":" + request.op;
}

// Reads four fields starting at fields[first].
std::optional<Request> decode_compact_request(const std::vector<std::string_view>& fields, std::size_t first) {
  if (fields.size() < first + 4) return std::nullopt;
  auto client = parse_decimal(fields[first]), timestamp = parse_decimal(fields[first + 1]);
  std::string_view signature = fields[first + 2], op = fields[first + 3];
  if (!client || !timestamp || !valid_op(op)) return std::nullopt;
  if (*client == kNullClient) {
    if (op != "null") return std::nullopt;
    return null_request();
  }
  if (*client < 0 || *timestamp < 1 || !valid_hex(signature)) return std::nullopt;
  return Request{*client, *timestamp, std::string(op), std::string(signature)};
}

// A batch as its requests' compact forms joined by '/' (a batch of one is just the request).
std::string encode_compact_batch(const Batch& batch) {
  std::string text;
  for (const Request& request : batch) text += (text.empty() ? "" : "/") + encode_compact_request(request);
  return text;
}

std::optional<Batch> decode_compact_batch(std::string_view text) {
  Batch batch;
  for (std::string_view item : split(text, '/')) {
    if (static_cast<std::int64_t>(batch.size()) >= kMaxBatchRequests) return std::nullopt;
    const std::vector<std::string_view> fields = split(item, ':');
    std::optional<Request> request = fields.size() == 4 ? decode_compact_request(fields, 0) : std::nullopt;
    if (!request) return std::nullopt;
    batch.push_back(std::move(*request));
  }
  if (batch.empty() || (batch.size() > 1 && std::any_of(batch.begin(), batch.end(), [](const Request& r) { return r.is_null(); }))) {
    return std::nullopt;  // the null request only ever stands alone
  }
  return batch;
}

// Splits "h1:...:hN:<middle>:last" into its `head` leading fields, the middle text (which may hold ':'
// itself) and the last field.
struct Framed {
  std::vector<std::string_view> head;
  std::string_view middle, last;
};
std::optional<Framed> split_framed(std::string_view text, std::size_t head) {
  Framed framed;
  for (std::size_t i = 0; i < head; ++i) {
    std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    framed.head.push_back(text.substr(0, colon));
    text = text.substr(colon + 1);
  }
  std::size_t last_colon = text.rfind(':');
  if (last_colon == std::string_view::npos) return std::nullopt;
  framed.middle = text.substr(0, last_colon);
  framed.last = text.substr(last_colon + 1);
  return framed;
}

std::string encode_certificate(const Certificate& certificate) {
  return std::to_string(certificate.seq) + ":" + std::to_string(certificate.view) + ":" + certificate.digest + ":" +
         encode_compact_batch(certificate.batch) + ":" + encode_signatures(certificate.signatures);
}

std::optional<Certificate> decode_certificate(std::string_view text) {
  std::optional<Framed> framed = split_framed(text, 3);
  if (!framed) return std::nullopt;
  auto seq = parse_decimal(framed->head[0]), view = parse_decimal(framed->head[1]);
  std::optional<Batch> batch = decode_compact_batch(framed->middle);
  auto signatures = decode_signatures(framed->last);
  if (!seq || !view || *seq < 1 || *view < 0 || !valid_hex(framed->head[2]) || !batch || !signatures) return std::nullopt;
  return Certificate{*view, *seq, std::string(framed->head[2]), std::move(*batch), std::move(*signatures)};
}

}  // namespace

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  if (text.empty()) return parts;
  while (true) {
    std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text = text.substr(at + 1);
  }
}

PayloadWriter& add_request(PayloadWriter& writer, const Request& request) {
  return writer.add("client", request.client)
      .add("t", request.timestamp)
      .add("op", request.op)
      .add("csig", request.client_signature.empty() ? "-" : request.client_signature);
}

std::optional<Request> read_request(const PayloadReader& reader) {
  auto client = reader.text("client"), timestamp = reader.text("t"), op = reader.text("op"), signature = reader.text("csig");
  if (!client || !timestamp || !op || !signature) return std::nullopt;
  return decode_compact_request({*client, *timestamp, *signature, *op}, 0);
}

PayloadWriter& add_batch(PayloadWriter& writer, const Batch& batch) {
  ENGINE_ASSERT(!batch.empty());
  if (batch.size() == 1) return add_request(writer, batch.front());
  return writer.add("batch", encode_compact_batch(batch));
}

std::optional<Batch> read_batch(const PayloadReader& reader) {
  if (std::optional<std::string_view> batch = reader.text("batch")) {
    std::optional<Batch> decoded = decode_compact_batch(*batch);
    if (!decoded || decoded->size() < 2) return std::nullopt;  // a batch of one travels as a plain request
    return decoded;
  }
  std::optional<Request> request = read_request(reader);
  if (!request) return std::nullopt;
  return Batch{std::move(*request)};
}

std::string encode_signatures(const std::map<std::int64_t, std::string>& signatures) {
  std::string text;
  for (const auto& [signer, signature] : signatures) text += (text.empty() ? "" : ";") + std::to_string(signer) + "." + signature;
  return text;
}

std::optional<std::map<std::int64_t, std::string>> decode_signatures(std::string_view text) {
  std::map<std::int64_t, std::string> signatures;
  for (std::string_view item : split(text, ';')) {
    std::size_t dot = item.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    auto signer = parse_decimal(item.substr(0, dot));
    if (!signer || *signer < 0 || *signer >= kMaxReplicas || !valid_hex(item.substr(dot + 1))) return std::nullopt;
    if (!signatures.emplace(*signer, std::string(item.substr(dot + 1))).second) return std::nullopt;  // one per signer
  }
  return signatures;
}

std::string encode_view_change(const ViewChangeMessage& message) {
  std::string prepared;
  for (const Certificate& certificate : message.prepared) prepared += (prepared.empty() ? "" : ",") + encode_certificate(certificate);
  return PayloadWriter()
      .add("view", message.view)
      .add("stable", message.stable_seq)
      .add("state", message.stable_state)
      .add("proof", encode_signatures(message.stable_proof))
      .add("prepared", prepared)
      .text();
}

std::optional<ViewChangeMessage> decode_view_change(std::string_view payload) {
  PayloadReader reader(payload);
  auto view = reader.integer("view"), stable = reader.integer("stable");
  auto state = reader.text("state"), proof_text = reader.text("proof"), prepared_text = reader.text("prepared");
  if (!view || !stable || !state || !proof_text || !prepared_text || *view < 1 || *stable < 0) return std::nullopt;
  if (*state != "0" && !valid_hex(*state)) return std::nullopt;
  auto proof = decode_signatures(*proof_text);
  if (!proof) return std::nullopt;
  ViewChangeMessage message{*view, *stable, std::string(*state), std::move(*proof), {}};
  for (std::string_view item : split(*prepared_text, ',')) {
    std::optional<Certificate> certificate = decode_certificate(item);
    if (!certificate) return std::nullopt;
    message.prepared.push_back(std::move(*certificate));
  }
  return message;
}

std::string encode_new_view(const NewViewMessage& message) {
  std::string digests, proposals;
  for (const auto& [sender, digest] : message.view_change_digests) digests += (digests.empty() ? "" : ";") + std::to_string(sender) + "." + digest;
  for (const Proposal& proposal : message.proposals) {
    auto signature = message.preprepare_signatures.find(proposal.seq);
    ENGINE_ASSERT(signature != message.preprepare_signatures.end());
    proposals += (proposals.empty() ? "" : ",") + std::to_string(proposal.seq) + ":" + encode_compact_batch(proposal.batch) + ":" +
                 signature->second;
  }
  return PayloadWriter().add("view", message.view).add("vcs", digests).add("proposals", proposals).text();
}

std::optional<NewViewMessage> decode_new_view(std::string_view payload) {
  PayloadReader reader(payload);
  auto view = reader.integer("view");
  auto digests = reader.text("vcs"), proposals = reader.text("proposals");
  if (!view || !digests || !proposals || *view < 1) return std::nullopt;
  auto view_change_digests = decode_signatures(*digests);  // same "sender.hex" shape
  if (!view_change_digests) return std::nullopt;
  NewViewMessage message{*view, std::move(*view_change_digests), {}, {}};
  for (std::string_view item : split(*proposals, ',')) {
    std::optional<Framed> framed = split_framed(item, 1);
    if (!framed) return std::nullopt;
    auto seq = parse_decimal(framed->head[0]);
    std::optional<Batch> batch = decode_compact_batch(framed->middle);
    if (!seq || *seq < 1 || !batch || !valid_hex(framed->last)) return std::nullopt;
    if (!message.proposals.empty() && message.proposals.back().seq >= *seq) return std::nullopt;
    message.proposals.push_back(Proposal{*seq, std::move(*batch)});
    message.preprepare_signatures[*seq] = std::string(framed->last);
  }
  return message;
}

std::string encode_client_table(const std::map<std::int64_t, std::int64_t>& table) {
  std::string text;
  for (const auto& [client, timestamp] : table) text += (text.empty() ? "" : ";") + std::to_string(client) + "." + std::to_string(timestamp);
  return text;
}

std::optional<std::map<std::int64_t, std::int64_t>> decode_client_table(std::string_view text) {
  std::map<std::int64_t, std::int64_t> table;
  for (std::string_view item : split(text, ';')) {
    std::size_t dot = item.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    auto client = parse_decimal(item.substr(0, dot)), timestamp = parse_decimal(item.substr(dot + 1));
    if (!client || !timestamp || *client < 0 || *timestamp < 1 || !table.emplace(*client, *timestamp).second) return std::nullopt;
  }
  return table;
}

namespace {

// A decimal as std::to_string writes a non-negative number: digits, no leading zero unless it is "0".
bool is_canonical_count(std::string_view text) {
  return !text.empty() && text.size() <= 18 && (text == "0" || text[0] != '0') &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool is_canonical_client_table(std::string_view text) {
  std::optional<std::int64_t> previous_client;
  for (std::string_view item : split(text, ';')) {
    const std::size_t dot = item.find('.');
    if (dot == std::string_view::npos) return false;
    const std::string_view client = item.substr(0, dot), timestamp = item.substr(dot + 1);
    if (!is_canonical_count(client) || !is_canonical_count(timestamp) || timestamp == "0") return false;
    const std::int64_t id = *parse_decimal(client);
    if (previous_client && id <= *previous_client) return false;
    previous_client = id;
  }
  return true;
}

std::string checkpoint_digest(std::string_view chain, std::string_view encoded_table) { return fnv1a_hex({chain, "|", encoded_table}); }

std::string encode_persistent(const PersistentState& state) {
  return PayloadWriter()
      .add("view", state.view)
      .add("exec", state.last_executed)
      .add("chain", state.chain)
      .add("clients", encode_client_table(state.client_table))
      .add("stable", state.stable_seq)
      .add("stable_state", state.stable_state)
      .add("proof", encode_signatures(state.stable_proof))
      .add("voted", state.max_voted_seq)
      .text();
}

PersistentState decode_persistent(std::string_view text) {
  PersistentState state;
  if (text.empty()) return state;
  PayloadReader reader(text);
  auto view = reader.integer("view"), executed = reader.integer("exec"), stable = reader.integer("stable"), voted = reader.integer("voted");
  auto chain = reader.text("chain"), stable_state = reader.text("stable_state"), proof_text = reader.text("proof"),
       table_text = reader.text("clients");
  auto proof = proof_text ? decode_signatures(*proof_text) : std::nullopt;
  auto table = table_text ? decode_client_table(*table_text) : std::nullopt;
  ENGINE_ASSERT_MSG(view && executed && stable && voted && chain && stable_state && proof && table,
                    "pbft persistent state is not in the format encode_persistent writes");
  return PersistentState{*view, *executed, std::string(*chain), std::move(*table), *stable, std::string(*stable_state), std::move(*proof), *voted};
}

}  // namespace coordlab::protocols::pbft
