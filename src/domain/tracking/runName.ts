/** Random run names in MLflow's shape: `<adjective>-<noun>-<0..999>`, at most 20 characters. */
const ADJECTIVES = [
  'able', 'bold', 'brave', 'bright', 'calm', 'clever', 'crisp', 'eager', 'fair', 'fast', 'fond', 'glad',
  'keen', 'kind', 'lucky', 'merry', 'neat', 'proud', 'quick', 'quiet', 'rare', 'sharp', 'shy', 'smart',
  'swift', 'tidy', 'warm', 'wise', 'witty', 'young',
] as const;
const NOUNS = [
  'ant', 'bass', 'bat', 'bee', 'cat', 'colt', 'crab', 'crow', 'deer', 'dove', 'duck', 'eel', 'elk', 'fox',
  'frog', 'goat', 'hare', 'hawk', 'ibis', 'jay', 'kite', 'lark', 'lynx', 'mink', 'mole', 'moth', 'newt',
  'owl', 'seal', 'slug', 'swan', 'toad', 'wolf', 'wren', 'yak',
] as const;

export function randomRunName(random: () => number = Math.random): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${Math.floor(random() * 1000)}`;
}
