import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

/** One page of a list: its records, and where the next page starts (undefined: this was the last). */
export interface Page<Position> {
	items: IDataObject[];
	next: Position | undefined;
}

export interface PagingBounds {
	/** Return at most this many records (Limit); undefined for Return All. */
	max?: number;
	/** The most pages one list may take; then `onCap` decides. */
	maxPages: number;
	/** At the cap: stop with an error (default), or return what was read, marked `truncated`. */
	onCap?: 'error' | 'truncate';
	/** Who answered and what is listed, for the messages: "MeetGeek", "sentences". */
	provider: string;
	what: string;
	/** Builds the node error for a stop (the client's own error type and item index). */
	fail: (message: string, description: string) => Error;
}

export interface Pages {
	items: IDataObject[];
	pages: number;
	/** The cap was reached with `onCap: 'truncate'`: more pages were left. */
	truncated: boolean;
}

/**
 * Reads pages from `start` until the list ends, bounded whatever the API does: an empty page ends
 * the list (even with a fresh cursor), `max` records end it, and a repeated position or a page
 * identical to an earlier one (an API that ignores the page parameter) stops with an error rather
 * than looping or returning duplicates; `maxPages` caps the rest.
 */
export async function collectPages<Position>(
	start: Position,
	fetchPage: (position: Position, pageNumber: number) => Promise<Page<Position>>,
	bounds: PagingBounds,
): Promise<Pages> {
	const items: IDataObject[] = [];
	const positions = new Set<string>([JSON.stringify(start)]);
	const contents = new Map<string, number>();
	let position = start;
	for (let pages = 1; ; pages += 1) {
		const page = await fetchPage(position, pages);
		if (page.items.length === 0) return { items, pages, truncated: false };
		const fingerprint = fingerprintOf(page.items);
		const earlier = contents.get(fingerprint);
		if (earlier !== undefined)
			throw bounds.fail(
				`${bounds.provider} sent page ${pages} with the same ${bounds.what} as page ${earlier}`,
				`${stopped(bounds, pages - 1, items.length)} The API seems to ignore the page asked for, so reading on would only repeat it. ${whatToDo(bounds)}`,
			);
		contents.set(fingerprint, pages);
		items.push(...page.items);
		if (bounds.max !== undefined && items.length >= bounds.max)
			return { items: items.slice(0, bounds.max), pages, truncated: false };
		if (page.next === undefined) return { items, pages, truncated: false };
		const key = JSON.stringify(page.next);
		if (positions.has(key))
			throw bounds.fail(
				`${bounds.provider} pointed back to a page it had already sent (after page ${pages})`,
				`${stopped(bounds, pages, items.length)} Following it would loop. ${whatToDo(bounds)}`,
			);
		if (pages >= bounds.maxPages) {
			if (bounds.onCap === 'truncate') return { items, pages, truncated: true };
			throw bounds.fail(
				`${bounds.provider} had more ${bounds.what} after ${bounds.maxPages} pages: the node stops there`,
				`${stopped(bounds, pages, items.length)} The node reads at most ${bounds.maxPages} pages per item, so that a list that does not end cannot run on or use up the API's quota. ${whatToDo(bounds)}`,
			);
		}
		positions.add(key);
		position = page.next;
	}
}

/** A page's identity: its records' ids when every record has one, else its content. */
function fingerprintOf(items: IDataObject[]): string {
	const ids = items.every((item) => item.id !== undefined && item.id !== null)
		? items.map((item) => item.id)
		: items;
	return createHash('sha256').update(JSON.stringify(ids)).digest('hex');
}

function stopped(bounds: PagingBounds, pages: number, count: number): string {
	return `Stopped after ${pages} page${pages === 1 ? '' : 's'} (${count} ${bounds.what}); nothing was returned, so that a partial list cannot pass for the whole one.`;
}

function whatToDo(bounds: PagingBounds): string {
	return `Turn off Return All and set a Limit, or narrow the filters, to fetch fewer ${bounds.what}.`;
}
