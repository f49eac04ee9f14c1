// Reasoning lessons through the UI, one per path: the observer picks the loop rule that flags only the
// looping trace (after answering which trace loops), the participant makes meta-reasoning fire on the
// course's stuck mock, and the implementer makes learning show on held-out episodes. Each task starts
// open and turns green only after the learner's settings are applied.
import { check, taskOf } from './lab_page.mjs';

async function waitTaskPassed(lab, id) {
  return lab.waitUntil((state) => state.lesson && taskOf(state, id).passed, `task "${id}" passes`);
}

async function applySettings(lab, route, task, params) {
  await lab.go(route);
  const before = await lab.state();
  check(!taskOf(before, task).passed, `task "${task}" should start open`);
  for (const [name, value] of params) await lab.type(`param:${name}`, value);
  await lab.click('Apply settings');
  return waitTaskPassed(lab, task);
}

export const reasoningTests = [
  {
    name: 'reasoning: observer spots the loop and picks the lab\'s loop rule',
    async run(lab) {
      await lab.go('#/observer/react-spot-the-loop/spot-the-loop');
      await lab.click('which-loops:option:0');
      await lab.click('which-loops:check');
      await waitTaskPassed(lab, 'which-loops');
      await applySettings(lab, '#/observer/react-spot-the-loop/spot-the-loop', 'pick-the-rule', [['loop_rule', 'lab']]);
      await lab.screenshot('reasoning-spot-the-loop.png');
    },
  },
  {
    name: 'reasoning: participant makes meta-reasoning fire on the course\'s mock',
    async run(lab) {
      await applySettings(lab, '#/participant/react-meta-reasoning/stuck-agent', 'make-it-fire',
        [['meta_trigger', 'loop_or_low_quality'], ['intervention', 'replan']]);
    },
  },
  {
    name: 'reasoning: implementer makes learning show on held-out episodes',
    async run(lab) {
      await applySettings(lab, '#/implementer/reflection-that-learns/learning-on-heldout', 'heldout-gain', [['variant', 'lab']]);
    },
  },
];
