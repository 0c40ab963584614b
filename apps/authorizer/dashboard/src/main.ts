import './style.css';
import { AuthorizationList } from './authorization-list';
import { DailyTotals } from './daily-totals';
import { DetailDrawer } from './detail-drawer';
import { byId } from './dom';
import { ExceptionsQueue } from './exceptions-queue';
import { LiveCharts } from './live-charts';
import { OpsApi, OpsApiError } from './ops-api';
import type { Stats } from './types';

const REFRESH_MS = 2_000;
const KEY = 'bridge-ops-key';

/** Sign in with an ops API key (kept for this browser tab only), then refresh every view live. */
async function signIn(key: string): Promise<void> {
  const api = new OpsApi(key);
  const stats = await api.get<Stats>('/ops/stats', { minutes: 60 }); // 401 here: the key is not accepted
  sessionStorage.setItem(KEY, key);
  byId('login').hidden = true;
  byId('app').hidden = false;
  const live = byId('live');
  const failed = (e: Error) => {
    live.textContent = `not live: ${e.message}`;
    live.className = 'live stale';
    if (e instanceof OpsApiError && e.status === 401) signOut();
  };
  const charts = new LiveCharts();
  const drawer = new DetailDrawer(api);
  const list = new AuthorizationList(api, (id) => void drawer.open(id).catch(failed), failed);
  const totals = new DailyTotals(api);
  const exceptions = new ExceptionsQueue(api, () => void refresh());
  byId('download-csv').addEventListener('click', () => void downloadCsv(api, list).catch(failed));
  const refresh = async () => {
    const [s] = await Promise.all([api.get<Stats>('/ops/stats', { minutes: 60 }), list.refresh(), exceptions.refresh(), totals.refresh()]);
    charts.show(s);
    live.textContent = `live · ${new Date().toLocaleTimeString()}`;
    live.className = 'live';
  };
  charts.show(stats);
  await refresh();
  setInterval(() => void refresh().catch(failed), REFRESH_MS);
}

async function downloadCsv(api: OpsApi, list: AuthorizationList): Promise<void> {
  const blob = await api.csv(list.query);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `authorizations-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function signOut(): void {
  sessionStorage.removeItem(KEY);
  location.reload();
}

byId('sign-out').addEventListener('click', signOut);
byId<HTMLFormElement>('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const error = byId('login-error');
  error.textContent = '';
  signIn(byId<HTMLInputElement>('api-key').value.trim()).catch((err: Error) => {
    error.textContent = err instanceof OpsApiError && err.status === 401 ? 'Key not accepted.' : `Could not sign in: ${err.message}`;
  });
});
const saved = sessionStorage.getItem(KEY);
if (saved) void signIn(saved).catch(() => sessionStorage.removeItem(KEY));
