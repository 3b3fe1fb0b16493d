// Durations as people and reports read them, written one way everywhere (reports, logs of
// image builds and boots, the bench).

/** `ms` in seconds with `digits` decimals and no unit: "1.500" (JUnit's time attribute). */
export const inSeconds = (ms: number, digits: number): string => (ms / 1000).toFixed(digits);

/** `ms` in seconds with a unit: "65.4 s" (2 decimals unless told). */
export const seconds = (ms: number, digits = 2): string => `${inSeconds(ms, digits)} s`;

/** A duration people read: "1.50 s", or "450 ms" under a second. */
export const duration = (ms: number): string => (ms >= 1000 ? seconds(ms) : `${Math.round(ms)} ms`);
