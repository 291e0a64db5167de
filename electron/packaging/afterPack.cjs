// electron-builder's afterPack hook (electron-builder.yml): flips Electron's fuses in the packed
// binary before it is signed. Off: running as plain Node (ELECTRON_RUN_AS_NODE), NODE_OPTIONS,
// --inspect; on: cookie encryption, asar integrity validation, loading the app only from app.asar;
// and file:// loses its extra privileges (the UI is served from app://). CommonJS: electron-builder
// requires hooks as they are. Tested with a stand-in @electron/fuses (test/reliability/packaging.test.ts).
'use strict';
const path = require('node:path');

/** The fuse settings, keyed by the FuseV1Options enum of @electron/fuses. */
function netwrightFuses(FuseV1Options) {
  return {
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** electron-builder's Arch enum value for arm64 (builder-util: ia32 0, x64 1, armv7l 2, arm64 3, universal 4). */
const ARCH_ARM64 = 3;

/** The packed Electron binary, named as electron-builder names it. */
function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

/** The hook, given the @electron/fuses module (a stand-in in tests). */
function createAfterPack(fuses) {
  return async function afterPack(context) {
    const binary = electronBinaryPath(context);
    await fuses.flipFuses(binary, {
      version: fuses.FuseVersion.V1,
      // Flipping bits breaks the ad-hoc signature of arm64 macOS binaries; re-sign ad hoc (real signing follows).
      resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === ARCH_ARM64,
      ...netwrightFuses(fuses.FuseV1Options),
    });
  };
}

let hook = null;
/** The hook electron-builder calls (it picks the export named after the hook). */
async function afterPack(context) {
  hook ??= createAfterPack(require('@electron/fuses'));
  return hook(context);
}

module.exports = { afterPack, createAfterPack, netwrightFuses, electronBinaryPath };
