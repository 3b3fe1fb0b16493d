/** Whether `root`'s dist/ is its current build (no file under harness/ is newer than its stamp). */
export function distIsCurrent(root: string): boolean;
