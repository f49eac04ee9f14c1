// The plot widget and the domain views, driven like a learner would: in the playground the Activity plot
// of a ping_echo run shows its series, the hover readout names the time and every shown series' value,
// a click on the plot moves the run back to that time (the cursor and the timeline follow), a legend
// click hides a series, and Download CSV / Download SVG hand out what is shown. A Raft run offers its own
// views (the log table, the terms plot) beside the generic ones.
import { check } from './lab_page.mjs';

function viewOf(state, id) {
  const view = state.sim.views.find((entry) => entry.id === id);
  check(view, `the simulator should show view "${id}" (shows ${state.sim.views.map((entry) => entry.id).join(', ')})`);
  return view;
}

export const plotTests = [
  {
    name: 'the activity plot reads out on hover, seeks on click, hides a series and downloads CSV and SVG',
    start: '#/playground',
    async run(lab) {
      await lab.waitFrames(2);
      await lab.type('Ticks', '300');
      await lab.click('Run ticks');
      const opened = await lab.click('Tab Activity');
      const plot = viewOf(opened, 'activity').plot;
      check(plot.error === '' && plot.series.length === 4, `the activity plot should have 4 series: ${JSON.stringify(plot)}`);
      check(plot.series[0].name === 'sent' && plot.series[0].points > 10, `"sent" should have a point per bucket: ${JSON.stringify(plot.series[0])}`);
      check(plot.to_tick === opened.tick, `the plot should cover the whole run (to tick ${opened.tick}), covers to ${plot.to_tick}`);

      const area = await lab.rect('Plot activity');
      await lab.page.mouse.move(area.x + area.w / 2, area.y + area.h / 2);
      const hovered = await lab.waitUntil((state) => viewOf(state, 'activity').plot.readout !== '', 'the plot shows a hover readout');
      const readout = viewOf(hovered, 'activity').plot.readout;
      check(/^t=\d+: sent \d+, delivered \d+, dropped \d+, in flight \(at bucket end\) \d+/.test(readout), `the readout should name the time and each series: "${readout}"`);
      const hoveredTick = Number(readout.match(/^t=(\d+)/)[1]);
      check(Math.abs(hoveredTick - opened.tick / 2) <= opened.tick / 10, `the middle of the plot should read about t=${opened.tick / 2}, reads t=${hoveredTick}`);

      const headStep = opened.position;
      await lab.page.mouse.move(area.x + area.w / 4, area.y + area.h / 2);
      await lab.waitFrames(1);
      await lab.page.mouse.down();
      await lab.waitFrames(1);
      await lab.page.mouse.up();
      const sought = await lab.waitUntil((state) => state.position < headStep, 'a click on the plot moves the run back');
      check(sought.tick <= opened.tick / 4 + 3 && sought.tick >= opened.tick / 4 - opened.tick / 10,
        `a click a quarter of the way along should show about tick ${opened.tick / 4}, shows ${sought.tick}`);
      check(sought.head === opened.head, 'seeking from the plot should not change the run (same head)');

      const hidden = await lab.click('Plot legend activity 0');
      check(viewOf(hidden, 'activity').plot.series[0].hidden, 'a click on the legend should hide "sent"');
      const csv = await lab.download('Plot CSV activity');
      check(csv.name === 'coordlab-activity-ping_echo-seed-1.csv', `the CSV should name the run: ${csv.name}`);
      const lines = csv.text.trim().split('\n');
      check(lines[0] === 'series,tick,value', `the CSV should start with its header: ${lines[0]}`);
      check(lines.length > 10 && lines.slice(1).every((line) => /^[^,]+,\d+,-?\d+$/.test(line) || line.startsWith('"')), 'every CSV row should be series,tick,value');
      check(!lines.some((line) => line.startsWith('sent,')), 'the hidden series should not be in the CSV');
      check(lines.some((line) => line.startsWith('delivered,')), 'the shown series should be in the CSV');
      const svg = await lab.download('Plot SVG activity');
      check(svg.text.startsWith('<svg') && svg.text.includes('Messages over time') && svg.text.includes('sent (hidden)'), 'the SVG should be the plot as shown');
      await lab.screenshot('plot-activity.png');
    },
  },
  {
    name: 'a Raft run offers its own views: the log table and the terms plot',
    start: '#/playground',
    async run(lab) {
      await lab.waitFrames(2);
      await lab.click('Scenario');
      await lab.waitUntil((state) => state.widgets['Scenario raft'], 'the scenario list shows raft');
      await lab.click('Scenario raft');
      await lab.waitUntil((state) => state.scenario === 'raft', 'the raft scenario is loaded');
      await lab.type('Ticks', '600');
      await lab.click('Run ticks');
      const logs = await lab.click('Tab Logs');
      check(logs.sim.views.some((view) => view.id === 'raft.terms'), 'the Raft run should offer the terms plot');
      const terms = await lab.click('Tab Terms');
      const plot = viewOf(terms, 'raft.terms').plot;
      check(plot.series.length === 5 && plot.markers >= 1, `the terms plot should have a series per node and a leader marker: ${JSON.stringify(plot)}`);
      await lab.screenshot('plot-raft-terms.png');
    },
  },
];
