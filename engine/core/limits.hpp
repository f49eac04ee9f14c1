// Every bound the engine enforces, in one place. Hitting one is an explicit error, never a silent cap.
#pragma once
#include <cstddef>
#include <cstdint>

namespace coordlab::limits {

inline constexpr std::size_t kMaxNodes = 4096;
inline constexpr std::size_t kMaxInFlightMessages = 1'000'000;
inline constexpr std::size_t kMaxTraceEvents = 4'000'000;
// A payload holds a PBFT VIEW-CHANGE with a window of prepared batches; a note, a whole executed batch.
inline constexpr std::size_t kMaxPayloadBytes = 16'384;
inline constexpr std::size_t kMaxNoteBytes = 2'048;
// Payload bytes and note/text bytes a trace may hold (each). Offsets into them are 32-bit, and one step
// adds at most kMaxSendsPerStep items, so a run stops here long before an offset could wrap.
inline constexpr std::size_t kMaxTraceTextBytes = std::size_t{1} << 30;
inline constexpr std::size_t kMaxTimersPerNode = 64;
inline constexpr std::size_t kMaxSendsPerStep = 100'000;
static_assert(std::uint64_t{kMaxTraceTextBytes} + std::uint64_t{kMaxSendsPerStep} * kMaxPayloadBytes < (std::uint64_t{1} << 32),
              "trace offsets are 32-bit");
inline constexpr std::size_t kMaxCommandLogLength = 100'000;
inline constexpr std::size_t kMaxScenarioBytes = 1'000'000;
inline constexpr std::size_t kMaxScheduledFaults = 10'000;
inline constexpr std::size_t kMaxSnapshots = 256;
inline constexpr std::size_t kSnapshotIntervalSteps = 1024;
inline constexpr std::int64_t kMaxLatencyTicks = 1'000'000;
inline constexpr std::int64_t kMaxTimerDelayTicks = 100'000'000;
inline constexpr std::int64_t kMaxTick = 1'000'000'000'000;
inline constexpr std::int64_t kMaxRunTicks = 1'000'000'000;
inline constexpr std::uint32_t kMaxRatioDenominator = 1'000'000;
inline constexpr int kClockDriftPercentMin = -50;
inline constexpr int kClockDriftPercentMax = 200;
inline constexpr std::size_t kMaxLessonBytes = 512'000;
inline constexpr std::size_t kMaxLessonSteps = 40;
inline constexpr std::size_t kMaxTasksPerStep = 12;
inline constexpr std::size_t kMaxHintsPerTask = 8;
inline constexpr std::size_t kMaxTaskSeeds = 32;
inline constexpr std::size_t kMaxTaskOptions = 12;
inline constexpr std::size_t kMaxLessonCommands = 500;
inline constexpr std::size_t kMaxLessonTextBytes = 20'000;
inline constexpr std::size_t kMaxSequenceSvgRows = 5000;  // rows of one exported sequence diagram
// Procurement auctions (allocation/auction.hpp).
inline constexpr std::size_t kMaxAuctions = 1'000;                      // auctions one auctioneer runs in a run
inline constexpr std::int64_t kMaxQuoteCents = 1'000'000'000'000;       // a quote or reserve: ten billion in cents
// Domain views and plots (app/domain_views.hpp, app/plot_model.hpp).
inline constexpr std::size_t kMaxStateTableRows = 2'000;     // rows one actor shows in one table
inline constexpr std::size_t kMaxViewTableRows = 20'000;     // rows of one table view (all nodes)
inline constexpr std::size_t kMaxViewsPerStep = 12;          // views a lesson step names
inline constexpr std::size_t kMaxPlotSeries = 64;            // series in one plot
inline constexpr std::size_t kMaxPlotPointsPerSeries = 1'000'000;
inline constexpr std::size_t kMaxPlotBuckets = 2'000;        // time buckets of a rate series
inline constexpr std::size_t kMaxExportedPlotPoints = 200'000;  // points in one plot SVG/CSV
// The web lab's trace hand-offs: a JSON export is about 250 bytes an event and is built in one frame,
// so more than this would stall the page for seconds; the readable copy must fit a clipboard.
inline constexpr std::size_t kMaxExportedTraceEvents = 100'000;
inline constexpr std::size_t kMaxCopiedTraceBytes = 2'000'000;

// Operations sandbox (engine/ops/).
inline constexpr std::size_t kMaxOpsTraceSeconds = 7 * 24 * 3600;  // a load trace of at most a week
inline constexpr std::size_t kMaxOpsLoadSegments = 1'000;
inline constexpr std::int64_t kMaxOpsRps = 100'000;                // requests per second at any moment
inline constexpr std::int64_t kMaxOpsReplicas = 1'000;
inline constexpr std::int64_t kMaxOpsWorkers = 64;                 // concurrent requests per replica
inline constexpr std::int64_t kMaxOpsRetryAttempts = 10;
inline constexpr std::size_t kMaxOpsNotesPerSecond = 64;           // breaker transitions noted per simulated second
inline constexpr std::size_t kMaxHpaRecommendations = 4'096;       // window / sync period, with room
inline constexpr std::size_t kMaxHpaScaleEvents = 4'096;
inline constexpr std::size_t kMaxHpaPolicies = 16;
inline constexpr std::size_t kMaxHpaMetrics = 8;
inline constexpr std::size_t kMaxOpsDecisionRows = 200;            // the decision log keeps the latest rows
inline constexpr std::size_t kMaxOpsAgents = 200;                  // agents on a health board
inline constexpr std::size_t kMaxOpsMetricPoints = 100'000;        // an alert sandbox's metric series
inline constexpr std::int64_t kMaxOpsHashKeys = 100'000;            // distinct request keys of the ring-hash / capability balancers
inline constexpr std::int64_t kMaxOpsRingEntries = 1 << 20;         // a hash ring's entries (Envoy allows 8 Mi; the lab caps memory)
inline constexpr std::size_t kMaxOpsCapabilities = 32;              // capability sets, names per set, request kinds
inline constexpr std::size_t kMaxOpsNotificationRows = 200;        // the notification table keeps the latest rows

// Reasoning (engine/reasoning/): the ReAct agent, its tools, loop detection and reflection.
inline constexpr std::size_t kMaxCalcExpressionBytes = 200;   // characters of one `calculate` input
inline constexpr std::int64_t kMaxCalcNesting = 32;           // nested parentheses, signs and powers
inline constexpr std::int64_t kMaxCalcMagnitude = 1'000'000'000'000'000;  // |every intermediate value|
inline constexpr std::int64_t kMaxReactSteps = 200;           // max_steps of one episode
inline constexpr std::size_t kMaxReactAgents = 8;             // agents in one react scenario
inline constexpr std::size_t kMaxScriptSteps = 200;           // steps of a scripted policy
inline constexpr std::size_t kMaxRules = 32;                  // rows of a rule table
inline constexpr std::size_t kMaxRuleConditions = 4;          // conditions joined by & in one rule
inline constexpr std::size_t kMaxThoughtBytes = 160;          // characters of one thought
inline constexpr std::int64_t kMaxLoopWindow = 20;            // loop detector window W
inline constexpr std::size_t kMaxReflectionWindow = 10;       // Reflexion's per-task memory window
inline constexpr std::int64_t kMaxTrainingEpisodes = 500;     // training episodes per seed
inline constexpr std::int64_t kMaxHeldoutEpisodes = 500;      // held-out episodes per seed
inline constexpr std::int64_t kMaxLearningSeeds = 64;         // seeds of one learning experiment
// HTN planning and plan execution (planning/).
inline constexpr std::size_t kMaxHtnTypes = 256;
inline constexpr std::size_t kMaxHtnPredicates = 1'000;
inline constexpr std::size_t kMaxHtnOperators = 1'000;
inline constexpr std::size_t kMaxHtnTasks = 2'000;           // operators plus compound tasks
inline constexpr std::size_t kMaxHtnMethods = 2'000;
// Arguments of a predicate, operator or task: competition HDDL domains use up to 6-8 parameters. An
// atom packs its predicate and 8 objects of 12 bits into 128 bits (planning/domain.hpp).
inline constexpr std::size_t kMaxHtnArity = 8;
inline constexpr std::size_t kMaxHtnVariables = 16;          // variables of one operator or method
inline constexpr std::size_t kMaxHtnLiterals = 64;           // literals in one precondition or effect list
inline constexpr std::size_t kMaxHtnSubtasks = 32;           // subtasks of one method
inline constexpr std::size_t kMaxHtnObjects = 4'000;         // objects of a problem (12 bits in an atom key)
inline constexpr std::size_t kMaxHtnStateAtoms = 20'000;     // atoms in a state, init, task or goal list
inline constexpr std::size_t kDefaultHtnDepthLimit = 1'000;  // nested decompositions on one branch (the course: 10)
inline constexpr std::size_t kMaxHtnDepthLimit = 5'000;      // the most a caller may ask for (the C++ stack)
inline constexpr std::size_t kDefaultHtnExpansionLimit = 1'000'000;  // tasks expanded in one search (the course: 1000)
inline constexpr std::size_t kMaxHtnPlanSteps = 20'000;
inline constexpr std::size_t kMaxHtnTreeNodes = 5'000;       // decomposition tree nodes recorded (more are counted)
inline constexpr std::size_t kMaxHtnAlternativePlans = 64;   // plans enumerated for constraints and choice
inline constexpr std::size_t kMaxHtnRetriesPerStep = 20;
inline constexpr std::size_t kMaxHtnReplans = 20;            // reactive plus proactive replans in one run
inline constexpr std::size_t kMaxHtnWorkers = 64;
// Clock procurement auctions (allocation/clock_auction.hpp).
inline constexpr std::int64_t kMaxClockRounds = 1'000;  // rounds one clock may need to cross its price range

// Normal-form games (allocation/game.hpp): small enough that every comparison fits in 128 bits.
inline constexpr std::size_t kMaxGameActions = 6;                 // actions per player
inline constexpr std::int64_t kMaxGamePayoffMagnitude = 1'000'000;  // |numerator| of a payoff
inline constexpr std::int64_t kMaxGamePayoffDenominator = 1'000;
inline constexpr std::int64_t kMaxGamePayoffScale = 1'000'000;      // a player's common denominator
inline constexpr std::size_t kMaxGameActionNameBytes = 32;

// Contract net (allocation/contract_net.hpp).
inline constexpr std::size_t kMaxCnetTasks = 1'000;            // tasks one manager announces in a run
inline constexpr std::int64_t kMaxCnetRounds = 50;             // calls for proposals per task
inline constexpr std::int64_t kMaxCnetWindowTicks = 1'000'000;  // reply, decision and result windows, work time


// Scoring auctions and the learner's shade (issue 17, h17c).
inline constexpr std::int64_t kMaxShadePermille = 10'000;         // a learner's standing shade: up to ten times its cost
inline constexpr std::int64_t kMaxThroughputPerHour = 1'000'000;  // a bid's offered throughput
inline constexpr std::int64_t kShadeCurveStepPermille = 50;       // I8: the shades the utility curve compares, 500..1500 in steps
// HTN views and the hand-expanded decomposition tree (planning/htn_tree*, issue 15).
inline constexpr std::size_t kMaxHtnStateAtomsShown = 40;   // atoms a tree node's hover or a timeline row lists
inline constexpr std::size_t kMaxHtnHandTreeNodes = 500;    // nodes of a tree a learner expands by hand (tried methods included)
// Predictive replanning across tolerances (planning/prediction.hpp): each re-run is a whole execution.
inline constexpr std::size_t kMaxHtnToleranceSweep = 11;         // tolerances one check re-runs
inline constexpr std::uint64_t kMaxHtnRerunSteps = 200'000;     // simulator steps of one re-run
inline constexpr std::size_t kMaxHtnDiffSteps = 200;             // steps per side a plan diff aligns (quadratic)
// Negotiation (allocation/negotiation.hpp), h18c.
inline constexpr std::size_t kMaxNegotiationItems = 8;
inline constexpr std::int64_t kMaxNegotiationRounds = 200;            // deadline_rounds, and schedule entries
inline constexpr std::int64_t kMaxNegotiationValue = 1'000'000'000;   // |an item's value|
inline constexpr std::int64_t kMinNegotiationBetaPermille = 50;        // beta = 0.05 (a hard Boulware)
inline constexpr std::int64_t kMaxNegotiationBetaPermille = 20'000;    // beta = 20 (a fast Conceder)
inline constexpr std::int64_t kMaxNegotiationResends = 50;
inline constexpr std::int64_t kMaxNegotiationResendTicks = 1'000'000;
// Hierarchical coordination (allocation/hierarchy.hpp).
inline constexpr std::size_t kMaxHierarchySubtasks = 500;           // subtasks the root holds
inline constexpr std::int64_t kMaxHierarchyDepth = 8;               // levels below the root
inline constexpr std::int64_t kMaxHierarchyCapacity = 100;          // subtasks one worker holds at once
inline constexpr std::size_t kMaxHierarchySkills = 16;              // skills of one worker
inline constexpr std::int64_t kMaxHierarchyAttempts = 20;           // delegations of one subtask by one coordinator
inline constexpr std::int64_t kMaxHierarchyWindowTicks = 1'000'000;  // result deadline, work time
// Combinatorial allocation, exact winner determination (allocation/wdp.hpp; issue 17).
inline constexpr std::uint32_t kMaxWdpGoods = 1'024;             // goods of one instance, dummy (XOR) goods included
inline constexpr std::size_t kMaxWdpBids = 2'000;                // bids of one instance
inline constexpr std::size_t kMaxWdpBundleGoods = 64;            // goods in one bid
inline constexpr std::int64_t kMaxWdpPrice = 1'000'000'000'000;  // one bid's price (a sum of all fits in 64 bits)
inline constexpr std::size_t kMaxWdpBidderNameBytes = 64;
inline constexpr std::int64_t kDefaultWdpNodes = 2'000'000;      // search nodes before the answer is a limit result
inline constexpr std::int64_t kMaxWdpNodes = 100'000'000;        // the most a caller may ask for
inline constexpr std::uint32_t kMaxWdpGeneratedGoods = 256;       // real goods of a generated instance
inline constexpr std::uint32_t kMaxWdpGeneratedBids = 1'000;      // bids of a generated instance (dummy goods stay within kMaxWdpGoods)
// HDDL import (planning/hddl_*.cpp).
inline constexpr std::size_t kMaxHddlBytes = 4'000'000;  // one domain or problem file
inline constexpr std::size_t kMaxHddlDepth = 64;         // nested parentheses
inline constexpr std::size_t kMaxHddlNodes = 500'000;    // atoms and lists in one file

// Combinatorial auction over the network (allocation/combinatorial*.cpp; issue 17, h19a).
inline constexpr std::int64_t kMaxWdpWindowTicks = 1'000'000;  // the bid window, and a bidder's send delay
inline constexpr std::size_t kMaxWdpGridGoods = 32;           // goods shown as columns of the bids x goods grid; the rest in one column

}  // namespace coordlab::limits
