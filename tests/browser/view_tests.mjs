// The simulator views driven like a learner would, in the playground (ping_echo: four nodes pinging each
// other): the topology's right-click menus crash and restart a node and deliver or drop a message in
// flight; the sequence diagram shows arrows and its node filter and search narrow them; the trace
// exports as JSON (a real download holding the run's scenario, seed, hash and every event), copies as
// text, and the diagram downloads as SVG; screenshots of the diagram in both themes.
import { check } from './lab_page.mjs';

function messagesInFlight(state) {
  return Object.keys(state.widgets).filter((label) => /^Message \d+$/.test(label)).map((label) => label.slice('Message '.length));
}

// Messages whose dot overlaps no node and no other message: one just sent sits on its sender, and a ping
// and its echo can meet mid-link; where widgets overlap, the one drawn first takes the click.
function clickableMessages(state) {
  const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  const others = (label) => Object.entries(state.widgets)
    .filter(([other]) => other !== label && (other.startsWith('Node ') || /^Message \d+$/.test(other))).map(([, rect]) => rect);
  return messagesInFlight(state).filter((id) => !others(`Message ${id}`).some((rect) => overlap(rect, state.widgets[`Message ${id}`])));
}

// Steps until at least `count` messages are in flight away from the nodes (ping_echo pings every 10 ticks).
async function stepUntilInFlight(lab, count) {
  let state = await lab.state();
  for (let i = 0; i < 60 && clickableMessages(state).length < count; i += 1) state = await lab.click('Step');
  check(clickableMessages(state).length >= count, `after stepping ${count} messages should be in flight between nodes, ${state.sim.in_flight} are in flight`);
  return state;
}

function nodeNamed(state, name) {
  const node = state.nodes?.find((entry) => entry.name === name);
  check(node, `the hook should report node ${name} (has ${JSON.stringify(state.nodes)})`);
  return node;
}

// Runs `ticks` ticks with the quick controls, then opens a view's tab.
async function runThenOpen(lab, ticks, tab) {
  await lab.type('Ticks', String(ticks));
  await lab.click('Run ticks');
  return lab.click(tab);
}

export const viewTests = [
  {
    name: 'the topology\'s right-click menus crash and restart a node and deliver or drop a message',
    start: '#/playground',
    async run(lab) {
      await lab.waitFrames(2);
      await stepUntilInFlight(lab, 2);
      const crashed = await lab.menu('Node n1', 'Crash n1');
      check(!nodeNamed(crashed, 'n1').up, 'Crash in the node menu should take n1 down');
      const restarted = await lab.menu('Node n1', 'Restart n1');
      check(nodeNamed(restarted, 'n1').up, 'Restart in the node menu should bring n1 back up');

      const before = await stepUntilInFlight(lab, 2);
      const [delivered, dropped] = clickableMessages(before);
      const afterDeliver = await lab.menu(`Message ${delivered}`, `Deliver message ${delivered}`);
      check(!messagesInFlight(afterDeliver).includes(delivered), `message ${delivered} should have left the network after Deliver now`);
      check(afterDeliver.event_count > before.event_count, 'delivering a message should add events to the trace');
      const afterDrop = await lab.menu(`Message ${dropped}`, `Drop message ${dropped}`);
      check(!messagesInFlight(afterDrop).includes(dropped), `message ${dropped} should be gone after Drop`);
      check(afterDrop.errors.length === 0, `the menus should work without errors: ${afterDrop.errors.join(' | ')}`);
    },
  },
  {
    name: 'the sequence diagram shows arrows; the node filter and the search narrow them',
    start: '#/playground',
    async run(lab) {
      await runThenOpen(lab, 60, 'Tab Sequence');
      const all = await lab.waitUntil((state) => state.sim.sequence_arrows > 0, 'the sequence diagram has arrows');
      await lab.screenshot('sequence-dark.png');
      await lab.click('Nodes...');
      const filtered = await lab.click('Show node n0');
      check(filtered.sim.sequence_arrows > 0 && filtered.sim.sequence_arrows < all.sim.sequence_arrows,
        `hiding n0 should drop its arrows (${all.sim.sequence_arrows} -> ${filtered.sim.sequence_arrows})`);
      const restored = await lab.click('Show node n0');
      check(restored.sim.sequence_arrows === all.sim.sequence_arrows, `showing n0 again should restore every arrow (${restored.sim.sequence_arrows})`);
      await lab.click('Readout');  // a click outside the filter popup closes it
      await lab.type('Sequence search', 'Echo');
      const searched = await lab.waitFrames(2);
      check(searched.sim.sequence_arrows > 0 && searched.sim.sequence_arrows < all.sim.sequence_arrows,
        `searching "Echo" should keep only the echoes (${all.sim.sequence_arrows} -> ${searched.sim.sequence_arrows})`);
      await lab.click('Theme');
      await lab.screenshot('sequence-light.png');
    },
  },
  {
    name: 'the trace exports as JSON, copies as text, and the sequence diagram downloads as SVG',
    start: '#/playground',
    async run(lab) {
      await runThenOpen(lab, 80, 'Tab Sequence');
      const svg = await lab.download('Download SVG');
      check(svg.name === 'coordlab-sequence-ping_echo-seed-1.svg', `the SVG file name should name the run, is ${svg.name}`);
      check(svg.text.includes('<svg') && svg.text.includes('</svg>') && svg.text.includes('Ping'), 'the download should be an SVG diagram with Ping arrows');

      await lab.click('Tab Trace');
      const state = await lab.state();
      const json = await lab.download('Export trace JSON');
      check(json.name === 'coordlab-trace-ping_echo-seed-1.json', `the JSON file name should name the run, is ${json.name}`);
      const trace = JSON.parse(json.text);
      check(trace.format === 'coordlab.trace/1' && trace.scenario === 'ping_echo' && trace.seed === 1, 'the export should name its format, scenario and seed');
      check(trace.hash === state.hash, `the export's hash ${trace.hash} should be the run's ${state.hash}`);
      check(trace.events.length === state.event_count && trace.event_count === state.event_count, `the export should hold all ${state.event_count} events`);
      check(Array.isArray(trace.commands) && trace.commands.length > 0, 'the export should hold the command log that reproduces the run');

      const origin = new URL(lab.page.url()).origin;
      await lab.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      const copied = await lab.click('Copy trace');
      check(copied.status.startsWith('Copied the trace as text'), `Copy trace should say what it copied: ${copied.status}`);
      const text = await lab.page.evaluate(() => navigator.clipboard.readText());
      check(text.startsWith(`# coordlab trace: scenario ping_echo, seed 1, ${state.event_count} events, hash ${state.hash}`),
        `the clipboard should hold the readable trace, starts with "${text.slice(0, 80)}"`);
      check(text.trim().split('\n').length === state.event_count + 1, 'the copied text should have one line per event after the header');
    },
  },
];
