// Browser tests of the web lab. They prove that the built site loads in headless Chromium with WebGL 2,
// renders frames, and obeys real mouse clicks: each test finds widgets through the automation hook
// (lab_automation_state(): JSON with the run's state and each widget's rectangle in CSS pixels), clicks
// their centres and checks the run's state afterwards. Any console error or page error fails the test.
// Usage: node run.mjs SITE_DIR   (SITE_DIR = build/wasm/web/site). Screenshots go to ./artifacts/.
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const artifactsDir = join(here, 'artifacts');
const viewport = { width: 1280, height: 720 };
const frameTimeoutMs = 30_000;
// From /work/shared/notes/toolchain.md: SwiftShader through ANGLE gives WebGL 2 without a GPU.
// (--use-gl=swiftshader and --disable-software-rasterizer would give a black page.)
const chromiumArgs = [
  '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

class TestFailure extends Error {}

function check(condition, message) {
  if (!condition) throw new TestFailure(message);
}

// One page of the lab in a fresh browser context, with helpers that talk to the automation hook.
class LabPage {
  constructor(page) {
    this.page = page;
    this.problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error') this.problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) this.problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });
  }

  async open(url) {
    const started = performance.now();
    await this.page.goto(url);
    const webglNotice = await this.page.locator('#notice.error').textContent({ timeout: 500 }).catch(() => null);
    check(webglNotice === null, `the page shows a problem instead of the lab: ${webglNotice}`);
    await this.waitForFrame(1);
    this.firstFrameMs = performance.now() - started;
  }

  async state() {
    return this.page.evaluate(() => {
      if (!window.Module || !Module.labRuntimeReady) return { frame: 0 };
      return JSON.parse(Module.ccall('lab_automation_state', 'string', [], []));
    });
  }

  async waitForFrame(frame) {
    await this.page.waitForFunction(
      (wanted) => window.Module?.labRuntimeReady &&
        JSON.parse(Module.ccall('lab_automation_state', 'string', [], [])).frame >= wanted,
      frame, { timeout: frameTimeoutMs });
    return this.state();
  }

  // Waits until `count` more frames have been drawn, so a click has been seen and its command applied.
  async waitFrames(count) {
    const { frame } = await this.state();
    return this.waitForFrame(frame + count);
  }

  async click(label) {
    const { widgets } = await this.state();
    const rect = widgets?.[label];
    check(rect && rect.w > 0 && rect.h > 0, `the hook reports no rectangle for "${label}" (have: ${Object.keys(widgets ?? {}).join(', ')})`);
    // ImGui samples the mouse once per frame: move, press and release in separate frames.
    await this.page.mouse.move(rect.x + rect.w / 2, rect.y + rect.h / 2);
    await this.waitFrames(1);
    await this.page.mouse.down();
    await this.waitFrames(1);
    await this.page.mouse.up();
    return this.waitFrames(2);
  }

  async screenshot(name) {
    await mkdir(artifactsDir, { recursive: true });
    const path = join(artifactsDir, name);
    // Park the pointer in an empty corner so no hover highlight or tooltip hides the picture.
    await this.page.mouse.move(viewport.width - 2, viewport.height - 2);
    await this.waitFrames(2);
    await this.page.screenshot({ path });
    return path;
  }

  async checkNoProblems() {
    const { errors = [] } = await this.state();
    check(errors.length === 0, `the lab showed errors: ${errors.join(' | ')}`);
    check(this.problems.length === 0, this.problems.join('\n'));
  }
}

const tests = [
  {
    name: 'the page renders and a click on Step advances the run by one step',
    deviceScaleFactor: 1,
    async run(lab) {
      const before = await lab.waitFrames(2);
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
    async run(lab) {
      await lab.waitFrames(2);
      await lab.click('Play');
      await lab.waitFrames(20);
      const played = await lab.click('Play');  // now labelled Pause
      check(!played.playing, 'the second click on Play should pause');
      check(played.tick > 0 && played.position > 1, `playing should advance time, at tick ${played.tick}, step ${played.position}`);
      const back = await lab.click('Step back');
      check(back.position === played.position - 1 && !back.at_head, `Step back should move to step ${played.position - 1} in the past`);
      await lab.screenshot('lab-past.png');
      const forked = await lab.click('Fork here');
      check(forked.at_head && forked.head === back.position, `Fork here should end the run at step ${back.position}, head is ${forked.head}`);
      const light = await lab.click('Theme');
      await lab.waitFrames(2);
      check(light.errors.length === 0, 'switching the theme should not fail');
      await lab.screenshot('lab-light-forked.png');
    },
  },
];

async function runTest(browser, baseUrl, test) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: test.deviceScaleFactor });
  const lab = new LabPage(await context.newPage());
  try {
    await lab.open(baseUrl);
    await test.run(lab);
    await lab.checkNoProblems();
    return lab.firstFrameMs;
  } catch (error) {
    // What the page said is usually the explanation (a wasm abort, a failed fetch): show it too.
    if (lab.problems.length > 0) error.message += `\n      the page reported:\n        ${lab.problems.join('\n        ')}`;
    throw error;
  } finally {
    await context.close();
  }
}

async function main() {
  const siteArgument = process.argv[2];
  if (!siteArgument) {
    console.error('usage: node run.mjs SITE_DIR   (e.g. build/wasm/web/site)');
    process.exit(2);
  }
  const server = await startServer(resolve(siteArgument), 0);
  const baseUrl = `http://127.0.0.1:${server.address().port}/`;
  // playwright's launch() gives every run a fresh temporary user-data dir, and each test its own context.
  let browser;
  let failures = 0;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
    for (const test of tests) {
      const started = performance.now();
      try {
        const firstFrameMs = await runTest(browser, baseUrl, test);
        console.log(`ok    ${test.name} (${Math.round(performance.now() - started)} ms; first frame after ${Math.round(firstFrameMs)} ms)`);
      } catch (error) {
        failures += 1;
        console.error(`FAIL  ${test.name}\n      ${error instanceof TestFailure ? error.message : `${error.message}\n${error.stack}`}`);
      }
    }
  } finally {
    await browser?.close();
    server.close();
  }
  console.log(failures === 0 ? `browser tests: all ${tests.length} passed` : `browser tests: ${failures} of ${tests.length} failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(`browser tests could not run: ${error.stack ?? error}`);
  process.exit(1);
});
