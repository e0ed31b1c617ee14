// Shell variables with their attributes (export, readonly) and the dynamic scopes of `local`:
// a function's locals shadow the caller's values until it returns, as bash does.

export interface Variable {
  value: string | undefined;
  exported: boolean;
  readonly: boolean;
}

export class Variables {
  private readonly vars: Map<string, Variable>;
  /** One frame per running function: the values `local` saved, restored at return. */
  private readonly frames: Map<string, Variable | undefined>[] = [];

  constructor(from?: Variables) {
    this.vars = new Map();
    if (from) for (const [k, v] of from.vars) this.vars.set(k, { ...v });
  }

  /** The environment a shell starts with: every variable exported. */
  static fromEnv(env: ReadonlyMap<string, string>): Variables {
    const v = new Variables();
    for (const [k, value] of env) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) v.vars.set(k, { value, exported: true, readonly: false });
    }
    return v;
  }

  get(name: string): string | undefined {
    return this.vars.get(name)?.value;
  }

  attrs(name: string): Variable | undefined {
    return this.vars.get(name);
  }

  /** Assigns; false when the variable is readonly. */
  set(name: string, value: string, opts: { export?: boolean } = {}): boolean {
    const v = this.vars.get(name);
    if (v) {
      if (v.readonly) return false;
      v.value = value;
      if (opts.export) v.exported = true;
      return true;
    }
    this.vars.set(name, { value, exported: opts.export ?? false, readonly: false });
    return true;
  }

  /** false for a readonly variable. */
  unset(name: string): boolean {
    const v = this.vars.get(name);
    if (!v) return true;
    if (v.readonly) return false;
    // Inside a function a local keeps its slot (bash: unset local stays local).
    this.vars.delete(name);
    return true;
  }

  setExported(name: string, on: boolean): void {
    const v = this.vars.get(name);
    if (v) v.exported = on;
    else if (on) this.vars.set(name, { value: undefined, exported: true, readonly: false });
  }

  setReadonly(name: string): void {
    const v = this.vars.get(name);
    if (v) v.readonly = true;
    else this.vars.set(name, { value: undefined, exported: false, readonly: true });
  }

  names(): string[] {
    return [...this.vars.keys()].sort();
  }

  /** Exported variables that have a value: the environment of a child process. */
  environment(): Map<string, string> {
    const env = new Map<string, string>();
    for (const [k, v] of this.vars) if (v.exported && v.value !== undefined) env.set(k, v.value);
    return env;
  }

  pushFrame(): void {
    this.frames.push(new Map());
  }

  popFrame(): void {
    const frame = this.frames.pop();
    if (!frame) return;
    for (const [name, saved] of frame) {
      if (saved === undefined) this.vars.delete(name);
      else this.vars.set(name, saved);
    }
  }

  get inFunction(): boolean {
    return this.frames.length > 0;
  }

  /** `local name`: save the caller's value in the current frame (once). */
  makeLocal(name: string): void {
    const frame = this.frames[this.frames.length - 1];
    if (!frame || frame.has(name)) return;
    const v = this.vars.get(name);
    frame.set(name, v ? { ...v } : undefined);
    // A local starts unset but inherits the export attribute only if declared so.
    this.vars.set(name, { value: undefined, exported: v?.exported ?? false, readonly: false });
  }
}
