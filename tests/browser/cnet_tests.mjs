// Contract net (lesson contract-net-on-a-lossy-network) through the UI: the participant gives the
// course's manager a result deadline so a lost accept-proposal no longer hangs the task, then plays
// contractor n1 by typing proposals into its input line and wins a task at a good price after the
// cheapest rival fails. Each task starts open and passes only after the learner's change.
import { check, taskOf } from './lab_page.mjs';

async function waitTaskPassed(lab, id) {
  return lab.waitUntil((state) => state.lesson && taskOf(state, id).passed, `task "${id}" passes`);
}

export const cnetTests = [
  {
    name: 'cnet: a result deadline rescues the award whose accept-proposal was lost',
    async run(lab) {
      await lab.go('#/participant/contract-net-on-a-lossy-network/lost-accept');
      const before = await lab.state();
      check(!taskOf(before, 'add-a-deadline').passed, 'task "add-a-deadline" should start open');
      check(before.sim.views.some((view) => view.id === 'cnet.board'), 'the step should show the contract board');
      await lab.type('param:result_deadline_ticks', '150');
      await lab.click('Apply settings');
      await waitTaskPassed(lab, 'add-a-deadline');
      await lab.screenshot('cnet-deadline.png');
    },
  },
  {
    name: 'cnet: the participant plays a contractor and delivers a task at a good price',
    async run(lab) {
      await lab.go('#/participant/contract-net-on-a-lossy-network/you-contract');
      check(!taskOf(await lab.state(), 'win-at-a-good-price').passed, 'task "win-at-a-good-price" should start open');
      await lab.click('node:n1');
      for (const task of ['etl', 'report', 'backup']) {
        await lab.type('Input text', `propose task=${task} cents=39000`);
        await lab.click('Send');
      }
      await waitTaskPassed(lab, 'win-at-a-good-price');
      await lab.screenshot('cnet-contractor.png');
    },
  },
];
