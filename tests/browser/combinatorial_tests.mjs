// The combinatorial allocation lesson (I9) through the UI: the implementer first proposes greedy's
// allocation (omega's bundle alone), which stays open, then picks the optimum by typing into the
// auctioneer's input line, and the task turns green.
import { check, taskOf } from './lab_page.mjs';

async function pick(lab, text, ticks) {
  await lab.click('node:auctioneer');
  await lab.type('Input text', text);
  await lab.click('Send');
  await lab.type('Ticks', String(ticks));
  return lab.click('Run ticks');
}

export const combinatorialTests = [
  {
    name: 'combinatorial: implementer picks the optimal set of bundle bids through the input line',
    async run(lab) {
      await lab.go('#/implementer/combinatorial-allocation/six-bids');
      check(!taskOf(await lab.state(), 'pick-the-optimum').passed, 'task "pick-the-optimum" should start open');
      await pick(lab, 'pick b5', 300);
      check(!taskOf(await lab.state(), 'pick-the-optimum').passed, 'the greedy pick should not pass');
      await pick(lab, 'pick b1 b3 b4', 100);
      await lab.waitUntil((state) => state.lesson && taskOf(state, 'pick-the-optimum').passed, 'task "pick-the-optimum" passes');
      await lab.screenshot('combinatorial-pick.png');
    },
  },
];
