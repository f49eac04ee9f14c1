// The classify and document task kinds end to end, on the sample lesson kept in tests/
// (tests/lessons_samples/task-kinds.json), opened as a draft from its text with lab_open_lesson: items
// put into bins with clicks (a wrong answer is told how many are right), a scenario edited in the
// editor (text after it is located at line 13; four replicas fail, five pass) and a command list typed
// into the editor (an unknown node is located in the text; the leader's name passes).
import { readFile } from 'node:fs/promises';
import { check, taskOf } from './lab_page.mjs';

const samplePath = new URL('../lessons_samples/task-kinds.json', import.meta.url);

async function checkTask(lab, id) {
  const before = (await lab.state()).frame;
  await lab.click(`${id}:check`);
  const state = await lab.waitUntil((s) => s.frame > before && taskOf(s, id).checked, `task "${id}" is checked`);
  return taskOf(state, id);
}

// Types `text` into the editor after Ctrl+A (replace all) or Ctrl+End (append). Keys that move the cursor
// step by step are avoided: under load a frame can outlast ImGui's key-repeat delay, and a held key
// repeats (select-all and go-to-end are the same when repeated).
async function typeInEditor(lab, id, controlKey, text) {
  await lab.click(`${id}:editor`);
  await lab.page.keyboard.down('Control');
  await lab.pressKey(controlKey);
  await lab.page.keyboard.up('Control');
  await lab.page.keyboard.type(text, { delay: 20 });
  return lab.waitFrames(2);
}

const replaceText = (lab, id, text) => typeInEditor(lab, id, 'a', text);
const appendText = (lab, id, text) => typeInEditor(lab, id, 'End', text);

const scenario = (nodes) => `{"format": "coordlab.scenario/1", "name": "raft_two_crashes", "title": "Raft losing two replicas at once", ` +
  `"protocol": "raft", "nodes": ${nodes}, "network": { "latency_min_ticks": 5, "latency_max_ticks": 15 }, "faults": [` +
  '{ "at_tick": 1, "op": "crash", "node": "n0" }, { "at_tick": 1, "op": "crash", "node": "n1" }]}';

async function classifyStep(lab) {
  const id = 'safety-or-liveness';
  const wrong = [1, 1, 0, 1, 0];  // the first item in the wrong bin
  for (let item = 0; item < wrong.length; item += 1) await lab.click(`${id}:item:${item}:bin:${wrong[item]}`);
  let task = await checkTask(lab, id);
  check(JSON.stringify(task.bins) === JSON.stringify(wrong), `the hook should report the bins chosen, got ${JSON.stringify(task.bins)}`);
  check(!task.check_passed && task.reason.startsWith('4 of 5 items are in the right bin.'), `a wrong answer counts the right items: "${task.reason}"`);
  await lab.click(`${id}:item:0:bin:0`);
  task = await checkTask(lab, id);
  check(task.check_passed, `every item in its bin should pass: "${task.reason}"`);
  check(!task.passed, 'a draft lesson is tried, never recorded in progress');
}

async function scenarioStep(lab) {
  const id = 'survive-two-crashes';
  let task = await checkTask(lab, id);
  check(!task.check_passed && task.reason === 'no leader with term >= 1 yet.', `the starting scenario should fail: "${task.reason}"`);
  await appendText(lab, id, 'oops');  // after the closing brace: the 13th line
  task = await checkTask(lab, id);
  check(!task.check_passed && task.text_line === 13 && task.text_column === 1, `text after the document should point at line 13, column 1: ${JSON.stringify(task)}`);
  check(task.reason.startsWith('line 13, column 1: '), `the message should name the place: "${task.reason}"`);
  await lab.screenshot('document-task-error.png');
  await replaceText(lab, id, scenario(4));
  task = await checkTask(lab, id);
  check(!task.check_passed && task.reason === 'no leader with term >= 1 yet.', `two of four replicas are no majority: "${task.reason}"`);
  await replaceText(lab, id, scenario(5));
  task = await checkTask(lab, id);
  check(task.check_passed, `five replicas should elect a leader: "${task.reason}" (text: ${task.text})`);
  check(task.text.includes('"nodes": 5,'), 'the hook reports the edited text');
}

async function commandsStep(lab) {
  const id = 'crash-the-leader';
  await replaceText(lab, id, '[{"op": "run", "ticks": 400}, {"op": "crash", "node": "n9"}]');
  let task = await checkTask(lab, id);
  check(!task.check_passed && task.text_line === 1 && task.text_column > 30 && task.reason.includes('n9'), `an unknown node should be located: ${JSON.stringify(task)}`);
  await replaceText(lab, id, '[{"op": "run", "ticks": 400}, {"op": "crash", "node": "n1"}]');
  task = await checkTask(lab, id);
  check(task.check_passed, `crashing the leader n1 should pass: "${task.reason}" (text: ${task.text})`);
}

export const taskKindTests = [
  {
    name: 'task kinds: the sample lesson (a draft) is solved through the UI: classify, a scenario document, a command document',
    async run(lab) {
      const text = await readFile(samplePath, 'utf8');
      await lab.page.evaluate((lesson) => Module.ccall('lab_open_lesson', null, ['string'], [lesson]), text);
      await lab.waitUntil((state) => state.route === '#/draft/task-kinds' && state.lesson?.step_id === 'sort-properties', 'the draft lesson opens');
      await classifyStep(lab);
      await lab.go('#/draft/task-kinds/size-the-cluster');
      await scenarioStep(lab);
      await lab.go('#/draft/task-kinds/replace-the-leader');
      await commandsStep(lab);
    },
  },
];
