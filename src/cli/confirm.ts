import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';

/**
 * Asks a yes/no question on a terminal; only `y` or `yes` is a yes. Ctrl-C at the prompt (which the
 * terminal's raw mode delivers to readline, not as a signal) answers `interrupted`.
 */
export async function confirm(
  question: string,
  input: Readable,
  output: Writable,
): Promise<'yes' | 'no' | 'interrupted'> {
  const rl = createInterface({ input, output });
  const controller = new AbortController();
  let interrupted = false;
  rl.on('SIGINT', () => {
    interrupted = true;
    controller.abort();
  });
  try {
    const answer = await rl.question(`${question} [y/N] `, { signal: controller.signal });
    return /^(y|yes)$/i.test(answer.trim()) ? 'yes' : 'no';
  } catch {
    return interrupted ? 'interrupted' : 'no';
  } finally {
    rl.close();
  }
}
