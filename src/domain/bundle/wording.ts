/** Counts in the bundle's messages: "1 logged model", "2,000 keys". */
export function counted(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
