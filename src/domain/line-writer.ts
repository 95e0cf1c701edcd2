// Text written line by line into one buffer (issue 13: the summary of a 10,000-event
// incident). Lines collected in an array and joined at the end are all alive until the
// join: under the small heap's 1 MB young generation (src/bin/small-heap.mjs) every
// collection during the render copied them, and most were copied again into the old
// generation, for a join that then threw them away. Encoded into a buffer outside the
// JavaScript heap as each is made, a line is garbage at once. TextEncoder and TextDecoder
// are the platform's, so the domain stays free of Node.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class LineWriter {
  #bytes = new Uint8Array(16 * 1024);
  #length = 0;
  #lines = 0;

  /** Appends `text` as the next line (lines are separated by `\n`, none after the last). */
  line(text: string): void {
    // UTF-8 takes at most 3 bytes for one UTF-16 unit; one more for the separator.
    this.#reserve(text.length * 3 + 1);
    if (this.#lines++ > 0) this.#bytes[this.#length++] = 0x0a;
    this.#length += encoder.encodeInto(text, this.#bytes.subarray(this.#length)).written;
  }

  /** Appends each of `texts` as a line; returns how many there were. */
  lines(texts: Iterable<string>): number {
    let count = 0;
    for (const text of texts) {
      this.line(text);
      count++;
    }
    return count;
  }

  toString(): string {
    return decoder.decode(this.#bytes.subarray(0, this.#length));
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#bytes.length) return;
    let size = this.#bytes.length * 2;
    while (size < this.#length + bytes) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }
}
