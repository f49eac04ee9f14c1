// HTN planning through the UI: the observer expands `process_etl_workflow orders` in the Decomposition
// view by clicking its open task and picking a method (a wrong method stays as a greyed try, the task
// open), until the expand-a-task-tree task passes; the participant writes the ETL domain in the domain
// editor (pasted, as from their own editor), where a mistyped variable is located at its line, and the
// reference domain passes.
import { readFile } from 'node:fs/promises';
import { check, taskOf } from './lab_page.mjs';

const authorLesson = new URL('../../lessons/author-an-htn-domain.json', import.meta.url);

function treeRows(state) {
  const view = (state.sim?.views ?? []).find((entry) => entry.id === 'htn.tree');
  return view?.table?.rows ?? [];
}

// Clicks tree node `id` and picks `method` from its menu.
async function expand(lab, id, method) {
  await lab.click(`Tree node ${id}`);
  const item = `Expand ${id} with ${method}`;
  await lab.waitUntil((state) => state.widgets[item], `the menu of tree node ${id} offers ${method}`);
  const before = treeRows(await lab.state()).length;
  await lab.click(item);
  return lab.waitUntil((state) => treeRows(state).length > before, `expanding ${id} with ${method} adds a row`);
}

async function checkDocument(lab, id) {
  const before = (await lab.state()).frame;
  await lab.click(`${id}:check`);
  const state = await lab.waitUntil((s) => s.frame > before && taskOf(s, id).checked, `task "${id}" is checked`);
  return taskOf(state, id);
}

export const htnTests = [
  {
    name: 'htn: observer expands a task tree by clicking nodes until only steps remain',
    async run(lab) {
      await lab.go('#/observer/expand-a-task-tree/by-hand');
      await lab.waitUntil((state) => treeRows(state).length === 1, 'the tree shows its one open task');
      check(!taskOf(await lab.state(), 'expand-to-steps').passed, 'the task starts open');
      await expand(lab, 0, 'm_process_etl');
      await expand(lab, 1, 'm_extract_api');
      const tried = treeRows(await lab.state()).find((row) => row[3] === 'm_extract_api');
      check(tried && tried[4] === 'failed' && tried[5].includes('api_feed'), `a wrong method stays as a failed try: ${JSON.stringify(tried)}`);
      await expand(lab, 1, 'm_extract_csv');
      await expand(lab, 2, 'm_transform');
      await expand(lab, 3, 'm_load');
      await lab.waitUntil((state) => state.lesson && taskOf(state, 'expand-to-steps').passed, 'the tree task passes');
      await lab.screenshot('htn-expanded-tree.png');
    },
  },
  {
    name: 'htn: participant writes the ETL domain in the editor; an error is located at its line',
    async run(lab) {
      const lesson = JSON.parse(await readFile(authorLesson, 'utf8'));
      const solution = lesson.steps[0].tasks[0].solution.text.join('\n');
      await lab.go('#/participant/author-an-htn-domain/write-the-domain');
      const id = 'etl-domain';
      let task = await checkDocument(lab, id);
      check(!task.check_passed, `the starting domain should fail: "${task.reason}"`);
      await lab.paste(`${id}:editor`, solution.replace('"pre": ["transformed ?s"], "add": ["validated ?s"]', '"pre": ["transformed ?t"], "add": ["validated ?s"]'));
      task = await checkDocument(lab, id);
      check(!task.check_passed && task.text_line === 11 && task.reason.includes('?t'), `the mistyped variable should be located on line 11: ${JSON.stringify(task)}`);
      await lab.screenshot('htn-domain-error.png');
      await lab.paste(`${id}:editor`, solution);
      task = await checkDocument(lab, id);
      check(task.check_passed, `the reference domain should pass: "${task.reason}"`);
    },
  },
];
