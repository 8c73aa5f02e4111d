import { expect, test } from '../pages/fixtures.js';
import { ConsolePage } from '../pages/ConsolePage.js';
import { KubeconfigLinkPage, ProjectsPage } from '../pages/ProjectPages.js';

test('alice chooses how long her kubeconfig lives, up to the console’s maximum of 7 days', async ({
  page,
  fixtures,
}) => {
  const lifetimes = fixtures.name('lifetimes');
  fixtures.trackProject(lifetimes, [lifetimes]);
  fixtures.revokeKubeconfigsOf('alice');
  await ConsolePage.signIn(page, 'alice', '/c/dev/projects');
  const projects = new ProjectsPage(page);
  await projects.create(lifetimes, [lifetimes]);

  await page.goto(`/kubeconfig?cluster=dev&project=${lifetimes}`);
  const link = new KubeconfigLinkPage(page);
  await link.expectLoaded(lifetimes);
  const lifetime = page.getByRole('combobox', { name: 'Expires after' });
  // The default (8 hours) first; nothing beyond the server's maximum is offered.
  await expect(lifetime).toHaveValue(String(8 * 3600));
  await expect(lifetime.getByRole('option')).toHaveText([
    '1 hour',
    '8 hours',
    '1 day',
    '7 days (the most this console allows)',
  ]);
  await lifetime.selectOption({ label: '7 days (the most this console allows)' });
  await expect(page.getByText(/expires after 7 days/)).toBeVisible();
  const before = Date.now();
  await link.download(test.info().outputPath('alice-lifetimes.kubeconfig'));

  const mine = (await (await page.request.get('/api/kubeconfigs')).json()) as {
    kubeconfigs: Array<{ project: string; expiresAt: string }>;
  };
  const file = mine.kubeconfigs.find((k) => k.project === lifetimes);
  const lives = Date.parse(file!.expiresAt) - before;
  expect(lives).toBeGreaterThan(7 * 86_400_000 - 120_000);
  expect(lives).toBeLessThanOrEqual(7 * 86_400_000 + 60_000);
  await page.screenshot({
    path: test.info().outputPath('kubeconfig-lifetime.png'),
    fullPage: true,
  });
});
