/**
 * A pause in long work on this thread, so that what waits on it goes on: above all Chromium's
 * launch, whose every step needs an answer from this side, while the build reads the manuscript.
 */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
