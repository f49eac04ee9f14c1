// Browser tests of the web lab in headless Chromium with WebGL 2: each test finds widgets through the
// automation hook, clicks their centres and checks the lab's state afterwards. Any console error or
// page error fails a test (and any error the lab shows, unless the test is about errors).
//   shell_tests.mjs   the simulator shell in the playground (render, DPR 2, transport, shortcuts)
//   lesson_tests.mjs  home, paths, lessons completed through the UI, persistence, links, import
//   view_tests.mjs    the simulator views: topology menus, sequence diagram filters, trace and SVG exports
//   plot_tests.mjs    the plot widget (hover readout, click to seek, legend, CSV and SVG) and domain views
//   task_kind_tests.mjs  classify and document tasks on the sample lesson in tests/lessons_samples/
//   dist_tests.mjs    the hosted site (scripts/lab dist): complete folder, compression, offline, updates
//                     (these build their own dist folders and servers: a `standalone` test)
//   reasoning_tests.mjs  one reasoning lesson per path, completed through the step's settings
//   learner_tests.mjs what a new learner tripped over: scroll, stale lights, pass feedback, wrapping, menus, keys
//   auction_tests.mjs, cnet_tests.mjs, game_tests.mjs, htn_tests.mjs  the allocation and planning lessons played
//                     through the UI (a bidder's quote, a contract net round, marked equilibria, a tree, a domain)
//   combinatorial_tests.mjs  lesson I9: a set of bundle bids picked through the auctioneer's input line
// Tests with a `profile` run in their own browser process on one shared user-data dir, so progress
// saved by one is what the next (a fresh process) finds.
// Usage: node run.mjs SITE_DIR   (SITE_DIR = build/wasm/web/site). Screenshots go to ./artifacts/.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { auctionTests } from './auction_tests.mjs';
import { cnetTests } from './cnet_tests.mjs';
import { combinatorialTests } from './combinatorial_tests.mjs';
import { distTests } from './dist_tests.mjs';
import { gameTests } from './game_tests.mjs';
import { htnTests } from './htn_tests.mjs';
import { LabPage, TestFailure, chromiumArgs, chromiumPath, viewport } from './lab_page.mjs';
import { learnerTests } from './learner_tests.mjs';
import { lessonTests } from './lesson_tests.mjs';
import { opsTests } from './ops_tests.mjs';
import { plotTests } from './plot_tests.mjs';
import { reasoningTests } from './reasoning_tests.mjs';
import { shellTests } from './shell_tests.mjs';
import { taskKindTests } from './task_kind_tests.mjs';
import { viewTests } from './view_tests.mjs';

async function openContext(browser, test) {
  if (test.profile) {
    const context = await chromium.launchPersistentContext(test.profile, {
      executablePath: chromiumPath, headless: true, args: chromiumArgs, viewport: test.viewport ?? viewport, deviceScaleFactor: test.deviceScaleFactor ?? 1,
    });
    return { context, page: context.pages()[0] ?? await context.newPage() };
  }
  const context = await browser.newContext({ viewport: test.viewport ?? viewport, deviceScaleFactor: test.deviceScaleFactor ?? 1 });
  return { context, page: await context.newPage() };
}

async function runTest(browser, baseUrl, test) {
  const { context, page } = await openContext(browser, test);
  const lab = new LabPage(page);
  try {
    await lab.open(baseUrl + (test.start ?? ''));
    await test.run(lab);
    await lab.checkNoProblems({ allowLabErrors: test.allowLabErrors });
    return lab.firstFrameMs;
  } catch (error) {
    // What the page said is usually the explanation (a wasm abort, a failed fetch): show it too.
    if (lab.problems.length > 0) error.message += `\n      the page reported:\n        ${lab.problems.join('\n        ')}`;
    const state = await lab.state().catch(() => null);
    if (state) error.message += `\n      lab: screen ${state.screen}, route ${state.route}, status "${state.status}", errors ${JSON.stringify(state.errors)}`;
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
  const profile = await mkdtemp(join(tmpdir(), 'coordlab-browser-profile-'));
  const tests = [...shellTests, ...viewTests, ...plotTests, ...taskKindTests, ...learnerTests, ...lessonTests(profile), ...opsTests, ...reasoningTests,
    ...auctionTests, ...cnetTests, ...gameTests, ...htnTests, ...distTests,
    ...combinatorialTests];  // h19a
  const only = process.env.COORDLAB_BROWSER_ONLY;  // substrings of test names separated by |, for focused runs
  const wanted = only ? only.split('|').filter((part) => part !== '') : [];
  const chosen = only ? tests.filter((test) => wanted.some((part) => test.name.includes(part)) || test.profile) : tests;
  let browser;
  let failures = 0;
  const firstFrames = [];
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    for (const test of chosen) {
      const started = performance.now();
      try {
        if (test.standalone) {
          await test.standalone({ site: resolve(siteArgument), browser });
          console.log(`ok    ${test.name} (${Math.round(performance.now() - started)} ms)`);
          continue;
        }
        const firstFrameMs = await runTest(browser, baseUrl, test);
        firstFrames.push(firstFrameMs);
        console.log(`ok    ${test.name} (${Math.round(performance.now() - started)} ms; first frame after ${Math.round(firstFrameMs)} ms)`);
      } catch (error) {
        failures += 1;
        console.error(`FAIL  ${test.name}\n      ${error instanceof TestFailure ? error.message : `${error.message}\n${error.stack}`}`);
      }
    }
  } finally {
    await browser?.close();
    server.close();
    await rm(profile, { recursive: true, force: true });
  }
  console.log(failures === 0 ? `browser tests: all ${chosen.length} passed` : `browser tests: ${failures} of ${chosen.length} failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(`browser tests could not run: ${error.stack ?? error}`);
  process.exit(1);
});
