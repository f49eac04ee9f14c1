// The voting protocol: node 0 coordinates, every other node votes. Proposals, votes and results travel
// as messages (Proposal, Vote, ConsensusResult); the coordinator decides when every voter answered or
// when its timeout fires, whichever comes first, counting each voter at most once. The coordinator is
// the one trusted collector the course calls "Byzantine consensus": its Byzantine kind "misreport"
// announces the opposite accept/reject result, and nothing in the protocol can catch it.
//
// Input: to the coordinator "propose id=NAME [rule=R] [threshold=M/K] [quorum=Q]"; to a voter
// "vote id=NAME choice=yes|no|abstain" or "vote id=NAME option=X" or "vote id=NAME ranking=a>b>c".
// Trace notes: "ballot id=P voter=V yes=1 weight=W option=X ranking=a>b>c" (one per counted vote) and
// "decided id=P rule=R threshold=M/K quorum=Q outcome=O yes=Y no=N ballots=B winner=W".
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "protocols/protocol_spec.hpp"
#include "protocols/voting/vote_rules.hpp"

namespace coordlab::protocols::voting {

enum MessageType : std::uint16_t { kProposal, kVote, kConsensusResult };
enum TimerKind : std::uint16_t { kVoteTimeout };

struct Params {
  Rule rule;
  std::int64_t timeout_ticks = 100;
  std::vector<std::string> ballots;  // voter i+1's standing ballot: "yes", "no", "abstain", an option, or "a>b>c"
  std::vector<std::int64_t> weights;  // voter i+1's weight (default 1)
};

ProtocolSpec voting_protocol();

}  // namespace coordlab::protocols::voting
