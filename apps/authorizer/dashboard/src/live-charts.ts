import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { byId } from './dom';
import type { Stats } from './types';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

/** Counters and the two per-minute charts (Chart.js), refreshed from /ops/stats. */
export class LiveCharts {
  private readonly answers = new Chart<'bar', number[], string>(byId<HTMLCanvasElement>('chart-answers'), {
    type: 'bar',
    data: {
      labels: [],
      datasets: [
        { label: 'approved', data: [], backgroundColor: '#2e7d32', stack: 'answers' },
        { label: 'declined', data: [], backgroundColor: '#c62828', stack: 'answers' },
      ],
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
  });

  private readonly latency = new Chart<'line', (number | null)[], string>(byId<HTMLCanvasElement>('chart-latency'), {
    type: 'line',
    data: {
      labels: [],
      datasets: [
        { label: 'p50', data: [], borderColor: '#1565c0', spanGaps: true },
        { label: 'p95', data: [], borderColor: '#ef6c00', spanGaps: true },
      ],
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
  });

  show(s: Stats): void {
    const answered = s.approved + s.declined;
    byId('c-approved').textContent = String(s.approved);
    byId('c-declined').textContent = String(s.declined);
    byId('c-rate').textContent = answered ? `${Math.round((100 * s.approved) / answered)} %` : '–';
    byId('c-p95').textContent = s.p95Ms === null ? '–' : `${s.p95Ms} ms`;
    byId('c-exceptions').textContent = String(s.openExceptions);
    byId('c-pending').textContent = String(s.pendingPayments);
    const labels = s.series.map((p) => p.minute.slice(11, 16));
    this.answers.data.labels = labels;
    this.answers.data.datasets[0].data = s.series.map((p) => p.approved);
    this.answers.data.datasets[1].data = s.series.map((p) => p.declined);
    this.answers.update();
    this.latency.data.labels = labels;
    this.latency.data.datasets[0].data = s.series.map((p) => p.p50Ms);
    this.latency.data.datasets[1].data = s.series.map((p) => p.p95Ms);
    this.latency.update();
  }
}
