/** Where this package's documentation lives; the docs test checks every page and anchor linked. */
const DOCS_URL = 'https://github.com/meeting-webhooks/n8n-nodes-meeting-webhooks/blob/main/docs';

/**
 * A link for a notice (n8n renders notices as HTML): `page` is a file under docs/, `anchor` one of
 * its headings. Call it with string literals only, so the docs test can find and check the link.
 */
export function docsLink(page: string, anchor: string, text: string): string {
	return `<a href="${DOCS_URL}/${page}#${anchor}" target="_blank">${text}</a>`;
}
