/** Verbs that start the advice in a refusal message ("Check …", "Set …", "Send …"). */
const ADVICE = /\b(check|set|send|deactivate|open|raise)\b/i;

/**
 * Holds the editor's line about a refused test delivery to what a person needs: the code, what
 * was wrong and what to do, the advice said once (the message carries it; the hint adds none).
 */
export function expectAdviceOnce(hint: string, code: string): void {
	expect(hint).toContain(` ${code}: `);
	expect(hint).toMatch(ADVICE);
	expect(hint.match(/\bcheck\b/gi)?.length ?? 0).toBeLessThanOrEqual(1);
}
