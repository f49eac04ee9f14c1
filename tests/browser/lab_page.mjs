// Shared pieces of the browser tests: Chromium's flags, the static server, and LabPage, which drives one
// page of the lab through its automation hook (lab_automation_state(): JSON with the screen, the run,
// the open lesson's tasks, the progress summary and every labelled widget's rectangle in CSS pixels).
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const artifactsDir = join(here, 'artifacts');
export const viewport = { width: 1280, height: 720 };
const frameTimeoutMs = 30_000;
// From /work/shared/notes/toolchain.md: SwiftShader through ANGLE gives WebGL 2 without a GPU.
// (--use-gl=swiftshader and --disable-software-rasterizer would give a black page.)
export const chromiumArgs = [
  '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];
export const chromiumPath = '/usr/bin/chromium';

export class TestFailure extends Error {}

export function check(condition, message) {
  if (!condition) throw new TestFailure(message);
}

export class LabPage {
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
    return this.waitFrames(2);
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

  // Waits (up to ~10 s of frames) until `predicate(state)` holds; fails with `what` otherwise.
  async waitUntil(predicate, what) {
    let state = await this.state();
    for (let i = 0; i < 200 && !predicate(state); i += 1) state = await this.waitFrames(1);
    check(predicate(state), `timed out waiting until ${what} (screen ${state.screen}, route ${state.route}, status "${state.status}")`);
    return state;
  }

  async rect(label) {
    const { widgets } = await this.state();
    const rect = widgets?.[label];
    check(rect && rect.w > 0 && rect.h > 0, `the hook reports no rectangle for "${label}" (have: ${Object.keys(widgets ?? {}).join(', ')})`);
    return rect;
  }

  // Widgets below a scrolled panel's edge are reported where they would be: scroll them into view with
  // the mouse wheel over them first, as a learner would.
  async scrollIntoView(label) {
    let rect = await this.rect(label);
    const { height } = this.page.viewportSize();
    for (let i = 0; i < 10 && (rect.y < 40 || rect.y + rect.h > height - 100); i += 1) {
      await this.page.mouse.move(rect.x + rect.w / 2, height / 2);
      await this.waitFrames(1);  // ImGui must see the pointer over the panel before the wheel turns
      await this.page.mouse.wheel(0, rect.y - height / 2);
      await this.waitFrames(3);
      rect = await this.rect(label);
    }
    return rect;
  }

  // ImGui 1.86 reads key state once per frame, so a press and release within one frame can be missed:
  // hold the key across frames, as a person's keystroke is.
  async pressKey(key) {
    await this.page.keyboard.down(key);
    await this.waitFrames(1);
    await this.page.keyboard.up(key);
    return this.waitFrames(1);
  }

  async click(label, { button = 'left' } = {}) {
    const rect = await this.scrollIntoView(label);
    // ImGui samples the mouse once per frame: move, press and release in separate frames.
    await this.page.mouse.move(rect.x + rect.w / 2, rect.y + rect.h / 2);
    await this.waitFrames(1);
    await this.page.mouse.down({ button });
    await this.waitFrames(1);
    await this.page.mouse.up({ button });
    return this.waitFrames(2);
  }

  // Opens a widget's context menu (ImGui opens it on the right button's release), then clicks one of
  // its items by label.
  async menu(label, item) {
    await this.click(label, { button: 'right' });
    await this.waitUntil((state) => state.widgets[item], `the menu of "${label}" shows "${item}"`);
    return this.click(item);
  }

  // Clicks a widget that makes the page download a file; returns the file's name and text.
  async download(label) {
    const [file] = await Promise.all([this.page.waitForEvent('download', { timeout: 15_000 }), this.click(label)]);
    const stream = await file.createReadStream();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }

  // Clicks a text field, replaces its contents with `text` and leaves it (Tab).
  async type(label, text) {
    await this.click(label);
    await this.page.keyboard.down('Control');
    await this.pressKey('a');
    await this.page.keyboard.up('Control');
    await this.page.keyboard.type(text);
    await this.waitFrames(2);
    return this.pressKey('Tab');
  }

  // Clicks a text field and replaces its contents with `text` the way a person pastes from their editor:
  // the system clipboard holds `text`, then select all and Ctrl+V (the browser's paste event carries the
  // text to the lab). Typing long text costs a frame per key; this costs a few frames.
  async paste(label, text) {
    await this.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await this.page.evaluate((value) => navigator.clipboard.writeText(value), text);
    await this.click(label);
    await this.page.keyboard.down('Control');
    await this.pressKey('a');
    await this.pressKey('v');
    await this.page.keyboard.up('Control');
    return this.waitFrames(2);
  }

  // Navigates by address (the lab follows hash changes, as on Back) and waits for the route.
  async go(hash) {
    await this.page.evaluate((value) => { window.location.hash = value; }, hash);
    return this.waitUntil((state) => state.route === hash, `the lab shows ${hash}`);
  }

  async screenshot(name) {
    await mkdir(artifactsDir, { recursive: true });
    const path = join(artifactsDir, name);
    // Park the pointer in an empty corner so no hover highlight or tooltip hides the picture.
    await this.page.mouse.move(viewport.width - 2, viewport.height - 2);
    await this.waitFrames(3);
    await this.page.screenshot({ path });
    return path;
  }

  async checkNoProblems({ allowLabErrors = false } = {}) {
    const { errors = [] } = await this.state();
    check(allowLabErrors || errors.length === 0, `the lab showed errors: ${errors.join(' | ')}`);
    check(this.problems.length === 0, this.problems.join('\n'));
  }
}

// The open lesson's task by id (from the hook), failing clearly when the step does not have it.
export function taskOf(state, id) {
  const task = state.lesson?.tasks?.find((entry) => entry.id === id);
  check(task, `the open step (${state.lesson?.step_id}) has no task "${id}"`);
  return task;
}
