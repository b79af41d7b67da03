// Text from a file (cell values, header names, file names) is printed only through here: a
// control character in it could otherwise move the cursor, erase a line or recolour the screen.

/**
 * The text with every C0/C1 control character (tab, newline and ESC included), DEL and every
 * bidirectional override/isolate shown as U+FFFD, so nothing in it can rewrite what a terminal shows.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '\ufffd');
}
