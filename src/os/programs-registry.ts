// Program name -> code. Executable files name their program with a marker (process/executable.ts);
// the simulation registers every command, shell and daemon here, so the OS itself imports none.
import type { Program } from './program.ts';

export class ProgramRegistry {
  private readonly programs = new Map<string, Program>();

  /** Registers (or replaces) the program that executables marked `name` run. */
  register(name: string, program: Program): this {
    this.programs.set(name, program);
    return this;
  }

  get(name: string): Program | undefined {
    return this.programs.get(name);
  }

  has(name: string): boolean {
    return this.programs.has(name);
  }

  /** Registered names in registration order. */
  names(): string[] {
    return [...this.programs.keys()];
  }
}
