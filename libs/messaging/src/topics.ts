/** A topic's name on the wire: test runs and shared clusters isolate themselves with a prefix. */
export function physicalTopic(prefix: string, topic: string): string {
  return `${prefix}${topic}`;
}
