/**
 * Files of lines, streamed: a writer that batches lines into large writes, and a reader that
 * holds one read buffer and hands out one line at a time. Partition files are JSON lines, and
 * JSON text never holds a raw newline (`JSON.stringify` escapes it), so `\n` splits records.
 */
import { type FileHandle, open } from 'node:fs/promises';

// Large writes: a map task writes P files per chunk, and every write is a thread-pool round trip.
const FLUSH_AT = 1 << 20;

/** Appends lines to a new file; `close()` returns the bytes written. */
export class LineWriter {
  #handle: FileHandle;
  #parts: string[] = [];
  #pending = 0;
  #bytes = 0;
  /** Lines written so far. */
  lines = 0;

  private constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /** Creates `path` (it must not exist: `wx`), so two attempts never write into one file. */
  static async create(path: string): Promise<LineWriter> {
    return new LineWriter(await open(path, 'wx'));
  }

  /**
   * Adds one line (without its `\n`). Returns a promise only when the batch was large enough
   * to be written (await it then): most lines cost no microtask.
   */
  write(line: string): Promise<void> | undefined {
    this.#parts.push(line, '\n');
    this.#pending += line.length + 1;
    this.lines++;
    return this.#pending >= FLUSH_AT ? this.#flush() : undefined;
  }

  async #flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const buf = Buffer.from(this.#parts.join(''), 'utf8');
    this.#parts = [];
    this.#pending = 0;
    this.#bytes += buf.byteLength;
    let off = 0;
    while (off < buf.byteLength) {
      const { bytesWritten } = await this.#handle.write(buf, off, buf.byteLength - off);
      off += bytesWritten;
    }
  }

  /** Flushes and closes; the file's size in bytes. */
  async close(): Promise<number> {
    try {
      await this.#flush();
    } finally {
      await this.#handle.close();
    }
    return this.#bytes;
  }

  /** Closes without flushing (after a failure: the file is deleted by the caller). */
  async abandon(): Promise<void> {
    this.#parts = [];
    await this.#handle.close().catch(() => undefined);
  }
}

const READ_SIZE = 1 << 16;

/**
 * Reads a file line by line, holding one buffer (64 KiB unless asked: a merge holds one per
 * open file) and at most one partial line.
 */
export class LineReader {
  readonly path: string;
  #handle: FileHandle | undefined;
  #decoder = new TextDecoder('utf-8', { fatal: true });
  #buffer: Uint8Array;
  #text = '';
  #at = 0;
  #eof = false;
  /** The 1-based number of the last line returned. */
  line = 0;

  private constructor(path: string, handle: FileHandle, size: number) {
    this.path = path;
    this.#handle = handle;
    this.#buffer = new Uint8Array(size);
  }

  /** Opens `path`; `size` is the read buffer's (a file read alone can take a large one). */
  static async open(path: string, size = READ_SIZE): Promise<LineReader> {
    return new LineReader(path, await open(path, 'r'), size);
  }

  /**
   * The next line (without `\n`), or undefined at the end of the file — directly when it is
   * in the buffer, as a promise when the file must be read.
   */
  next(): string | undefined | Promise<string | undefined> {
    const nl = this.#text.indexOf('\n', this.#at);
    if (nl >= 0) {
      const line = this.#text.slice(this.#at, nl);
      this.#at = nl + 1;
      this.line++;
      return line;
    }
    return this.#nextSlow();
  }

  /**
   * Every complete line now in the buffer (reading the file when there is none), or undefined
   * at the end of the file: callers that parse lines parse a whole batch at once.
   */
  async nextLines(): Promise<string[] | undefined> {
    for (;;) {
      const last = this.#text.lastIndexOf('\n');
      if (last >= this.#at) {
        const lines = this.#text.slice(this.#at, last).split('\n');
        this.#at = last + 1;
        this.line += lines.length;
        return lines;
      }
      if (this.#eof) {
        const line = await this.#nextSlow();
        return line === undefined ? undefined : [line];
      }
      await this.#fill();
    }
  }

  async #nextSlow(): Promise<string | undefined> {
    for (;;) {
      const nl = this.#text.indexOf('\n', this.#at);
      if (nl >= 0) {
        const line = this.#text.slice(this.#at, nl);
        this.#at = nl + 1;
        this.line++;
        return line;
      }
      if (this.#eof) {
        const rest = this.#text.slice(this.#at);
        this.#text = '';
        this.#at = 0;
        if (rest === '') return undefined;
        this.line++;
        return rest; // a last line without its newline
      }
      await this.#fill();
    }
  }

  async #fill(): Promise<void> {
    const handle = this.#handle;
    if (handle === undefined) {
      this.#eof = true;
      return;
    }
    const { bytesRead } = await handle.read(this.#buffer, 0, this.#buffer.byteLength, null);
    const rest = this.#text.slice(this.#at);
    this.#at = 0;
    if (bytesRead === 0) {
      this.#text = rest + this.#decoder.decode();
      this.#eof = true;
      await this.close();
      return;
    }
    this.#text = rest + this.#decoder.decode(this.#buffer.subarray(0, bytesRead), { stream: true });
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }
}
