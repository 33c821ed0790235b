import type { InfoResponse } from '../../src/serve/schemas/types.ts';
import { api } from './api.ts';
import { errorBox, h, mount } from './dom.ts';
import { dashboardPage } from './pages/dashboard.ts';
import { itemPage } from './pages/item.ts';
import { onboardingPage } from './pages/onboarding.ts';
import { explainPage, userPage } from './pages/user.ts';

const root = document.getElementById('app')!;

/** Renders the page named by the URL hash: `#/`, `#/user/ID`, `#/user/ID/explain/ITEM`, `#/item/ID`, `#/models`. */
async function route(info: InfoResponse): Promise<void> {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-nav]'))
    a.classList.toggle(
      'active',
      a.dataset['nav'] === (parts[0] === 'models' ? 'models' : parts[0] ? '' : 'onboard'),
    );
  window.scrollTo(0, 0);
  if (parts[0] === 'user' && parts[1] && parts[2] === 'explain' && parts[3])
    return explainPage(root, parts[1], parts[3]);
  if (parts[0] === 'user' && parts[1]) return userPage(root, info, parts[1]);
  if (parts[0] === 'item' && parts[1]) return itemPage(root, info, parts[1]);
  if (parts[0] === 'models') return dashboardPage(root);
  onboardingPage(root, info);
}

async function start(): Promise<void> {
  try {
    const info = await api.info();
    // Made-up data and similar conditions are said on every page, not only in the console.
    if (info.notice)
      document
        .querySelector('header.top')!
        .after(h('div', { class: 'banner', role: 'status', 'data-testid': 'notice' }, info.notice));
    document.getElementById('goto-user')!.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const id = new FormData(ev.target as HTMLFormElement).get('user');
      if (typeof id === 'string' && id.trim()) location.hash = `#/user/${encodeURIComponent(id.trim())}`;
    });
    window.addEventListener('hashchange', () => void route(info));
    await route(info);
  } catch (err) {
    mount(root, errorBox(err));
  }
}

void start();
