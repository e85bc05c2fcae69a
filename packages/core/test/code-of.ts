/** The canonical code a promise fails with, or undefined when it succeeds. */
export async function codeOf(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: number }).code;
  }
  return undefined;
}
