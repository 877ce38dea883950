/**
 * Characters no ZoneLedger text may hold: U+0000 (PostgreSQL cannot store it), the other C0
 * controls except tab, LF and CR, DEL, and UTF-16 surrogates that are not part of a pair (they
 * cannot be encoded as UTF-8, so PostgreSQL refuses them).
 */
const FORBIDDEN_ANYWHERE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What single-line text (names, ids, reasons) may not hold on top of that: tab, LF and CR. */
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/;

/** Why `text` is unacceptable anywhere, or undefined when it is fine. */
export function forbiddenCharacterIn(text: string): string | undefined {
  const match = FORBIDDEN_ANYWHERE.exec(text);
  if (match === null) return undefined;
  const code = match[0].charCodeAt(0);
  const name = code >= 0xd800 && code <= 0xdfff ? 'an unpaired surrogate' : 'a control character';
  return `holds ${name} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at index ${match.index}`;
}

/** Why `text` is unacceptable on one line, or undefined when it is fine. */
export function forbiddenInLine(text: string): string | undefined {
  return (
    forbiddenCharacterIn(text) ?? (LINE_BREAKS.test(text) ? 'holds a line break or tab' : undefined)
  );
}

/**
 * `text` cut to at most `chars` characters, ending with "…" when cut, never splitting a
 * surrogate pair: for answers and records that quote what a caller sent.
 */
export function truncatedText(text: string, chars: number): string {
  if (text.length <= chars) return text;
  const cut = text.slice(0, chars - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}
