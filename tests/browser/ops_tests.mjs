// Operations: the autoscaler lesson completed through the UI. The course's scaler runs first; the
// learner switches to the HPA and pastes a tuned autoscaling/v2 spec in the step's settings, the run
// restarts, the Replicas plot changes and the task turns green.
import { check, taskOf } from './lab_page.mjs';

const tunedHpa = JSON.stringify({
  spec: {
    minReplicas: 2, maxReplicas: 30,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
    behavior: {
      scaleUp: { policies: [{ type: 'Percent', value: 100, periodSeconds: 60 }, { type: 'Pods', value: 4, periodSeconds: 60 }] },
      scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] },
    },
  },
});

function replicasPlot(state) {
  const view = state.sim.views.find((entry) => entry.id === 'ops.replicas');
  check(view, `the step should show the Replicas plot (shows ${state.sim.views.map((entry) => entry.id).join(', ')})`);
  return view.plot;
}

export const opsTests = [
  {
    name: 'ops: the autoscaler lesson: the HPA replaces the course\'s scaler, the replicas plot changes and the task passes',
    async run(lab) {
      await lab.go('#/implementer/tune-the-autoscaler/two-hours');
      await lab.type('Ticks', '7300');
      await lab.click('Run ticks');
      const course = await lab.waitUntil((state) => replicasPlot(state).series.length === 2 && state.tick >= 7200, 'the course scaler\'s run reaches two hours');
      check(!taskOf(course, 'tune-hpa').passed, 'the course\'s scaler should not pass');
      const before = JSON.stringify(replicasPlot(course).series);
      await lab.type('param:autoscaler', 'hpa');
      await lab.type('param:hpa', tunedHpa);
      await lab.click('Apply settings');
      await lab.type('Ticks', '7300');
      await lab.click('Run ticks');
      const tuned = await lab.waitUntil((state) => taskOf(state, 'tune-hpa').passed, 'the tuned HPA passes the task');
      check(JSON.stringify(replicasPlot(tuned).series) !== before, 'the replicas plot should change with the HPA');
      await lab.screenshot('ops-autoscaler.png');
    },
  },
];
