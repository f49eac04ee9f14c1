// The simulator shell in the playground: the page renders at DPR 1 and 2, clicks land on real widgets,
// and Play, Step, Step back, Fork here and the theme toggle do what they say.
import { check } from './lab_page.mjs';

export const shellTests = [
  {
    name: 'the playground renders and a click on Step advances the run by one step',
    deviceScaleFactor: 1,
    start: '#/playground',
    async run(lab) {
      const before = await lab.waitFrames(2);
      check(before.screen === 'playground', `#/playground should open the playground, shows ${before.screen}`);
      check(before.position === 0 && before.head === 0, `a new run should start at step 0, not ${before.position}/${before.head}`);
      const after = await lab.click('Step');
      check(after.position === before.position + 1, `Step should advance the position from ${before.position}, got ${after.position}`);
      check(after.head === after.position, 'after Step at the end the view should still be at the end');
      await lab.screenshot('lab-dpr1.png');
    },
  },
  {
    name: 'at devicePixelRatio 2 the canvas has twice the pixels and clicks still land',
    deviceScaleFactor: 2,
    start: '#/playground',
    async run(lab) {
      const state = await lab.waitFrames(2);
      check(state.scale === 2, `the hook should report scale 2, not ${state.scale}`);
      const canvas = await lab.page.evaluate(() => {
        const element = document.getElementById('canvas');
        return { width: element.width, height: element.height, cssWidth: element.clientWidth, cssHeight: element.clientHeight };
      });
      check(canvas.width === 2 * canvas.cssWidth && canvas.height === 2 * canvas.cssHeight,
        `the canvas should hold 2x its CSS size, has ${canvas.width}x${canvas.height} for ${canvas.cssWidth}x${canvas.cssHeight}`);
      const after = await lab.click('Step');
      check(after.position === state.position + 1, `Step at DPR 2 should advance the position, got ${after.position}`);
      await lab.screenshot('lab-dpr2.png');
    },
  },
  {
    name: 'Play runs time, Step back goes into the past, Fork here makes it the end',
    deviceScaleFactor: 1,
    start: '#/playground',
    async run(lab) {
      await lab.waitFrames(2);
      await lab.click('Play');
      await lab.waitFrames(20);
      const played = await lab.click('Play');  // now labelled Pause
      check(!played.playing, 'the second click on Play should pause');
      check(played.tick > 0 && played.position > 1, `playing should advance time, at tick ${played.tick}, step ${played.position}`);
      const back = await lab.click('Step back');
      check(back.position === played.position - 1 && !back.at_head, `Step back should move to step ${played.position - 1} in the past`);
      const forked = await lab.click('Fork here');
      check(forked.at_head && forked.head === back.position, `Fork here should end the run at step ${back.position}, head is ${forked.head}`);
      await lab.click('Theme');
      const light = await lab.waitFrames(2);
      check(light.theme === 'light' && light.errors.length === 0, 'the theme toggle should switch to the light theme without errors');
    },
  },
  {
    name: 'the ? key opens the shortcuts overlay and Space plays',
    deviceScaleFactor: 1,
    start: '#/playground',
    async run(lab) {
      await lab.click('Readout');  // focus the canvas without touching a control
      await lab.page.keyboard.type('?');
      const open = await lab.waitFrames(2);
      check(open.shortcuts_open && open.widgets['Shortcuts overlay'], 'typing ? should open the shortcuts overlay');
      await lab.pressKey('Escape');
      await lab.pressKey('Space');
      const playing = await lab.waitFrames(3);
      check(!playing.shortcuts_open && playing.playing, 'Escape should close the overlay and Space should play');
    },
  },
];
