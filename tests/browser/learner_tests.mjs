// What a new learner tripped over (issue 13), each checked as the learner meets it: a new step or lesson
// opens at the top of its text; the invariant lights never show the previous run's checks after a deep
// link or Back; a simulator task that passes says at which tick (of the replay to its horizon) and jumps
// there; long answer options wrap inside the lesson column; message dots sit apart from nodes and each
// other and their menu names type, sender and receiver; fast key presses are all counted. Also
// screenshots of a lesson at 1024x600, 1280x720 and 1920x1080 in both themes (artifacts/lesson-*.png).
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, taskOf } from './lab_page.mjs';

const lessonsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'lessons');

// Loads the lesson files so tests follow the lessons as they are written, not a copy of their text.
function readLessons() {
  const lessons = new Map();
  for (const file of readdirSync(lessonsDir).filter((name) => name.endsWith('.json'))) {
    const lesson = JSON.parse(readFileSync(join(lessonsDir, file), 'utf8'));
    lessons.set(lesson.id ?? file.replace(/\.json$/, ''), lesson);
  }
  const paths = readdirSync(join(lessonsDir, 'paths')).map((file) => JSON.parse(readFileSync(join(lessonsDir, 'paths', file), 'utf8')));
  return { lessons, paths };
}

function pathOf(paths, lessonId) {
  const path = paths.find((entry) => entry.lessons.includes(lessonId));
  check(path, `no learning path lists lesson ${lessonId}`);
  return path.id;
}

// The single-choice or multiple-choice task with the longest option, and where it is.
function longestOptionTask() {
  const { lessons, paths } = readLessons();
  let best = null;
  for (const [id, lesson] of lessons) {
    for (const step of lesson.steps) {
      for (const task of step.tasks ?? []) {
        if (!['single_choice', 'multiple_choice'].includes(task.kind)) continue;
        const longest = Math.max(...task.options.map((option) => option.length));
        if (!best || longest > best.longest) best = { longest, hash: `#/${pathOf(paths, id)}/${id}/${step.id}`, task };
      }
    }
  }
  return best;
}

const lightsOf = (state) => (state.sim?.lights ?? []).map((light) => light.id);
const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

async function scrollLessonDown(lab) {
  const column = await lab.rect('Lesson column');
  await lab.page.mouse.move(column.x + column.w / 2, column.y + column.h / 2);
  await lab.waitFrames(1);
  await lab.page.mouse.wheel(0, 400);
  return lab.waitFrames(3);
}

const artifacts = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

async function screenshotsAt(lab, width, height) {
  mkdirSync(artifacts, { recursive: true });
  await lab.page.setViewportSize({ width, height });
  await lab.waitFrames(4);
  for (const theme of ['dark', 'light']) {
    let state = await lab.state();
    if (state.theme !== theme) {
      await lab.click('Theme');
      state = await lab.waitUntil((now) => now.theme === theme, `the ${theme} theme`);
    }
    const { width: shotWidth, height: shotHeight } = lab.page.viewportSize();
    await lab.page.mouse.move(shotWidth - 2, shotHeight - 2);
    await lab.waitFrames(3);
    await lab.page.screenshot({ path: join(artifacts, `lesson-${width}x${height}-${theme}.png`) });
  }
}

export const learnerTests = [
  {
    name: 'learner: Next step and Next lesson open at the top of the text',
    // Six numeric tasks: the first step of this lesson is taller than the column at 1280x720.
    start: '#/observer/size-a-byzantine-cluster/1',
    async run(lab) {
      await lab.waitUntil((state) => state.lesson?.step === 0, 'the first step of size-a-byzantine-cluster opens');
      const scrolled = await scrollLessonDown(lab);
      check(scrolled.lesson.scroll_y > 0, `the step's text should scroll at 1280x720 (scroll_y ${scrolled.lesson.scroll_y})`);
      await lab.click('Next step');
      const next = await lab.waitUntil((state) => state.lesson.step === 1, 'the second step opens');
      const settled = await lab.waitFrames(2);
      check(settled.lesson.scroll_y === 0, `the next step should open at its top, scroll_y is ${settled.lesson.scroll_y} (step ${next.lesson.step_id})`);
      const steps = readLessons().lessons.get('size-a-byzantine-cluster').steps;
      if (steps.length > 2) await lab.go(`#/observer/size-a-byzantine-cluster/${steps[steps.length - 1].id}`);
      const before = await scrollLessonDown(lab);
      await lab.click('Next lesson');
      await lab.waitUntil((state) => state.lesson.id !== 'size-a-byzantine-cluster', 'the next lesson opens');
      const top = await lab.waitFrames(2);
      check(top.lesson.scroll_y === 0, `the next lesson should open at its top, scroll_y is ${top.lesson.scroll_y} (was ${before.lesson.scroll_y})`);
    },
  },
  {
    name: 'learner: the invariant lights show the open run\'s checks after a deep link and Back',
    start: '#/implementer/raft-new-leader/crash-the-leader',
    async run(lab) {
      const raft = await lab.waitUntil((state) => lightsOf(state).some((id) => id.startsWith('raft.')), 'raft lights show');
      check(!lightsOf(raft).some((id) => /^(vote|pbft)\./.test(id)), `a raft lesson shows foreign lights: ${lightsOf(raft)}`);
      const voteHash = '#/observer/count-the-votes/run-the-vote';
      await lab.page.evaluate((value) => { window.location.hash = value; }, voteHash);
      // The first frame that shows the new route must already show the new run's lights.
      const vote = await lab.waitUntil((state) => state.route === voteHash && state.screen === 'lesson', 'the vote lesson opens');
      check(!lightsOf(vote).some((id) => id.startsWith('raft.')), `the vote lesson shows the raft lesson's lights: ${lightsOf(vote)}`);
      await lab.page.goBack();
      const back = await lab.waitUntil((state) => state.route === '#/implementer/raft-new-leader/crash-the-leader', 'Back returns to the raft lesson');
      check(!lightsOf(back).some((id) => /^vote\./.test(id)), `after Back the raft lesson shows the vote lesson's lights: ${lightsOf(back)}`);
      check(lightsOf(back).some((id) => id.startsWith('raft.')), `after Back the raft lights should show: ${lightsOf(back)}`);
    },
  },
  {
    name: 'learner: a passing simulator task says at which tick it passed and jumps there',
    start: '#/implementer/raft-new-leader/crash-the-leader',
    async run(lab) {
      await lab.type('Ticks', '400');
      await lab.click('Run ticks');
      const ran = await lab.waitUntil((state) => state.tick >= 400, 'the run reaches tick 400');
      const leader = ran.nodes.find((node) => node.role === 'leader');
      check(leader, `a leader should be elected by tick 400 (nodes ${JSON.stringify(ran.nodes)})`);
      await lab.menu(`Node ${leader.name}`, `Crash ${leader.name}`);
      const passed = await lab.waitUntil((state) => taskOf(state, 'new-leader').check_passed, 'the task passes');
      const task = taskOf(passed, 'new-leader');
      check(task.passed_at && task.passed_at.tick > passed.tick,
        `the check replays past the screen's tick ${passed.tick}, so it should pass later: ${JSON.stringify(task.passed_at)}`);
      check(!passed.nodes.some((node) => node.role === 'leader' && node.up), 'on screen no new leader exists yet');
      await lab.click('new-leader:jump');
      const jumped = await lab.waitUntil((state) => state.position === task.passed_at.step, 'the timeline jumps to the passing step');
      check(jumped.tick === task.passed_at.tick, `the jump should show tick ${task.passed_at.tick}, shows ${jumped.tick}`);
      const newLeader = jumped.nodes.find((node) => node.role === 'leader' && node.up && node.name !== leader.name);
      check(newLeader, `at the passing tick a new leader should be on screen (nodes ${JSON.stringify(jumped.nodes)})`);
      await lab.click('Step back');
      const before = await lab.waitFrames(2);
      check(!before.nodes.some((node) => node.role === 'leader' && node.up && node.name !== leader.name),
        'one step earlier the new leader should not be elected yet (it is the first passing step)');
    },
  },
  {
    name: 'learner: long answer options wrap inside the lesson column',
    async run(lab) {
      const { hash, task, longest } = longestOptionTask();
      check(longest > 80, `the lessons should have a long option to test with (longest ${longest})`);
      await lab.go(hash);
      const state = await lab.waitFrames(2);
      const column = state.widgets['Lesson column'];
      const lineHeight = state.widgets[`${task.id}:check`].h;
      let wrapped = 0;
      for (let i = 0; i < task.options.length; i += 1) {
        const option = await lab.scrollIntoView(`${task.id}:option:${i}`);
        check(option.x + option.w <= column.x + column.w + 0.5, `option ${i} runs past the column's right edge (${option.x + option.w} > ${column.x + column.w})`);
        if (option.h > lineHeight * 1.5) wrapped += 1;
      }
      check(wrapped > 0, `the ${longest}-character option should wrap onto more lines in a ${Math.round(column.w)} px column`);
      const index = task.options.findIndex((option) => option.length === longest);
      await lab.click(`${task.id}:option:${index}`);
      await lab.click(`${task.id}:check`);
      const answered = await lab.waitUntil((now) => taskOf(now, task.id).checked, 'the answer is checked');
      check(taskOf(answered, task.id).reason !== 'Choose an answer first.', 'clicking a wrapped option\'s text should choose it');
    },
  },
  {
    name: 'learner: message dots sit apart, and their menu names type, sender and receiver',
    start: '#/playground',
    async run(lab) {
      await lab.click('Manual delivery');
      let state = await lab.waitFrames(2);
      for (let i = 0; i < 40 && Object.keys(state.widgets).filter((label) => /^Message \d+$/.test(label)).length < 3; i += 1) {
        state = await lab.click('Step');
      }
      const messages = Object.entries(state.widgets).filter(([label]) => /^Message \d+$/.test(label));
      check(messages.length >= 3, `manual delivery should leave messages waiting (have ${messages.length})`);
      const nodes = Object.entries(state.widgets).filter(([label]) => label.startsWith('Node '));
      for (const [label, rect] of messages) {
        for (const [other, otherRect] of [...messages, ...nodes]) {
          check(other === label || !overlap(rect, otherRect), `${label} overlaps ${other}: right-clicks would hit the wrong one`);
        }
      }
      const [label] = messages[messages.length - 1];
      const id = label.slice('Message '.length);
      await lab.click(label, { button: 'right' });
      const menu = await lab.waitUntil((now) => Object.keys(now.widgets).some((key) => key.startsWith('Menu ') && key.includes(`#${id}:`)), 'the message menu opens');
      const title = Object.keys(menu.widgets).find((key) => key.startsWith('Menu ') && key.includes(`#${id}:`));
      const match = /^Menu (\S+) #(\d+): (\S+) \u2192 (\S+)$/.exec(title);
      const names = menu.nodes.map((node) => node.name);
      check(match && names.includes(match[3]) && names.includes(match[4]), `the menu title should name type, sender and receiver: "${title}"`);
      await lab.click(`Deliver message ${id}`);
      const delivered = await lab.waitFrames(2);
      check(!delivered.widgets[label], `the chosen message ${id} should be the one delivered`);
    },
  },
  {
    name: 'learner: twenty quick arrow presses step twenty times',
    start: '#/playground',
    async run(lab) {
      await lab.click('Readout');  // focus the canvas without touching a control
      const before = await lab.waitFrames(2);
      for (let i = 0; i < 20; i += 1) await lab.page.keyboard.press('ArrowRight');  // down and up with no wait
      const after = await lab.waitUntil((state) => state.position >= before.position + 20, 'twenty steps');
      await lab.waitFrames(3);
      const settled = await lab.state();
      check(settled.position === before.position + 20, `20 presses should give 20 steps, gave ${settled.position - before.position} (${after.position})`);
    },
  },
  {
    name: 'learner: screenshots of a lesson at three sizes in both themes',
    start: '#/implementer/raft-new-leader/crash-the-leader',
    async run(lab) {
      await lab.type('Ticks', '400');
      await lab.click('Run ticks');
      await lab.waitUntil((state) => state.tick >= 400, 'the run reaches tick 400');
      for (const [width, height] of [[1024, 600], [1280, 720], [1920, 1080]]) {
        await screenshotsAt(lab, width, height);
        const state = await lab.state();
        for (const label of ['Readout', 'Speed', 'Step']) {
          const rect = state.widgets[label];
          check(rect && rect.x + rect.w <= width + 0.5, `at ${width}x${height} "${label}" runs off the right edge (${rect && rect.x + rect.w})`);
        }
      }
    },
  },
];
