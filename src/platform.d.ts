// The few host-provided globals that the DOM-free layers may use. Both Node and browsers have
// them; declaring them here keeps `dom` and Node typings out of the core's compilation.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare function queueMicrotask(callback: () => void): void;
