// One line per figure, the format scripts and issues rely on: `name: value unit`.
export function report(name: string, value: number, unit: string): void {
  const shown = Math.abs(value) >= 100 ? Math.round(value).toString() : value.toFixed(2);
  console.log(`${name}: ${shown} ${unit}`);
}

/** Heap in use after a full collection (node --expose-gc), in bytes. */
export function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}
