// Replaced at build time with the version in package.json (tsup's `define`).
declare const __CONVERSATIONS_SDK_VERSION__: string;

/** The package version this CLI was built from. */
export const VERSION: string =
  typeof __CONVERSATIONS_SDK_VERSION__ === 'string' ? __CONVERSATIONS_SDK_VERSION__ : '0.0.0-source';
