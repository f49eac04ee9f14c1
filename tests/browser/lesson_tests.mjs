// The learner's journey: home, a path, lessons completed through the UI (one per path, a simulator task
// turning green after crashing the leader with the lab's controls, question tasks answered), progress
// surviving a reload and a fresh browser process, deep links and Back, a broken share link, an invalid
// progress import, a step's settings (params) applied through the UI, and screenshots of home and a lesson in both themes.
import { check, taskOf } from './lab_page.mjs';

// Runs `ticks` ticks with the quick controls (Ticks field + Run ticks).
async function runTicks(lab, ticks) {
  await lab.type('Ticks', String(ticks));
  return lab.click('Run ticks');
}

async function waitTaskPassed(lab, id) {
  return lab.waitUntil((state) => state.lesson && taskOf(state, id).passed, `task "${id}" passes`);
}

async function answerChoice(lab, task, option) {
  await lab.click(`${task}:option:${option}`);
  await lab.click(`${task}:check`);
  return waitTaskPassed(lab, task);
}

// observer-welcome: watch the first election (300 ticks), then a question.
async function completeObserverWelcome(lab) {
  await runTicks(lab, 300);
  await waitTaskPassed(lab, 'first-leader');
  return answerChoice(lab, 'rewind', 1);
}

// participant-welcome: two yes votes and the proposal, each typed into the input field of a node.
async function completeParticipantWelcome(lab) {
  const inputs = [['validator_1', 'vote id=p1 choice=yes'], ['validator_2', 'vote id=p1 choice=yes'], ['coordinator', 'propose id=p1']];
  for (const [node, text] of inputs) {
    await lab.click(`node:${node}`);
    await lab.type('Input text', text);
    await lab.click('Send');
  }
  return waitTaskPassed(lab, 'first-vote');
}

// implementer-welcome: let a leader be elected (400 ticks), then a question.
async function completeImplementerWelcome(lab) {
  await runTicks(lab, 400);
  await waitTaskPassed(lab, 'first-leader');
  return answerChoice(lab, 'fork-meaning', 1);
}

export function lessonTests(persistentProfile) {
  return [
    {
      name: 'home shows the three paths; each path\'s first lesson is completed through the UI',
      profile: persistentProfile,
      async run(lab) {
        const home = await lab.waitFrames(2);
        check(home.screen === 'home', `the lab should open on home, shows ${home.screen}`);
        for (const path of ['observer', 'participant', 'implementer']) {
          check(home.widgets[`path:${path}`], `home should offer the ${path} path`);
          check(home.progress.paths[path]?.total > 0, `the ${path} path should have tasks`);
        }
        await lab.screenshot('home-dark.png');
        const completions = [['observer', 'observer-welcome', completeObserverWelcome],
          ['participant', 'participant-welcome', completeParticipantWelcome],
          ['implementer', 'implementer-welcome', completeImplementerWelcome]];
        for (const [path, lesson, complete] of completions) {
          await lab.go('#/');
          await lab.click(`path:${path}`);
          const opened = await lab.waitUntil((state) => state.screen === 'lesson', `the ${path} path opens a lesson`);
          check(opened.lesson.id === lesson && opened.lesson.step === 0, `${path} should start with ${lesson}, opened ${opened.lesson.id} step ${opened.lesson.step}`);
          check(Array.isArray(opened.enabled_controls), 'a lesson step should enable only its own controls');
          await complete(lab);
          const done = await lab.waitUntil((state) => state.lesson.complete, `${lesson} is complete`);
          check(done.status.includes('Lesson complete'), `completing a lesson should say so, status: ${done.status}`);
        }
        await lab.go('#/');
        const after = await lab.waitFrames(2);
        for (const path of ['observer', 'participant', 'implementer']) {
          check(after.progress.paths[path].passed > 0, `the ${path} progress bar should have moved`);
        }
      },
    },
    {
      name: 'crashing the leader with the lesson\'s controls turns the task green; a question task is answered',
      async run(lab) {
        await lab.go('#/implementer/raft-new-leader/crash-the-leader');
        const before = await lab.state();
        check(!taskOf(before, 'new-leader').passed, 'the task should start open');
        check(!before.widgets.Isolate, 'this step does not enable partitions, so there is no Isolate button');
        await runTicks(lab, 400);
        await lab.click('node:n1');
        await lab.click('Crash');
        const green = await waitTaskPassed(lab, 'new-leader');
        check(taskOf(green, 'new-leader').check_passed, `the check should pass: ${taskOf(green, 'new-leader').reason}`);
        await lab.screenshot('lesson-dark.png');
        await lab.click('Theme');
        await lab.screenshot('lesson-light.png');
        await lab.go('#/');
        await lab.screenshot('home-light.png');
        await lab.click('Theme');
        await lab.go('#/implementer/raft-new-leader/who-can-win');
        await lab.type('next-term:number', '3');
        await lab.click('next-term:check');
        const wrong = await lab.waitUntil((state) => taskOf(state, 'next-term').checked, 'the answer is checked');
        check(!taskOf(wrong, 'next-term').check_passed && !taskOf(wrong, 'next-term').passed, 'a wrong answer should not pass');
        await lab.type('next-term:number', '4');
        await lab.click('next-term:check');
        await waitTaskPassed(lab, 'next-term');
      },
    },
    {
      name: 'a step\'s settings restart the run with the learner\'s params and the task checks them',
      allowLabErrors: true,  // a bad setting is refused on purpose
      async run(lab) {
        await lab.go('#/participant/fix-the-supermajority/course-rule');
        const before = await lab.state();
        check(!taskOf(before, 'integer-rule').passed, 'the settings task should start open');
        await lab.type('param:threshold', 'two thirds');
        await lab.type('param:rule', 'supermajority');
        await lab.click('Apply settings');
        const refused = await lab.waitFrames(2);
        check(refused.errors.length > 0 && !taskOf(refused, 'integer-rule').passed, 'a threshold that is not m/k should be refused');
        await lab.type('param:threshold', '2/3');
        await lab.click('Apply settings');
        await waitTaskPassed(lab, 'integer-rule');
      },
    },
    {
      name: 'a two-sided partition made with the Cut off row lets the majority side elect, and Heal ends it',
      async run(lab) {
        await lab.go('#/implementer/raft-new-leader/split-and-heal');
        await runTicks(lab, 400);
        await lab.click('cut:n0');
        await lab.click('cut:n1');
        await lab.click('Cut off');
        await runTicks(lab, 1500);
        await lab.click('Heal');
        await waitTaskPassed(lab, 'majority-side-elects');
      },
    },
    {
      name: 'progress survives a reload and a fresh browser process on the same profile',
      profile: persistentProfile,
      reopen: true,
      async run(lab) {
        const state = await lab.waitFrames(2);
        // The welcome lessons completed by the first test have 2, 1 and 2 tasks.
        const completed = { observer: 2, participant: 1, implementer: 2 };
        for (const path of ['observer', 'participant', 'implementer']) {
          check(state.progress.paths[path].passed >= completed[path], `after a new browser process the ${path} progress should still be there (${state.progress.paths[path].passed} passed)`);
        }
        await lab.page.reload();
        await lab.waitForFrame(3);
        const reloaded = await lab.state();
        check(reloaded.progress.records === state.progress.records, `a reload should keep ${state.progress.records} records, has ${reloaded.progress.records}`);
        await lab.go('#/observer/observer-welcome/tour');
        const task = await lab.state();
        check(taskOf(task, 'first-leader').passed && taskOf(task, 'rewind').passed, 'the completed lesson should show its tasks done');
      },
    },
    {
      name: 'a deep link opens its step, Next step updates the address and Back returns',
      start: '#/participant/raft-partition/isolate-the-leader',
      async run(lab) {
        const opened = await lab.waitUntil((state) => state.screen === 'lesson', 'the deep link opens a lesson');
        check(opened.lesson.id === 'raft-partition' && opened.lesson.step_id === 'isolate-the-leader', `the deep link opened ${opened.lesson.id}/${opened.lesson.step_id}`);
        await lab.click('Next step');
        const next = await lab.waitUntil((state) => state.lesson?.step === 1, 'the next step opens');
        const hash = await lab.page.evaluate(() => window.location.hash);
        check(hash === `#/participant/raft-partition/${next.lesson.step_id}`, `the address should follow the step, is ${hash}`);
        await lab.page.goBack();
        const back = await lab.waitUntil((state) => state.lesson?.step === 0, 'Back returns to the first step');
        check(back.route === '#/participant/raft-partition/isolate-the-leader', `Back should restore the address, route is ${back.route}`);
      },
    },
    {
      name: 'a shared run replays exactly; a corrupted or oversized share link shows an error and the lab keeps working',
      start: '#/playground',
      allowLabErrors: true,
      async run(lab) {
        await runTicks(lab, 150);
        const shared = await lab.click('Share this run');
        check(shared.share_link.includes('#/run/'), `Share this run should make a link, got "${shared.share_link}"`);
        const hash = shared.share_link.slice(shared.share_link.indexOf('#'));
        await lab.go('#/');
        await lab.go(hash);
        const replayed = await lab.state();
        check(replayed.hash === shared.hash && replayed.event_count === shared.event_count, 'the shared link should replay the same run (same trace hash)');
        const errorsBefore = replayed.errors.length;
        await lab.page.evaluate((value) => { window.location.hash = value; }, hash.slice(0, 20) + '!!' + hash.slice(22));
        const broken = await lab.waitUntil((state) => state.errors.length > errorsBefore, 'the broken link is reported');
        check(broken.errors.at(-1).includes('damaged'), `the error should say the link is damaged: ${broken.errors.at(-1)}`);
        check(broken.screen === 'playground' && broken.hash === shared.hash, 'a broken link should leave the current run alone');
        await lab.page.evaluate(() => { window.location.hash = '#/run/' + 'A'.repeat(9000); });
        const long = await lab.waitUntil((state) => state.errors.length > errorsBefore + 1, 'the oversized link is reported');
        check(long.errors.at(-1).includes('longer than'), `the error should say the link is too long: ${long.errors.at(-1)}`);
        const stepped = await lab.click('Step');
        check(stepped.position === long.position + 1, 'after a bad link the lab should still step');
        await lab.checkNoProblems({ allowLabErrors: true });
      },
    },
    {
      name: 'an invalid progress import changes nothing and says why',
      profile: persistentProfile,
      reopen: true,
      allowLabErrors: true,
      async run(lab) {
        const before = await lab.waitFrames(2);
        check(before.progress.records > 0, 'this test needs saved progress from the earlier tests');
        const bad = [
          ['not-json.json', '{"format": "coordlab.progress/1", "records": ['],
          ['tampered.json', JSON.stringify({ format: 'coordlab.progress/1', learner: '', records: [{ lesson: 'observer-welcome', step: 'tour', task: 'rewind', passed: true }] })],
        ];
        for (const [name, text] of bad) {
          await lab.page.setInputFiles('#import-file', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
          const after = await lab.waitUntil((state) => state.status.startsWith('Nothing was imported'), `the import of ${name} is refused`);
          check(after.progress.records === before.progress.records, `an invalid import should change nothing (${before.progress.records} -> ${after.progress.records})`);
        }
        const saved = await lab.page.evaluate(() => window.localStorage.getItem('coordlab.progress'));
        check(saved && JSON.parse(saved).records.length === before.progress.records, 'the saved progress should be unchanged');
      },
    },
  ];
}
