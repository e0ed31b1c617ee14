// The display filter bar's history: filters applied, newest last, no repeats in a row; up/down
// walk it like a shell's, and coming back down past the newest restores what was being typed.

export class FilterHistory {
  private readonly entries: string[] = [];
  /** Position while browsing: entries.length = not browsing. */
  private at = 0;
  private draft = '';

  constructor(private readonly max = 50) {}

  get list(): readonly string[] {
    return this.entries;
  }

  /** Records an applied filter (empty filters are not kept). */
  push(text: string): void {
    const t = text.trim();
    if (t !== '') {
      const old = this.entries.indexOf(t);
      if (old >= 0) this.entries.splice(old, 1);
      this.entries.push(t);
      if (this.entries.length > this.max) this.entries.shift();
    }
    this.at = this.entries.length;
  }

  /** The older entry (Up), given what the bar holds now; null at the oldest. */
  older(current: string): string | null {
    if (this.at === this.entries.length) this.draft = current;
    if (this.at === 0) return null;
    this.at--;
    return this.entries[this.at];
  }

  /** The newer entry (Down); the draft after the newest; null when not browsing. */
  newer(): string | null {
    if (this.at >= this.entries.length) return null;
    this.at++;
    return this.at === this.entries.length ? this.draft : this.entries[this.at];
  }
}
