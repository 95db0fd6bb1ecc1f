// `modulus supervisord`: placeholder until the supervisor core lands in this same change.
export async function main(_argv: string[]): Promise<number> {
  return 0;
}
