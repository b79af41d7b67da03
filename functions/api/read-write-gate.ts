// Reads of the lake wait while a write runs, and a write waits for the reads in flight. A write
// replaces table files (an alert partition, a month's results); the local engine reads a Parquet
// file in more than one step, so a read that overlaps a replacement can fail (seen as a 500 when an
// acknowledge and a withdraw of one alert were sent at once). Writes themselves run one at a time
// (the app's queue), so at most one write waits here.
export class ReadWriteGate {
  private reads = 0;
  private write: Promise<void> | null = null;
  private drained: (() => void) | null = null;

  async reading<T>(read: () => Promise<T>): Promise<T> {
    while (this.write) await this.write;
    this.reads += 1;
    try {
      return await read();
    } finally {
      this.reads -= 1;
      if (this.reads === 0) this.drained?.();
    }
  }

  async writing<T>(write: () => Promise<T>): Promise<T> {
    let release!: () => void;
    this.write = new Promise((resolve) => {
      release = resolve;
    });
    try {
      if (this.reads > 0)
        await new Promise<void>((resolve) => {
          this.drained = resolve;
        });
      this.drained = null;
      return await write();
    } finally {
      this.write = null;
      release();
    }
  }
}
