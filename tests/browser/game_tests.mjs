// Games and negotiation (lesson negotiate-and-find-equilibria) through the UI: the learner marks both
// pure Nash equilibria by typing into the board's input line (the greedy cell alone does not pass), and
// makes the negotiation converge by editing the acceptance rule and the concession schedule.
import { check, taskOf } from './lab_page.mjs';

async function waitTaskPassed(lab, id) {
  return lab.waitUntil((state) => state.lesson && taskOf(state, id).passed, `task "${id}" passes`);
}

async function send(lab, node, text) {
  await lab.click(`node:${node}`);
  await lab.type('Input text', text);
  await lab.click('Send');
}

export const gameTests = [
  {
    name: 'game: the implementer marks both pure equilibria on the payoff matrix (the greedy cell is not one)',
    async run(lab) {
      await lab.go('#/implementer/negotiate-and-find-equilibria/real-equilibrium');
      const before = await lab.state();
      check(!taskOf(before, 'mark-equilibria').passed, 'task "mark-equilibria" should start open');
      check(before.sim.views.some((view) => view.id === 'game.payoffs'), 'the step should show the payoff matrix');
      await send(lab, 'board', 'mark row=Top col=Right');
      await lab.waitFrames(3);
      check(!taskOf(await lab.state(), 'mark-equilibria').passed, 'the greedy cell alone should not pass');
      await send(lab, 'board', 'unmark row=Top col=Right');
      await send(lab, 'board', 'mark row=Top col=Left');
      await send(lab, 'board', 'mark row=Bottom col=Right');
      await waitTaskPassed(lab, 'mark-equilibria');
      await lab.screenshot('game-equilibria.png');
    },
  },
  {
    name: 'negotiation: the implementer fixes the course\'s negotiation with AC_next and a schedule that reaches the reservation',
    async run(lab) {
      await lab.go('#/implementer/negotiate-and-find-equilibria/fix-negotiation');
      check(!taskOf(await lab.state(), 'converge').passed, 'task "converge" should start open');
      await lab.type('param:acceptance', 'ac_next');
      await lab.type('param:schedule_permille', '[0, 150, 300, 450, 600, 750, 900, 1000]');
      await lab.click('Apply settings');
      await waitTaskPassed(lab, 'converge');
    },
  },
];
