// Closing: clean windows close at once; dirty ones ask the UI; a crashed renderer cannot answer,
// so its window closes (the recovery journal keeps the work).
import { describe, expect, it } from 'vitest';
import { attachCloseGuard } from '../../electron/closeGuard.ts';
import { FakeBrowserWindow } from './fakes/fakeElectron.ts';

describe('close guard', () => {
  it('lets a clean window close without asking', () => {
    const win = new FakeBrowserWindow({});
    attachCloseGuard(win, 'ev');
    expect(win.close()).toBe(true);
    expect(win.webContents.sent).toEqual([]);
  });

  it('holds a dirty window, asks the UI, and closes once confirmed', () => {
    const win = new FakeBrowserWindow({});
    const guard = attachCloseGuard(win, 'ev');
    guard.setDirty(true);
    expect(win.close()).toBe(false);
    expect(win.close()).toBe(false);
    expect(win.webContents.sent).toEqual([
      ['ev', { type: 'close-requested' }],
      ['ev', { type: 'close-requested' }],
    ]);
    guard.confirmClose();
    expect(win.isDestroyed()).toBe(true);
  });

  it('a window made clean again closes without asking', () => {
    const win = new FakeBrowserWindow({});
    const guard = attachCloseGuard(win, 'ev');
    guard.setDirty(true);
    guard.setDirty(false);
    expect(win.close()).toBe(true);
  });

  it('closes a dirty window whose renderer crashed', () => {
    const win = new FakeBrowserWindow({});
    const guard = attachCloseGuard(win, 'ev');
    guard.setDirty(true);
    win.webContents.crashed = true;
    expect(win.close()).toBe(true);
  });
});
