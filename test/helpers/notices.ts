import type { INodeTypeDescription } from 'n8n-workflow';

/**
 * Holds a node's notices to what n8n's own nodes show: at most two short sentences, plus a link to
 * the docs (the editor renders notices as HTML, so a link is the only markup), and nothing that
 * needs this repository or a command line.
 */
export function expectPlainNotices(description: INodeTypeDescription): void {
	const notices = description.properties.filter((property) => property.type === 'notice');
	expect(notices.length).toBeGreaterThan(0);
	for (const { displayName } of notices) {
		const text = displayName.replace(/<a href="https:[^"]+" target="_blank">([^<]*)<\/a>/g, '$1');
		expect(text).not.toMatch(/[<>]/);
		expect(text).not.toMatch(/npm |repository/);
		const withoutLinks = displayName.replace(/<a [^>]*>[^<]*<\/a>/g, '');
		const sentences = withoutLinks.split(/[.!?](?:\s|$)/).filter((sentence) => sentence.trim());
		expect(sentences.length).toBeLessThanOrEqual(2);
	}
}
