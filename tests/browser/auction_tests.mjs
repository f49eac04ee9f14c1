// Auction lessons through the UI: the participant plays a bidder in a sealed-bid Vickrey auction by
// typing a quote into its node's input line and wins with a profit; tunes the five scoring weights so
// the intended supplier wins; and the implementer sets one shade for 200 auctions and sees truthful
// quoting earn the most. Each task starts open and turns green only after the learner acts.
import { check, taskOf } from './lab_page.mjs';

async function waitTaskPassed(lab, id) {
  return lab.waitUntil((state) => state.lesson && taskOf(state, id).passed, `task "${id}" passes`);
}

async function runTicks(lab, ticks) {
  await lab.type('Ticks', String(ticks));
  return lab.click('Run ticks');
}

async function sendInput(lab, route, task, node, text, ticks) {
  await lab.go(route);
  check(!taskOf(await lab.state(), task).passed, `task "${task}" should start open`);
  await lab.click(`node:${node}`);
  await lab.type('Input text', text);
  await lab.click('Send');
  await runTicks(lab, ticks);
  return waitTaskPassed(lab, task);
}

export const auctionTests = [
  {
    name: 'auction: participant plays a bidder, quoting its cost through the input line, and wins with a profit',
    async run(lab) {
      await sendInput(lab, '#/participant/sealed-bid-procurement/you-bid', 'win-with-profit', 'n1', 'quote cents=40000', 300);
      await lab.screenshot('auction-you-bid.png');
    },
  },
  {
    name: 'auction: participant tunes the scoring weights so agent_c wins',
    async run(lab) {
      await lab.go('#/participant/tune-multi-criteria-weights/tune-weights');
      check(!taskOf(await lab.state(), 'agent-c-wins').passed, 'task "agent-c-wins" should start open');
      const weights = [['cost', 200], ['quality', 100], ['throughput', 400], ['reliability', 300], ['innovation', 0]];
      for (const [criterion, value] of weights) await lab.type(`param:weight_${criterion}_permille`, String(value));
      await lab.click('Apply settings');
      await waitTaskPassed(lab, 'agent-c-wins');
      await lab.screenshot('auction-scoring-weights.png');
    },
  },
  {
    name: 'auction: implementer quotes its cost in 200 Vickrey auctions and truthful earns the most',
    async run(lab) {
      await sendInput(lab, '#/implementer/vickrey-incentives/play-200', 'truthful-wins', 'agent_x', 'shade permille=1000', 8200);
      await lab.screenshot('auction-vickrey-incentives.png');
    },
  },
];
