// A failure while the Electron main process starts (here: the app:// protocol cannot be
// registered) is shown in an error box and the app quits, instead of running with no window.
import { expect, it, vi } from 'vitest';

const fake = await vi.hoisted(async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const appPath = mkdtempSync(join(tmpdir(), 'nw-main-fail-'));
  process.env.NETWRIGHT_USER_DATA = join(appPath, 'user-data');
  const { createFakeElectron } = await import('./fakes/fakeElectron.ts');
  const electron = createFakeElectron(appPath);
  electron.module.protocol.handle = () => {
    throw new Error('protocol app is already handled');
  };
  let quits = 0;
  electron.module.app.quit = () => void quits++;
  return { ...electron, quits: () => quits };
});
vi.mock('electron', () => fake.module);

it('shows the startup error and quits', async () => {
  const { FakeBrowserWindow } = await import('./fakes/fakeElectron.ts');
  await import('../../electron/main.ts');
  await fake.makeReady();
  await vi.waitFor(() => expect(fake.state.errorBoxes).toHaveLength(1));
  expect(fake.state.errorBoxes[0]![0]).toBe('Netwright could not start');
  expect(fake.state.errorBoxes[0]![1]).toContain('protocol app is already handled');
  expect(fake.quits()).toBe(1);
  expect(FakeBrowserWindow.created).toHaveLength(0);
});
