import { forbiddenInLine } from './text-content';

/**
 * Why the request target (path and query) cannot be read, or undefined when it can: a percent
 * escape that is not UTF-8 (`%ED%A0%80`, `%FF`), or a decoded character no text may hold
 * (`%00`, line breaks, other controls). Checked before routing, so no parameter carries them further.
 */
export function unreadableRequestTarget(url: string): string | undefined {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : url.slice(queryStart + 1);
  const parts = [
    ...path.split('/').map((segment) => ({ where: 'the path', text: segment })),
    ...query
      .split('&')
      .flatMap((pair) => pair.split('='))
      .map((text) => ({ where: 'the query', text: text.replace(/\+/g, ' ') })),
  ];
  for (const { where, text } of parts) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(text);
    } catch {
      return `${where} holds a percent escape that is not UTF-8`;
    }
    const problem = forbiddenInLine(decoded);
    if (problem) return `${where} ${problem.replace(/ at index \d+$/, '')}`;
  }
  return undefined;
}
