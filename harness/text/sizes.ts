// Memory sizes as people write them in scenario files ("512MiB", "2G") and as reports say them
// ("1 GiB"), in powers of 1024 as Docker's and the kernel's tools read them.

const UNIT: Record<string, number> = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** Bytes of "512MiB", "512M", "1.5GiB", "2g"; undefined when malformed or without a unit. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt])(?:i?b)?\s*$/i.exec(text);
  return m ? Math.round(Number(m[1]) * UNIT[m[2]!.toLowerCase()]!) : undefined;
}

/** Why `value` is not a size, in words for the scenario's author. */
export function sizeProblem(value: string | number): string {
  return `not a memory size: "${value}" (write 512MiB, 2GiB: K, M, G, T are powers of 1024)`;
}

/** "1 GiB", "512 MiB", "1.5 GiB": bytes as a report says them. */
export function sizeText(bytes: number): string {
  const [unit, size] = (['TiB', 'GiB', 'MiB', 'KiB'] as const).map((u, i) => [u, 2 ** (40 - 10 * i)] as const).find(([, s]) => bytes >= s) ?? ['bytes', 1];
  return `${Number((bytes / size).toFixed(2))} ${unit}`;
}
